// ExplainPanel: charts rebuilt per ranking; the attention map choice drives the matrix and the image overlay.
#include "explain/explainpanel.h"
#include "style/themecolors.h"

#include <algorithm>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGuiApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSplitter>
#include <QValueAxis>
#include <QVBoxLayout>

#include "explain/attentionmatrixview.h"
#include "explain/heatmap.h"

namespace mel::ui {

namespace {

constexpr int kUnitCandidates = 8;  // candidates shown in the unit score chart

QChartView* makeChartView(const QString& title, QWidget* parent)
{
    auto* chart = new QChart;
    // Qt Charts paints its own background: follow the system light/dark palette.
    chart->setTheme(isDarkPalette(parent ? parent->palette() : QGuiApplication::palette()) ? QChart::ChartThemeDark
                                                                                            : QChart::ChartThemeLight);
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    return view;
}

void resetChart(QChart* chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis), delete axis;
}

} // namespace

ExplainPanel::ExplainPanel(QWidget* parent)
    : QWidget(parent)
    , m_gates(makeChartView(tr("Gate weights"), this))
    , m_units(makeChartView(tr("Per-unit scores (top candidates)"), this))
    , m_maps(new QComboBox(this))
    , m_opacity(new QSlider(Qt::Horizontal, this))
    , m_overlay(new QCheckBox(tr("Overlay on image"), this))
    , m_matrix(new AttentionMatrixView(this))
    , m_notes(new QLabel(this))
{
    setObjectName("explainPanel");
    m_gates->setObjectName("gateChart");
    m_units->setObjectName("unitChart");
    m_maps->setObjectName("attentionMaps");
    m_opacity->setObjectName("heatmapOpacity");
    m_opacity->setRange(0, 100);
    m_opacity->setValue(50);
    m_overlay->setChecked(true);
    m_notes->setWordWrap(true);
    m_notes->setStyleSheet(QStringLiteral("color: %1;").arg(cssColor(mutedTextColor(palette()))));

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Attention (layer/head):"), this));
    controls->addWidget(m_maps, 1);
    controls->addWidget(m_overlay);
    controls->addWidget(new QLabel(tr("Opacity"), this));
    controls->addWidget(m_opacity);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(controls);
    rightLayout->addWidget(m_matrix, 1);
    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_gates);
    charts->addWidget(m_units);
    charts->addWidget(right);
    charts->setStretchFactor(1, 2);
    charts->setStretchFactor(2, 2);
    charts->setSizes({260, 480, 520});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(charts, 1);
    layout->addWidget(m_notes);

    connect(m_maps, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_tokenRow = -1;
        showMap(i);
    });
    connect(m_overlay, &QCheckBox::toggled, this, [this] { showMap(m_maps->currentIndex()); });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) { Q_EMIT heatmapOpacityChanged(v / 100.0); });
    connect(m_matrix, &AttentionMatrixView::rowClicked, this, [this](int row) {
        // Clicking a token row shows that token's attention alone; clicking it again goes back to the average.
        m_tokenRow = m_tokenRow == row ? -1 : row;
        showMap(m_maps->currentIndex());
    });
    setRanking({});
}

