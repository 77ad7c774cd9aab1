// Live training curves (Qt Charts): the loss of every batch with a smoothed line, and dev MRR / Hits@1 per epoch.
#pragma once

#include <QWidget>

#include "training/trainingjob.h"

class QChartView;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace mel::ui {

class TrainingCurves : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingCurves(QWidget* parent = nullptr);

    void clear();
    void addBatch(qint64 step, double loss);
    void addEpoch(const EpochPoint& epoch);

    int lossPointCount() const;
    int epochPointCount() const;
    double lastSmoothedLoss() const { return m_smoothed; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QChartView* m_lossView;
    QChartView* m_devView;
    QLineSeries* m_loss;
    QLineSeries* m_lossSmooth;
    QLineSeries* m_mrr;
    QLineSeries* m_hits1;
    QValueAxis* m_lossX;
    QValueAxis* m_lossY;
    QValueAxis* m_epochX;
    double m_smoothed = 0;
    double m_maxLoss = 0;
    double m_minLoss = 0;
};

} // namespace mel::ui
