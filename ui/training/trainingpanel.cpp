// TrainingPanel: buttons and labels around the curves and the history table; the main window does the work.
#include "training/trainingpanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace mel::ui {

TrainingPanel::TrainingPanel(TrainingFeed& feed, QWidget* parent)
    : QWidget(parent)
    , m_curves(new TrainingCurves(this))
    , m_history(new RunHistoryTable(this))
    , m_train(new QPushButton(tr("Train…"), this))
    , m_retrain(new QPushButton(tr("Retrain"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_active(new QLabel(this))
{
    setObjectName(QStringLiteral("trainingPanel"));
    m_train->setObjectName(QStringLiteral("trainButton"));
    m_retrain->setObjectName(QStringLiteral("retrainButton"));
    m_cancel->setObjectName(QStringLiteral("cancelTraining"));
    m_retrain->setToolTip(tr("Train the active checkpoint's linker and configuration again on the current labels"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_active->setWordWrap(true);
    m_status->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_train);
    buttons->addWidget(m_retrain);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_curves);
    split->addWidget(m_history);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_active);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_train, &QPushButton::clicked, this, &TrainingPanel::trainRequested);
    connect(m_retrain, &QPushButton::clicked, this, &TrainingPanel::retrainRequested);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPanel::cancelRequested);
    connect(&feed, &TrainingFeed::started, this, [this](const QString& linker, const QString& dataset) {
        m_curves->clear();
        m_status->setText(tr("Training %1 on %2…").arg(linker.toUpper(), dataset));
    });
    connect(&feed, &TrainingFeed::batch, m_curves, &TrainingCurves::addBatch);
    connect(&feed, &TrainingFeed::epoch, this, [this](const EpochPoint& e) {
        m_curves->addEpoch(e);
        m_status->setText(tr("Epoch %1: loss %2, dev Hits@1 %3, MRR %4")
                              .arg(e.epoch)
                              .arg(e.trainLoss, 0, 'f', 3)
                              .arg(e.devHits1, 0, 'f', 3)
                              .arg(e.devMrr, 0, 'f', 3));
    });
    setRunning(false);
}

void TrainingPanel::setRunning(bool running)
{
    m_running = running;
    m_train->setEnabled(!running && m_available);
    m_retrain->setEnabled(!running && m_available && m_canRetrain);
    m_cancel->setEnabled(running);
    m_progress->setVisible(running);
    if (running)
        m_progress->setValue(0);
}

void TrainingPanel::setProgress(double fraction, const QString& message)
{
    m_progress->setValue(static_cast<int>(fraction * 1000));
    m_progress->setToolTip(message);
}

void TrainingPanel::setActiveLinker(const QString& text, bool canRetrain)
{
    m_active->setText(tr("Active linker: %1").arg(text));
    m_canRetrain = canRetrain;
    setRunning(m_running);
}

void TrainingPanel::setTrainingAvailable(bool available, const QString& reason)
{
    m_available = available;
    m_train->setToolTip(reason);
    setRunning(m_running);
}

void TrainingPanel::setStatus(const QString& text) { m_status->setText(text); }

QString TrainingPanel::status() const { return m_status->text(); }

} // namespace mel::ui