void ExplainPanel::setRanking(const Ranking& ranking)
{
    const core::Explanation& ex = ranking.explanation;

    QChart* gates = m_gates->chart();
    resetChart(gates);
    if (!ex.gates.empty()) {
        auto* set = new QBarSet(tr("weight"));
        QStringList names;
        for (const auto& [name, value] : ex.gates) {
            names << QString::fromStdString(name);
            *set << value;
        }
        auto* series = new QBarSeries;
        series->append(set);
        gates->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(names);
        auto* y = new QValueAxis;
        y->setRange(0, 1);
        gates->addAxis(x, Qt::AlignBottom);
        gates->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
        gates->setTitle(tr("Gate weights"));
        m_gates->setToolTip({});
    } else {
        gates->setTitle(tr("Gate weights (none)"));
        m_gates->setToolTip(tr("%1 has no modality gates").arg(ranking.linker.isEmpty() ? tr("This linker") : ranking.linker));
    }

    QChart* units = m_units->chart();
    resetChart(units);
    if (!ex.unitScores.empty() && !ranking.candidates.empty()) {
        const int n = std::min<int>(kUnitCandidates, static_cast<int>(ranking.candidates.size()));
        auto* series = new QBarSeries;
        double lo = 0, hi = 0;
        for (const auto& [unit, scores] : ex.unitScores) {
            auto* set = new QBarSet(QString::fromStdString(unit));
            for (int i = 0; i < n; ++i) {
                const double v = i < static_cast<int>(scores.size()) ? scores[static_cast<std::size_t>(i)] : 0.0;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                *set << v;
            }
            series->append(set);
        }
        QStringList names;
        for (int i = 0; i < n; ++i)
            names << QStringLiteral("%1 %2").arg(i + 1).arg(
                         QString::fromStdString(ranking.candidates[static_cast<std::size_t>(i)].entity.name).left(12));
        units->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(names);
        auto* y = new QValueAxis;
        y->setRange(lo, hi > lo ? hi : lo + 1);
        units->addAxis(x, Qt::AlignBottom);
        units->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
        units->setTitle(tr("Per-unit scores (top %1 candidates)").arg(n));
    } else {
        units->setTitle(tr("Per-unit scores (none)"));
    }

    m_attention = ex.attention;
    m_maps->blockSignals(true);
    m_maps->clear();
    for (const auto& map : m_attention)
        m_maps->addItem(QStringLiteral("%1 · L%2%3%4")
                            .arg(QString::fromStdString(map.name))
                            .arg(map.layer)
                            .arg(map.head >= 0 ? QStringLiteral(" H%1").arg(map.head) : QStringLiteral(" (mean)"))
                            .arg(overlaysSampleImage(map) ? QStringLiteral(" ▦") : QString()));
    m_maps->setEnabled(!m_attention.empty());
    m_maps->blockSignals(false);
    m_tokenRow = -1;
    showMap(m_attention.empty() ? -1 : 0);

    QStringList notes;
    for (const auto& note : ex.notes)
        notes << QString::fromStdString(note);
    m_notes->setText(notes.join(QStringLiteral(" · ")));
}

void ExplainPanel::showMap(int index)
{
    if (index < 0 || index >= static_cast<int>(m_attention.size())) {
        m_matrix->clearMap();
        Q_EMIT heatmapChanged({}, 0, 0);
        return;
    }
    const auto& map = m_attention[static_cast<std::size_t>(index)];
    m_matrix->setMap(map);
    if (m_overlay->isChecked() && overlaysSampleImage(map))
        Q_EMIT heatmapChanged(patchHeat(map, m_tokenRow), map.gridRows, map.gridCols);
    else
        Q_EMIT heatmapChanged({}, 0, 0);
}

int ExplainPanel::gateBarCount() const
{
    int count = 0;
    for (auto* series : m_gates->chart()->series())
        if (auto* bars = qobject_cast<QBarSeries*>(series))
            for (auto* set : bars->barSets())
                count += set->count();
    return count;
}

int ExplainPanel::unitSeriesCount() const
{
    int count = 0;
    for (auto* series : m_units->chart()->series())
        if (auto* bars = qobject_cast<QBarSeries*>(series))
            count += bars->count();
    return count;
}

void ExplainPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    m_notes->setStyleSheet(QStringLiteral("color: %1;").arg(cssColor(mutedTextColor(palette()))));
    const auto theme = isDarkPalette(palette()) ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    for (QChartView* view : findChildren<QChartView*>())
        if (view->chart()->theme() != theme)
            view->chart()->setTheme(theme);
}

} // namespace mel::ui
