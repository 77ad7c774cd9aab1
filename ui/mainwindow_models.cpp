// MainWindow, learned-linker part: checkpoints (load, trust, remember per project), training jobs with live curves,
// and the device preference.
#include "mainwindow.h"

#include <QActionGroup>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include "linkers/checkpointprovider.h"
#include "linkers/checkpointtrust.h"
#include "linkers/projectcheckpoints.h"
#include "mel/core/util/error.h"
#include "training/runsdialog.h"
#include "training/trainingdialog.h"
#include "training/trainingpanel.h"

namespace mel::ui {

namespace {

QString errorText(const std::exception& e) { return QString::fromStdString(e.what()); }

} // namespace

void MainWindow::buildTrainingDock()
{
    m_gpuAvailable = cudaAvailable();
    m_training = new TrainingPanel(m_trainingFeed, this);
    m_trainingDock = new QDockWidget(tr("Training"), this);
    m_trainingDock->setObjectName(QStringLiteral("trainingDock"));
    m_trainingDock->setWidget(m_training);
    addDockWidget(Qt::BottomDockWidgetArea, m_trainingDock);
    if (auto* explain = findChild<QDockWidget*>(QStringLiteral("explainDock")))
        tabifyDockWidget(explain, m_trainingDock);
    if (auto* explain = findChild<QDockWidget*>(QStringLiteral("explainDock")))
        explain->raise();
    m_training->setTrainingAvailable(learnedLinkersAvailable(),
                                     learnedLinkersAvailable()
                                         ? tr("Train a GHMF or MIMIC linker on a dataset's train split")
                                         : tr("This build has no learned linkers (GHMF / MIMIC)"));
    if (!learnedLinkersAvailable()) {
        for (auto* a : {m_train, m_retrain}) {
            a->setToolTip(tr("This build has no learned linkers (GHMF / MIMIC)"));
            m_jobActions.removeAll(a);
            a->setEnabled(false);
        }
    }
    connect(m_training, &TrainingPanel::trainRequested, this, [this] { trainInteractively(false); });
    connect(m_training, &TrainingPanel::retrainRequested, this, [this] { trainInteractively(true); });
    connect(m_training, &TrainingPanel::cancelRequested, &m_jobs, &JobRunner::cancel);
    connect(m_training->history(), &RunHistoryTable::checkpointActivated, this,
            [this](const QString& file) { loadCheckpoint(file); });
    connect(&m_jobs, &JobRunner::progress, this, [this](double f, const QString& message) {
        if (m_trainingRunning)
            m_training->setProgress(f, message);
    });
    connect(&m_jobs, &JobRunner::runningChanged, this, [this](bool running) {
        if (running)
            return;
        if (m_trainingRunning) {
            m_trainingRunning = false;
            m_training->setRunning(false);
        }
        refreshTrainingPanel();
    });
    // The runner reports the end after runningChanged(false): match the training job by its title.
    connect(&m_jobs, &JobRunner::cancelled, this, [this](const QString& title) {
        if (title == m_trainingTitle)
            m_training->setStatus(tr("%1: cancelled").arg(title));
    });
    connect(&m_jobs, &JobRunner::failed, this, [this](const QString& title, const QString& error) {
        if (title == m_trainingTitle)
            m_training->setStatus(QStringLiteral("%1: %2").arg(title, error));
    });
    refreshTrainingPanel();
}

QString MainWindow::effectiveDevice() const { return resolveDevice(m_prefs.device); }

void MainWindow::useDevice(const QString& device)
{
    if (m_prefs.device == QStringLiteral("cuda") && device == QStringLiteral("cpu"))
        statusBar()->showMessage(tr("The GPU is preferred but no CUDA device is available: learned linkers run on "
                                    "the CPU"),
                                 10000);
    if (device == m_device)
        return;
    m_device = device;
    // Learned linkers already registered move to the new device (they are loaded again on next use).
    const QString active = m_ranking.provider() ? m_ranking.provider()->id() : QString();
    for (const auto& p : std::vector(m_linkers.providers()))
        if (auto cp = std::dynamic_pointer_cast<CheckpointProvider>(p)) {
            auto moved = std::make_shared<CheckpointProvider>(cp->info(), m_device);
            m_linkers.add(moved);
            if (cp->id() == active)
                m_ranking.setProvider(moved);
        }
}

bool MainWindow::modelFileAllowed(const QString& file)
{
    const QString project = m_project.isOpen() ? QString::fromStdString(m_project.path().string()) : QString();
    if (FileTrust::isTrusted(file, project))
        return true;
    if (m_interactive)
        return confirmModelFile(this, file, project);
    showError(tr("Untrusted model file"),
              tr("%1 is not in this project's checkpoints folder and was not trusted before; a checkpoint can "
                 "contain TorchScript code, only load files from people you trust")
                  .arg(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath())));
    return false;
}

