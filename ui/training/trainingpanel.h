// The Training dock: Train / Retrain / Cancel, progress, live curves and the run history.
#pragma once

#include <QWidget>

#include "training/runhistory.h"
#include "training/trainingcurves.h"
#include "training/trainingjob.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace mel::ui {

class TrainingPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingPanel(TrainingFeed& feed, QWidget* parent = nullptr);

    // Whether a training job runs (buttons and progress follow).
    void setRunning(bool running);
    void setProgress(double fraction, const QString& message);
    // The active linker's one-line description and whether it can be retrained.
    void setActiveLinker(const QString& text, bool canRetrain);
    void setTrainingAvailable(bool available, const QString& reason);
    void setStatus(const QString& text);
    QString status() const;

    TrainingCurves* curves() { return m_curves; }
    RunHistoryTable* history() { return m_history; }
    QPushButton* trainButton() { return m_train; }
    QPushButton* retrainButton() { return m_retrain; }
    QPushButton* cancelButton() { return m_cancel; }
    QProgressBar* progressBar() { return m_progress; }

Q_SIGNALS:
    void trainRequested();
    void retrainRequested();
    void cancelRequested();

private:
    TrainingCurves* m_curves;
    RunHistoryTable* m_history;
    QPushButton* m_train;
    QPushButton* m_retrain;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_active;
    bool m_running = false;
    bool m_available = false;
    bool m_canRetrain = false;
};

} // namespace mel::ui
