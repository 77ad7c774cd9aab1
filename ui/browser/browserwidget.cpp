// BrowserWidget: filter widgets feed a SampleFilter; selection changes announce the sample.
#include "browser/browserwidget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace mel::ui {

BrowserWidget::BrowserWidget(QWidget* parent)
    : QWidget(parent)
    , m_model(new SampleTableModel(this))
    , m_view(new QTableView(this))
    , m_dataset(new QComboBox(this))
    , m_split(new QComboBox(this))
    , m_state(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_count(new QLabel(this))
{
    m_dataset->setObjectName("datasetFilter");
    m_split->setObjectName("splitFilter");
    m_state->setObjectName("stateFilter");
    m_search->setObjectName("textFilter");
    m_search->setPlaceholderText(tr("Search text…"));
    m_search->setClearButtonEnabled(true);
    const std::pair<QString, core::LabelStateFilter> states[] = {
        {tr("All label states"), core::LabelStateFilter::Any},
        {tr("Unlabeled"), core::LabelStateFilter::Unlabeled},
        {tr("Linked"), core::LabelStateFilter::Linked},
        {tr("NIL"), core::LabelStateFilter::Nil},
        {tr("Ambiguous"), core::LabelStateFilter::Ambiguous},
        {tr("Changed by a human"), core::LabelStateFilter::HumanChanged},
        {tr("Model disagrees with label"), core::LabelStateFilter::ModelDisagrees},
        {tr("Model uncertain (top-2 margin < 0.05)"), core::LabelStateFilter::Uncertain},
    };
    for (const auto& [text, state] : states)
        m_state->addItem(text, static_cast<int>(state));

    m_view->setObjectName("sampleTable");
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->setDefaultSectionSize(22);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->setColumnWidth(SampleTableModel::DatasetColumn, 100);
    m_view->setColumnWidth(SampleTableModel::IdColumn, 70);
    m_view->setColumnWidth(SampleTableModel::SplitColumn, 50);
    m_view->setColumnWidth(SampleTableModel::StateColumn, 150);
    m_view->setColumnWidth(SampleTableModel::ImageColumn, 50);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_dataset, 2);
    filters->addWidget(m_split, 1);
    filters->addWidget(m_state, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_count);
    layout->addLayout(searchRow);
    layout->addWidget(m_view, 1);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(200);
    connect(&m_searchDelay, &QTimer::timeout, this, &BrowserWidget::applyFilter);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &BrowserWidget::applyFilter);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, [this] {
        if (m_refilling)
            return;
        refillChoices(false);
        applyFilter();
    });
    connect(m_split, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_refilling)
            applyFilter();
    });
    connect(m_state, &QComboBox::currentIndexChanged, this, [this] {
        m_labelValue.clear();
        applyFilter();
    });
    // "Samples linked to this entity" leaves the state box on "All label states": choosing that entry again (no
    // index change) is how the annotator drops the entity filter.
    connect(m_state, &QComboBox::activated, this, [this] {
        if (m_labelValue.isEmpty())
            return;
        m_labelValue.clear();
        applyFilter();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    Q_EMIT sampleSelected(m_model->sampleIdAt(current.row()));
            });
    connect(m_model, &SampleTableModel::loaded, this, &BrowserWidget::onLoaded);
    connect(m_model, &SampleTableModel::loadFailed, this,
            [this](const QString& error) { m_count->setText(tr("Filter failed: %1").arg(error)); });
}

void BrowserWidget::setStore(core::Store* store)
{
    m_store = store;
    m_labelValue.clear();  // a QID of the previous project's KB
    refillChoices(true);
    m_model->setStore(store);
    applyFilter();
}

void BrowserWidget::refillChoices(bool datasets)
{
    m_refilling = true;
    const QVariant dataset = m_dataset->currentData();
    const QString split = m_split->currentText();
    if (datasets) {
        m_dataset->clear();
        m_dataset->addItem(tr("All datasets"), QVariant::fromValue<qlonglong>(0));
        if (m_store)
            for (const auto& d : m_store->datasets())
                m_dataset->addItem(QString::fromStdString(d.name), QVariant::fromValue<qlonglong>(d.id));
        const int i = m_dataset->findData(dataset);
        m_dataset->setCurrentIndex(i < 0 ? 0 : i);
    }
    m_split->clear();
    m_split->addItem(tr("All splits"));
    if (m_store)
        for (const auto& s : core::splitNames(*m_store, m_dataset->currentData().toLongLong()))
            m_split->addItem(s.empty() ? tr("(no split)") : QString::fromStdString(s), QString::fromStdString(s));
    const int j = m_split->findText(split);
    m_split->setCurrentIndex(j < 0 ? 0 : j);
    m_refilling = false;
}

void BrowserWidget::applyFilter()
{
    const core::RowId keep = currentSampleId();
    core::SampleFilter f;
    f.datasetId = m_dataset->currentData().toLongLong();
    if (m_split->currentIndex() > 0)
        f.split = m_split->currentData().toString().toStdString();
    f.state = static_cast<core::LabelStateFilter>(m_state->currentData().toInt());
    f.text = m_search->text().trimmed().toStdString();
    f.labelValue = m_labelValue.toStdString();
    if ((f.state == core::LabelStateFilter::ModelDisagrees || f.state == core::LabelStateFilter::Uncertain) &&
        m_store) {
        // The newest finished run of the chosen dataset (or of any dataset when all are shown).
        std::string dataset = currentDatasetName();
        std::optional<core::ModelRun> run;
        if (!dataset.empty())
            run = core::latestRun(*m_store, dataset);
        else
            for (const auto& d : m_store->datasets())
                if (auto r = core::latestRun(*m_store, d.name); r && (!run || r->id > run->id))
                    run = r;
        f.runId = run ? run->id : -1;
    }
    m_keepSample = keep;
    m_model->setFilter(f);  // the rows arrive with SampleTableModel::loaded
}

void BrowserWidget::onLoaded()
{
    m_count->setText(m_labelValue.isEmpty()
                         ? tr("%n sample(s)", nullptr, m_model->rowCount())
                         : tr("%n sample(s) linked to %1", nullptr, m_model->rowCount()).arg(m_labelValue));
    // Keep the sample the user was on when it still matches; otherwise start at the top.
    if (!(m_keepSample && selectSample(m_keepSample)) && m_model->rowCount() > 0)
        selectRow(0);
    m_keepSample = 0;
    Q_EMIT loaded();
}

core::RowId BrowserWidget::currentSampleId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->sampleIdAt(current.row()) : 0;
}

std::string BrowserWidget::currentDatasetName() const
{
    return m_dataset->currentIndex() > 0 ? m_dataset->currentText().toStdString() : std::string();
}

bool BrowserWidget::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return false;
    const QModelIndex index = m_model->index(row, SampleTableModel::TextColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

bool BrowserWidget::selectSample(core::RowId sampleId)
{
    return selectRow(m_model->rowOfSample(sampleId));
}

bool BrowserWidget::step(int delta)
{
    const QModelIndex current = m_view->currentIndex();
    return selectRow(current.isValid() ? current.row() + delta : 0);
}

void BrowserWidget::showSamplesLinkedTo(const QString& qid)
{
    m_state->blockSignals(true);
    m_state->setCurrentIndex(0);
    m_state->blockSignals(false);
    m_labelValue = qid;
    applyFilter();
}

void BrowserWidget::reload()
{
    refillChoices(true);
    applyFilter();
}

} // namespace mel::ui
