// ModelRunsDialog: model_run rows with the metrics their JSON holds (a link run's own, a training run's best dev).
#include "training/runsdialog.h"

#include <algorithm>

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QStringList>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mel::ui {

namespace {

QJsonObject parse(const std::string& json) { return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object(); }

QString statusName(const std::string& status)
{
    if (status == "done" || status == "trained")
        return ModelRunsDialog::tr("finished");
    if (status == "running" || status == "training")
        return ModelRunsDialog::tr("running");
    if (status == "cancelled")
        return ModelRunsDialog::tr("cancelled");
    if (status == "failed")
        return ModelRunsDialog::tr("failed");
    if (status == "interrupted")
        return ModelRunsDialog::tr("interrupted");
    return QString::fromStdString(status);
}

QString figure(const QJsonObject& metrics, const char* key)
{
    const QJsonValue value = metrics.value(QLatin1String(key));
    return value.isDouble() ? QString::number(value.toDouble(), 'f', 3) : QString();
}

QString valueText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return {};
}

// The run's configuration as "key: value" lines, in the JSON's own key names (top_k, device, epochs, ...).
QString configText(const QJsonObject& config)
{
    QStringList lines;
    for (auto it = config.begin(); it != config.end(); ++it)
        lines << it.key() + QStringLiteral(": ") + valueText(it.value());
    return lines.join(QLatin1Char('\n'));
}

// Stored as UTC ISO 8601; shown in the machine's time zone, to the second.
QString localTime(const std::string& iso)
{
    const QDateTime when = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    return when.isValid() ? when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                          : QString::fromStdString(iso);
}

} // namespace

ModelRunsDialog::ModelRunsDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("modelRunsDialog"));
    setWindowTitle(tr("Model runs"));
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("Run"), tr("Job"), tr("Linker"), tr("Dataset"), tr("Split"), tr("Status"),
                                        tr("Started"), tr("Hits@1"), tr("MRR"), tr("Recall@K"), tr("Mentions"),
                                        tr("Checkpoint")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(false);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_delete = buttons->addButton(tr("&Delete selected runs…"), QDialogButtonBox::DestructiveRole);
    m_delete->setToolTip(tr("Delete the selected runs and their stored predictions (checkpoint files stay on disk)"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const auto runs = selectedRuns();
        if (!runs.empty())
            Q_EMIT deleteRequested(runs);
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ModelRunsDialog::updateButtons);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    resize(980, 420);
    updateButtons();
}

void ModelRunsDialog::reload(core::Store* store)
{
    m_table->setRowCount(0);
    const auto runs = store ? store->runs() : std::vector<core::ModelRun>{};
    for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
        const QJsonObject config = parse(it->configJson);
        const QJsonObject metrics = parse(it->metricsJson);
        const bool training = config.value(QStringLiteral("job")).toString() == QStringLiteral("train");
        // A training run's figures are its best epoch's on dev, counted as a link run counts them (a gold entity
        // outside the KB is a miss) where the run recorded that; a link run's are its own.
        const QString best = metrics.contains(QStringLiteral("best_dev_as_eval")) ? QStringLiteral("best_dev_as_eval")
                                                                                 : QStringLiteral("best_dev");
        const QJsonObject figures = training ? metrics.value(best).toObject() : metrics;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto set = [&](int column, const QString& text) { m_table->setItem(row, column, new QTableWidgetItem(text)); };
        set(Run, QString::number(it->id));
        m_table->item(row, Run)->setData(Qt::UserRole, static_cast<qlonglong>(it->id));
        set(Job, training ? tr("training") : tr("linking"));
        set(Linker, QString::fromStdString(it->linker).toUpper());
        m_table->item(row, Linker)->setToolTip(configText(config));  // top K, device, ... as the run kept them
        set(Dataset, QString::fromStdString(it->datasetName));
        set(Split, it->split.empty() ? tr("all") : QString::fromStdString(it->split));
        set(Status, statusName(it->status));
        set(Started, localTime(it->startedAt));
        m_table->item(row, Started)->setToolTip(QString::fromStdString(it->startedAt));
        set(Hits1, figure(figures, "hits@1"));
        set(Mrr, figure(figures, "mrr"));
        set(RecallAtK, figure(figures, "recall@k"));
        if (const int k = figures.value(QStringLiteral("k")).toInt(); k > 0)
            m_table->item(row, RecallAtK)->setToolTip(QStringLiteral("Recall@%1").arg(k));
        const QJsonValue n = figures.value(QStringLiteral("n"));
        set(Mentions, n.isDouble() ? QString::number(n.toInt()) : QString());
        const QString checkpoint = QString::fromStdString(it->checkpointPath);
        set(Checkpoint, checkpoint.isEmpty() ? QString() : QFileInfo(checkpoint).fileName());
        m_table->item(row, Checkpoint)->setToolTip(checkpoint);
        const QString error = metrics.value(QStringLiteral("error")).toString();
        if (!error.isEmpty())
            m_table->item(row, Status)->setToolTip(error);
        for (int column : {Hits1, Mrr, RecallAtK, Mentions})
            m_table->item(row, column)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    m_table->resizeColumnsToContents();
    m_summary->setText(runs.empty() ? tr("No runs yet. Model > Link all stores one; so does every training.")
                                    : tr("%n run(s), newest first. Training runs show their best epoch on dev.", "",
                                         static_cast<int>(runs.size())));
    updateButtons();
}

std::vector<core::RowId> ModelRunsDialog::selectedRuns() const
{
    std::vector<core::RowId> out;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows(Run))
        out.push_back(index.data(Qt::UserRole).toLongLong());
    std::sort(out.begin(), out.end());
    return out;
}

void ModelRunsDialog::setDeleteAllowed(bool allowed)
{
    m_deleteAllowed = allowed;
    updateButtons();
}

void ModelRunsDialog::updateButtons()
{
    m_delete->setEnabled(m_deleteAllowed && m_table->selectionModel()->hasSelection());
}

} // namespace mel::ui
