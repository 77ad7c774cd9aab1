// TrainingCurves: two small charts fed point by point; axes grow with the data.
#include "training/trainingcurves.h"

#include <algorithm>

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include "style/themecolors.h"

namespace mel::ui {

namespace {

constexpr double kSmoothing = 0.9;  // exponential moving average of the batch loss

QChart::ChartTheme themeFor(const QWidget* widget)
{
    return isDarkPalette(widget->palette()) ? QChart::ChartThemeDark : QChart::ChartThemeLight;
}

QChartView* makeView(QWidget* parent, const QString& title)
{
    auto* chart = new QChart;
    chart->setTheme(themeFor(parent));
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(260, 180);
    return view;
}

QValueAxis* addAxis(QChart* chart, Qt::Alignment side, const QString& title, const QString& format)
{
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(format);
    chart->addAxis(axis, side);
    return axis;
}

QLineSeries* addSeries(QChart* chart, const QString& name, QValueAxis* x, QValueAxis* y, bool points)
{
    auto* series = new QLineSeries;
    series->setName(name);
    series->setPointsVisible(points);
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    return series;
}

} // namespace

TrainingCurves::TrainingCurves(QWidget* parent)
    : QWidget(parent)
    , m_lossView(makeView(this, tr("Training loss")))
    , m_devView(makeView(this, tr("Dev metrics per epoch")))
{
    QChart* loss = m_lossView->chart();
    m_lossX = addAxis(loss, Qt::AlignBottom, tr("batch"), QStringLiteral("%d"));
    m_lossY = addAxis(loss, Qt::AlignLeft, QString(), QStringLiteral("%.2f"));
    m_loss = addSeries(loss, tr("loss"), m_lossX, m_lossY, false);
    m_lossSmooth = addSeries(loss, tr("smoothed"), m_lossX, m_lossY, false);
    QPen faint = m_loss->pen();
    faint.setWidthF(1.0);
    m_loss->setPen(faint);
    QPen bold = m_lossSmooth->pen();
    bold.setWidthF(2.5);
    m_lossSmooth->setPen(bold);

    QChart* dev = m_devView->chart();
    m_epochX = addAxis(dev, Qt::AlignBottom, tr("epoch"), QStringLiteral("%d"));
    auto* devY = addAxis(dev, Qt::AlignLeft, QString(), QStringLiteral("%.2f"));
    devY->setRange(0, 1);
    m_mrr = addSeries(dev, tr("MRR"), m_epochX, devY, true);
    m_hits1 = addSeries(dev, tr("Hits@1"), m_epochX, devY, true);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_lossView, 3);
    layout->addWidget(m_devView, 2);
    clear();
}

void TrainingCurves::clear()
{
    m_loss->clear();
    m_lossSmooth->clear();
    m_mrr->clear();
    m_hits1->clear();
    m_smoothed = 0;
    m_maxLoss = 0;
    m_minLoss = 0;
    m_lossX->setRange(0, 10);
    m_lossY->setRange(0, 1);
    m_epochX->setRange(0, 1);
    m_epochX->setTickCount(2);
}

void TrainingCurves::addBatch(qint64 step, double loss)
{
    const bool first = m_loss->count() == 0;
    m_smoothed = first ? loss : kSmoothing * m_smoothed + (1 - kSmoothing) * loss;
    m_maxLoss = first ? loss : std::max(m_maxLoss, loss);
    m_minLoss = first ? loss : std::min(m_minLoss, loss);
    m_loss->append(static_cast<double>(step), loss);
    m_lossSmooth->append(static_cast<double>(step), m_smoothed);
    m_lossX->setRange(0, std::max<double>(10, static_cast<double>(step)));
    const double pad = std::max(1e-3, 0.05 * (m_maxLoss - m_minLoss));
    m_lossY->setRange(std::max(0.0, m_minLoss - pad), m_maxLoss + pad);
}

void TrainingCurves::addEpoch(const EpochPoint& epoch)
{
    m_mrr->append(epoch.epoch, epoch.devMrr);
    m_hits1->append(epoch.epoch, epoch.devHits1);
    m_epochX->setRange(0, std::max(1, epoch.epoch));
    m_epochX->setTickCount(std::min(epoch.epoch, 10) + 1);
}

int TrainingCurves::lossPointCount() const { return static_cast<int>(m_loss->count()); }

int TrainingCurves::epochPointCount() const { return static_cast<int>(m_mrr->count()); }

void TrainingCurves::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    for (auto* view : {m_lossView, m_devView})
        if (view->chart()->theme() != themeFor(this))
            view->chart()->setTheme(themeFor(this));
}

} // namespace mel::ui
