// SampleTableModel: id list from filterSampleIds, rows from sampleRows one page at a time.
#include "browser/sampletablemodel.h"
#include "style/themecolors.h"

#include <filesystem>

#include <QColor>
#include <QGuiApplication>
#include <QFutureWatcher>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>

namespace mel::ui {

QString labelStateSummary(const core::SampleRow& row)
{
    QStringList parts;
    if (row.linked)
        parts << QObject::tr("%1 linked").arg(row.linked);
    if (row.nil)
        parts << QObject::tr("%1 NIL").arg(row.nil);
    if (row.ambiguous)
        parts << QObject::tr("%1 ambiguous").arg(row.ambiguous);
    if (row.unlabeled)
        parts << QObject::tr("%1 unlabeled").arg(row.unlabeled);
    if (row.human)
        parts << QObject::tr("%1 by hand").arg(row.human);
    if (row.mentions == 0)
        parts << QObject::tr("no mentions");
    return parts.join(QStringLiteral(" · "));
}

struct SampleTableModel::FilterConnection
{
    std::filesystem::path file;
    std::unique_ptr<core::Store> store;  // opened lazily on the pool thread
};

SampleTableModel::SampleTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_pool.setMaxThreadCount(1);
}

SampleTableModel::~SampleTableModel() { m_pool.waitForDone(); }

void SampleTableModel::setStore(core::Store* store)
{
    m_store = store;
    m_connection.reset();
    if (store) {
        m_connection = std::make_shared<FilterConnection>();
        m_connection->file = store->path();
    }
    setIds({});
    reload();
}

void SampleTableModel::setFilter(const core::SampleFilter& filter)
{
    m_filter = filter;
    reload();
}

void SampleTableModel::reload()
{
    const quint64 serial = ++m_serial;
    if (!m_connection) {
        m_loading = false;
        setIds({});
        Q_EMIT loaded();
        return;
    }
    m_loading = true;
    using Result = std::pair<std::vector<core::RowId>, QString>;  // ids, or an error message
    auto work = [connection = m_connection, filter = m_filter]() -> Result {
        try {
            if (!connection->store)
                connection->store = std::make_unique<core::Store>(connection->file);
            return {core::filterSampleIds(*connection->store, filter), {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromStdString(e.what())};
        }
    };
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        if (serial != m_serial)
            return;  // a newer filter is on its way
        m_loading = false;
        Result result = watcher->result();
        setIds(std::move(result.first));
        if (!result.second.isEmpty())
            Q_EMIT loadFailed(result.second);
        Q_EMIT loaded();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, std::move(work)));
}

void SampleTableModel::setIds(std::vector<core::RowId> ids)
{
    beginResetModel();
    m_ids = std::move(ids);
    m_rowOf.clear();
    m_pages.clear();
    m_pageOrder.clear();
    endResetModel();
}

void SampleTableModel::refreshRows()
{
    m_pages.clear();
    m_pageOrder.clear();
    if (!m_ids.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

core::RowId SampleTableModel::sampleIdAt(int row) const
{
    return row >= 0 && row < static_cast<int>(m_ids.size()) ? m_ids[static_cast<std::size_t>(row)] : 0;
}

int SampleTableModel::rowOfSample(core::RowId sampleId) const
{
    if (m_rowOf.empty() && !m_ids.empty()) {
        m_rowOf.reserve(m_ids.size());
        for (std::size_t i = 0; i < m_ids.size(); ++i)
            m_rowOf.emplace(m_ids[i], static_cast<int>(i));
    }
    const auto it = m_rowOf.find(sampleId);
    return it == m_rowOf.end() ? -1 : it->second;
}

int SampleTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_ids.size());
}

int SampleTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const core::SampleRow* SampleTableModel::rowAt(int row) const
{
    if (!m_store || row < 0 || row >= static_cast<int>(m_ids.size()))
        return nullptr;
    const int page = row / kPageSize;
    auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        const std::size_t begin = static_cast<std::size_t>(page) * kPageSize;
        const std::size_t count = std::min<std::size_t>(kPageSize, m_ids.size() - begin);
        auto rows = core::sampleRows(*m_store, std::span<const core::RowId>(m_ids.data() + begin, count));
        ++m_pagesFetched;
        it = m_pages.emplace(page, std::move(rows)).first;
        m_pageOrder.push_front(page);
        while (static_cast<int>(m_pageOrder.size()) > kMaxPages) {
            m_pages.erase(m_pageOrder.back());
            m_pageOrder.pop_back();
        }
    } else if (m_pageOrder.front() != page) {
        m_pageOrder.remove(page);
        m_pageOrder.push_front(page);
    }
    const std::size_t offset = static_cast<std::size_t>(row % kPageSize);
    const core::RowId id = m_ids[static_cast<std::size_t>(row)];
    const auto& rows = it->second;
    if (offset < rows.size() && rows[offset].id == id)
        return &rows[offset];
    // A sample deleted since the filter ran shortens its page: find the row by id.
    for (const auto& r : rows)
        if (r.id == id)
            return &r;
    return nullptr;
}

QVariant SampleTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (role == SampleIdRole)
        return QVariant::fromValue<qlonglong>(sampleIdAt(index.row()));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::ForegroundRole)
        return {};
    const core::SampleRow* row = rowAt(index.row());
    if (!row)
        return {};
    if (role == Qt::ForegroundRole) {
        if (index.column() != StateColumn)
            return {};
        // Orange / blue readable on the theme's background: lighter tints on a dark theme.
        const bool dark = isDarkPalette(QGuiApplication::palette());
        if (row->unlabeled)
            return dark ? QColor(0xff, 0xb0, 0x50) : QColor(0xb0, 0x60, 0x00);
        if (row->human)
            return dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1a, 0x73, 0xe8);
        return {};
    }
    switch (index.column()) {
    case DatasetColumn:
        return QString::fromStdString(row->dataset);
    case IdColumn:
        return QString::fromStdString(row->sourceId);
    case SplitColumn:
        return QString::fromStdString(row->split);
    case StateColumn:
        return labelStateSummary(*row);
    case ImageColumn:
        return row->hasImage ? tr("image") : QString();
    case TextColumn:
        return QString::fromStdString(row->preview);
    }
    return {};
}

QVariant SampleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case DatasetColumn:
        return tr("Dataset");
    case IdColumn:
        return tr("Id");
    case SplitColumn:
        return tr("Split");
    case StateColumn:
        return tr("Labels");
    case ImageColumn:
        return tr("Image");
    case TextColumn:
        return tr("Text");
    }
    return {};
}

} // namespace mel::ui