bool MainWindow::loadCheckpoint(const QString& checkpoint)
{
    if (QFileInfo::exists(checkpoint) && !modelFileAllowed(checkpoint))
        return false;
    if (m_checkpointLoader) {  // a loader set by the app or a test: synchronous
        try {
            auto provider = m_checkpointLoader(checkpoint);
            addLinker(provider);
            setActiveLinker(provider->id());
            statusBar()->showMessage(tr("Linker: %1").arg(provider->displayName()), 8000);
            return true;
        } catch (const std::exception& e) {
            showError(tr("Load checkpoint"), errorText(e));
            return false;
        }
    }
    if (!learnedLinkersAvailable())
        return false;
    CheckpointDescription description;
    try {
        description = describeCheckpoint(checkpoint);
    } catch (const std::exception& e) {
        showError(tr("Load checkpoint"), errorText(e));
        return false;
    }
    const QString device = m_device;
    QPointer<MainWindow> self(this);
    // The weights are read on the worker; the loaded instance is handed to the provider (first create()).
    return startJob(tr("Loading %1").arg(QFileInfo(checkpoint).fileName()),
                    [self, description, device](const core::JobContext&) -> JobResult {
                        auto holder = std::make_shared<std::unique_ptr<core::Linker>>(
                            loadCheckpointLinker(description.file, device));
                        return JobResult{description.summary(), [self, description, holder, device] {
                                             if (!self)
                                                 return;
                                             // The device changed while it loaded: the provider loads it again on
                                             // the new one at first use, rather than ranking on the old one.
                                             if (device != self->m_device)
                                                 holder->reset();
                                             self->registerCheckpoint(description, std::move(*holder), true);
                                         }};
                    },
                    false);
}

void MainWindow::registerCheckpoint(const CheckpointDescription& description, std::unique_ptr<core::Linker> preloaded,
                                    bool activate)
{
    auto provider = std::make_shared<CheckpointProvider>(description, m_device, std::move(preloaded));
    const bool wasActive = m_ranking.provider() && m_ranking.provider()->id() == provider->id();
    addLinker(provider);
    if (m_project.isOpen())
        ProjectCheckpoints(QString::fromStdString(m_project.path().string())).remember(description.file);
    if (activate || wasActive)
        setActiveLinker(provider->id());  // re-ranks the visible mention
    statusBar()->showMessage(tr("Linker: %1 (%2)").arg(provider->displayName(), description.summary()), 10000);
}

void MainWindow::removeLinker(const QString& id)
{
    if (m_ranking.provider() && m_ranking.provider()->id() == id)
        setActiveLinker(QStringLiteral("name"));
    m_linkers.remove(id);
    for (auto* a : m_linkerGroup->actions())
        if (a->data().toString() == id) {
            m_linkerGroup->removeAction(a);
            m_linkerMenu->removeAction(a);
            a->deleteLater();
        }
}

void MainWindow::restoreProjectCheckpoints()
{
    const QString project = QString::fromStdString(m_project.path().string());
    ProjectCheckpoints remembered(project);
    const QString active = remembered.activeLinker();  // read first: removing the old linkers changes it
    // Checkpoint linkers belong to the project they were loaded in.
    for (const auto& p : std::vector(m_linkers.providers()))
        if (!p->checkpoint().isEmpty())
            removeLinker(p->id());
    QStringList skipped;
    for (const QString& file : remembered.files()) {
        if (!QFileInfo::exists(file) || !FileTrust::isTrusted(file, project)) {
            skipped << QFileInfo(file).fileName();
            continue;
        }
        try {
            const auto description = describeCheckpoint(file);
            addLinker(std::make_shared<CheckpointProvider>(description, m_device));
        } catch (const std::exception&) {
            skipped << QFileInfo(file).fileName();
        }
    }
    if (!active.isEmpty() && m_linkers.find(active))
        setActiveLinker(active);
    if (!skipped.isEmpty())
        statusBar()->showMessage(tr("Checkpoints not loaded again (missing, changed or unreadable): %1")
                                     .arg(skipped.join(QStringLiteral(", "))),
                                 10000);
    refreshTrainingPanel();
}

void MainWindow::refreshTrainingPanel()
{
    if (!m_training)
        return;
    const auto provider = m_ranking.provider();
    m_training->setActiveLinker(provider ? provider->displayName() + QStringLiteral(" — ") + provider->description()
                                         : QString(),
                                provider && provider->canTrain());
    m_training->history()->reload(m_project.isOpen() ? &m_project.store() : nullptr);
    if (m_runsDialog) {
        m_runsDialog->reload(m_project.isOpen() ? &m_project.store() : nullptr);
        m_runsDialog->setDeleteAllowed(m_project.isOpen() && !m_jobs.isRunning());
    }
    if (m_retrain)
        m_retrain->setEnabled(learnedLinkersAvailable() && provider && provider->canTrain() && !m_jobs.isRunning());
}

std::optional<TrainingSettings> MainWindow::retrainSettings() const
{
    const auto cp = std::dynamic_pointer_cast<CheckpointProvider>(m_ranking.provider());
    if (!cp)
        return std::nullopt;
    TrainingSettings s = TrainingDialog::fromPreferences(m_prefs);
    s.linker = cp->info().linker;
    s.modelConfigJson = cp->info().configJson;
    // Its TorchScript encoders, so that retraining keeps them (and startTraining trust-checks them like any other):
    // the training options take the encoders from these fields, not from the configuration.
    const QJsonObject config = QJsonDocument::fromJson(cp->info().configJson.toUtf8()).object();
    const auto scriptOf = [&config](const QString& encoder) {
        return config.value(encoder).toObject().value(QStringLiteral("torchscript")).toString();
    };
    s.textEncoderScript = scriptOf(QStringLiteral("text"));
    s.imageEncoderScript = scriptOf(QStringLiteral("image"));
    s.dataset = cp->info().dataset;
    if (!m_browser->currentDatasetName().empty())
        s.dataset = QString::fromStdString(m_browser->currentDatasetName());
    return s;
}

void MainWindow::trainInteractively(bool retrain)
{
    if (!m_project.isOpen() || !learnedLinkersAvailable())
        return;
    QStringList datasets;
    for (const auto& d : m_project.store().datasets())
        datasets << QString::fromStdString(d.name);
    if (datasets.isEmpty()) {
        showError(tr("Train"), tr("Import a dataset with train and dev splits first"));
        return;
    }
    std::optional<TrainingSettings> initial;
    QString from;
    if (retrain) {
        initial = retrainSettings();
        if (!initial) {
            showError(tr("Retrain"), tr("The active linker is not a trained checkpoint; use Train… instead"));
            return;
        }
        from = m_ranking.provider()->displayName();
    } else {
        initial = TrainingDialog::fromPreferences(m_prefs);
        initial->dataset = QString::fromStdString(m_browser->currentDatasetName());
    }
    TrainingDialog dialog(*initial, datasets, from, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const TrainingSettings chosen = dialog.settings();
    TrainingDialog::storeInPreferences(chosen, m_prefs);
    m_prefs.save();
    startTraining(chosen);
}

bool MainWindow::startTraining(const TrainingSettings& settings)
{
    if (!m_project.isOpen() || !learnedLinkersAvailable())
        return false;
    for (const QString& script : {settings.textEncoderScript, settings.imageEncoderScript}) {
        if (script.isEmpty())
            continue;
        if (!QFileInfo::exists(script)) {
            showError(tr("Train"), tr("%1: no such TorchScript file").arg(script));
            return false;
        }
        if (!modelFileAllowed(script))
            return false;
    }
    const QString project = QString::fromStdString(m_project.path().string());
    const QString checkpoint = QDir(checkpointsFolder(project))
                                   .filePath(QStringLiteral("%1-%2.pt")
                                                 .arg(settings.linker, QDateTime::currentDateTime().toString(
                                                                           QStringLiteral("yyyyMMdd-HHmmss-zzz"))));
    QPointer<MainWindow> self(this);
    auto work = trainingJob(m_project.path(), settings, checkpoint, m_device, &m_trainingFeed,
                            [self](const TrainingOutcome& outcome) {
                                if (self)
                                    self->trainingFinished(outcome);
                            });
    const QString title = tr("Training %1 on %2").arg(settings.linker.toUpper(), settings.dataset);
    if (!startJob(title, std::move(work), false))
        return false;
    m_trainingTitle = title;
    m_trainingRunning = true;
    m_training->setRunning(true);
    Q_EMIT m_trainingFeed.started(settings.linker, settings.dataset);
    m_trainingDock->show();
    m_trainingDock->raise();
    return true;
}

void MainWindow::trainingFinished(const TrainingOutcome& outcome)
{
    m_training->setStatus(tr("Finished: %1 epochs, best epoch %2 with dev Hits@1 %3, MRR %4")
                              .arg(outcome.epochsRun)
                              .arg(outcome.bestEpoch)
                              .arg(outcome.bestHits1, 0, 'f', 3)
                              .arg(outcome.bestMrr, 0, 'f', 3));
    if (outcome.checkpoint.isEmpty())
        return;
    try {
        registerCheckpoint(describeCheckpoint(outcome.checkpoint), nullptr, true);
    } catch (const std::exception& e) {
        showError(tr("Load checkpoint"), errorText(e));
        return;
    }
    refreshTrainingPanel();
    if (!m_interactive)
        return;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Training finished"),
                                tr("The new linker ranks the candidates now. Link all mentions of the dataset with "
                                   "it, so that the browser's filters use its predictions?"),
                                QMessageBox::Yes | QMessageBox::No, this);
    auto* linkAll = box->button(QMessageBox::Yes);
    linkAll->setText(tr("Link all"));
    box->button(QMessageBox::No)->setText(tr("Not now"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, linkAll](QAbstractButton* b) {
        if (b == linkAll)
            startLinkAll();
    });
    box->open();
}

ModelRunsDialog* MainWindow::showModelRuns()
{
    if (!m_runsDialog) {
        m_runsDialog = new ModelRunsDialog(this);
        m_runsDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_runsDialog, &ModelRunsDialog::deleteRequested, this, [this](const std::vector<core::RowId>& runs) {
            if (!m_interactive) {
                deleteRuns(runs);
                return;
            }
            auto* ask =
                new QMessageBox(QMessageBox::Warning, tr("Delete runs"),
                                tr("Delete %n run(s) and their stored predictions? Checkpoint files stay on disk.", "",
                                   static_cast<int>(runs.size())),
                                QMessageBox::Cancel, m_runsDialog);
            ask->setAttribute(Qt::WA_DeleteOnClose);
            auto* remove = ask->addButton(tr("Delete"), QMessageBox::DestructiveRole);
            connect(remove, &QAbstractButton::clicked, this, [this, runs] { deleteRuns(runs); });
            ask->open();
        });
        connect(&m_jobs, &JobRunner::runningChanged, m_runsDialog, [this](bool running) {
            if (running)
                m_runsDialog->setDeleteAllowed(false);
        });
    }
    m_runsDialog->reload(m_project.isOpen() ? &m_project.store() : nullptr);
    m_runsDialog->setDeleteAllowed(m_project.isOpen() && !m_jobs.isRunning());
    m_runsDialog->show();
    m_runsDialog->raise();
    return m_runsDialog;
}

bool MainWindow::deleteRuns(const std::vector<core::RowId>& runs)
{
    if (!m_project.isOpen() || runs.empty())
        return false;
    // The dialog and the training history are read again when the job ends (refreshTrainingPanel).
    return startJob(tr("Deleting %n run(s)", "", static_cast<int>(runs.size())), deleteRunsJob(m_project, runs), true);
}

} // namespace mel::ui
