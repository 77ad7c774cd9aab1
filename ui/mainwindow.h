// The main window: wires the project, job runner, browser, sample view, candidate and explain panels, and menus.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>

#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <QUndoStack>

#include "browser/browserwidget.h"
#include "candidates/annotationcontroller.h"
#include "candidates/candidatepanel.h"
#include "candidates/rankingservice.h"
#include "explain/explainpanel.h"
#include "jobs/jobrunner.h"
#include "linkers/learnedlinkers.h"
#include "linkers/linkerprovider.h"
#include "preferences/preferences.h"
#include "project/project.h"
#include "project/projectjobs.h"
#include "sample/imageview.h"
#include "sample/sampletextview.h"
#include "training/trainingjob.h"

class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;
class QDockWidget;

namespace mel::ui {

class ModelRunsDialog;
class TrainingPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens (or creates) a project and starts building its KB index. Returns false with a message on failure.
    bool openProject(const QString& file);
    // Opens `projectFile` and imports the bundled demo datasets it lacks from `demoDir` (as a job).
    bool openDemo(const QString& projectFile, const QString& demoDir);
    bool startImportMelBench(const QString& folder, const QString& datasetName);
    bool startImportJsonl(const QString& file, const QString& datasetName);
    bool startImportKb(const QString& folder);
    // Links the browser's dataset (or every dataset) with the active linker, storing a run.
    bool startLinkAll();
    // Computes metrics of the active linker on the browser's dataset without storing predictions.
    bool startEvaluate();
    // Model > Stored entity features: lists, in a job, the encoded entity features the project keeps per checkpoint
    // (interactive: in a dialog offering to drop them); with `drop` it drops them all first and compacts the file.
    bool showStoredFeatures(bool drop = false);
    // Model > Run history: the project's model runs (links and trainings) in a dialog, created once and raised again.
    ModelRunsDialog* showModelRuns();
    // Deletes runs with their stored predictions as a job (the dialog asks first when interactive).
    bool deleteRuns(const std::vector<core::RowId>& runs);
    bool startExport(ExportFormat format, const QString& dataset, const QString& target);
    // Image > Detect faces: stores the faces of the browser's dataset (or every dataset) as image regions.
    bool startDetectFaces();
    void setActiveLinker(const QString& id);
    void addLinker(std::shared_ptr<LinkerProvider> provider);
    // Turns a checkpoint file into a linker provider (throws core::Error for a bad file). Set by the app when a
    // learned-linker layer is built in; until then Model > Load checkpoint stays disabled.
    // The loader runs the linker on preferences().device ("cpu" or "cuda").
    using CheckpointLoader = std::function<std::shared_ptr<LinkerProvider>(const QString& checkpoint)>;
    void setCheckpointLoader(CheckpointLoader loader);
    // Loads a checkpoint (after the untrusted-file warning for files outside the project's checkpoints folder):
    // reads its header here, loads the weights in a job, then registers, activates and remembers its linker for
    // this project. False (with a message naming the file and the reason) when it cannot be started; a failure of
    // the job shows the same kind of message.
    bool loadCheckpoint(const QString& checkpoint);
    // Trains a linker in a job with live curves; the new checkpoint becomes the active linker when it finishes.
    // TorchScript encoders outside the checkpoints folder need the user's trust first. False when not started.
    bool startTraining(const TrainingSettings& settings);
    // The settings that Retrain uses: the active checkpoint's linker and model configuration on the current labels
    // (nullopt when the active linker is not a checkpoint).
    std::optional<TrainingSettings> retrainSettings() const;
    // Opens the training dialog (fresh or retrain) and starts the job on OK.
    void trainInteractively(bool retrain);
    // The device learned linkers use now: the preference, or "cpu" when it asks for a GPU that is not there.
    QString effectiveDevice() const;
    // Off for tests and screenshots: failures go to the status bar only, never to a message box.
    void setInteractive(bool interactive) { m_interactive = interactive; }
    // The preferences in use (read from QSettings on construction).
    const Preferences& preferences() const { return m_prefs; }
    // Uses `prefs` everywhere (annotator, linker, candidate count, colormap, shortcuts); does not save them.
    void applyPreferences(const Preferences& prefs);
    // Shows Edit > Preferences; on OK saves and applies the choices.
    void editPreferences();
    // Whether a GPU can be chosen in the preferences (set by the app when a learned-linker layer finds CUDA).
    void setGpuAvailable(bool available) { m_gpuAvailable = available; }
    bool gpuAvailable() const { return m_gpuAvailable; }
    // The window's action for a labelling shortcut (its keys follow the preferences).
    QAction* shortcutAction(ShortcutAction action) const { return m_shortcutActions.value(action); }

    // Grabs the main views into PNG files in `dir`; returns the files written.
    QStringList saveScreenshots(const QString& dir);

    Project& project() { return m_project; }
    JobRunner& jobs() { return m_jobs; }
    AnnotationController& controller() { return *m_controller; }
    QUndoStack& undoStack() { return m_undo; }
    BrowserWidget* browser() { return m_browser; }
    SampleTextView* textView() { return m_text; }
    ImageView* imageView() { return m_image; }
    CandidatePanel* candidatePanel() { return m_candidates; }
    ExplainPanel* explainPanel() { return m_explain; }
    const RankingService& rankingService() const { return m_ranking; }
    QProgressBar* progressBar() { return m_progress; }
    QAction* trainAction() { return m_train; }
    QAction* retrainAction() { return m_retrain; }
    QAction* loadCheckpointAction() { return m_loadCheckpoint; }
    TrainingPanel* trainingPanel() { return m_training; }
    const LinkerRegistry& linkers() const { return m_linkers; }
    // The last error shown (dialog or status bar); for tests.
    QString lastError() const { return m_lastError; }
    QString lastJobSummary() const { return m_lastSummary; }
    QString lastJobNotes() const { return m_lastNotes; }  // of the last job that left notes

    // Next/previous mention; crosses into the next/previous sample at either end.
    void nextMention();
    void previousMention();
    // Adds the text selected in the sample view as a new mention (undoable); false when nothing is selected.
    bool addMentionFromSelection();

Q_SIGNALS:
    void evaluated(const QString& summary);
    // After showStoredFeatures' job: the models still holding features, their bytes, and how many were dropped.
    void storedFeaturesListed(int models, qint64 bytes, int dropped);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildShortcuts();
    void wireViews();
    void refreshSampleView();
    void refreshRecentMenu();
    void rememberRecent(const QString& file);
    bool startJob(const QString& title, JobWork work, bool writesProject);
    void showError(const QString& title, const QString& text);
    QString chooseDataset(const QString& title);
    void exportInteractively(ExportFormat format);
    // Learned linkers (mainwindow_models.cpp).
    void buildTrainingDock();
    bool modelFileAllowed(const QString& file);
    void registerCheckpoint(const CheckpointDescription& description, std::unique_ptr<core::Linker> preloaded,
                            bool activate);
    void removeLinker(const QString& id);
    void restoreProjectCheckpoints();
    void refreshTrainingPanel();
    void trainingFinished(const TrainingOutcome& outcome);
    void useDevice(const QString& device);
    void refreshUndoActions();

    Project m_project;
    // Declared before the job runner, so destroyed after it: ~JobRunner joins the worker, and a training batch still
    // running there (Cancel is checked between batches) posts its loss to the feed when it ends.
    TrainingFeed m_trainingFeed;
    JobRunner m_jobs;
    RankingService m_ranking;
    QUndoStack m_undo;
    LinkerRegistry m_linkers;
    AnnotationController* m_controller;

    BrowserWidget* m_browser;
    SampleTextView* m_text;
    ImageView* m_image;
    CandidatePanel* m_candidates;
    ExplainPanel* m_explain;
    QTimer m_explainRefresh;  // draws the explain panel one event-loop turn after the cards (see wireViews)
    QProgressBar* m_progress;
    QLabel* m_jobLabel;
    QToolButton* m_cancel;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_linkerMenu = nullptr;
    QActionGroup* m_linkerGroup = nullptr;
    QList<QAction*> m_jobActions;
    // Edit > Undo / Redo: disabled while a job writes to the project (the edit would wait on its transaction and
    // could fail after the undo stack had already moved).
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    bool m_explainShown = false;  // the explain panel shows a ranking (cleared when the mention's ranking is gone)
    QAction* m_train = nullptr;
    QAction* m_retrain = nullptr;
    TrainingPanel* m_training = nullptr;
    QPointer<ModelRunsDialog> m_runsDialog;
    QDockWidget* m_trainingDock = nullptr;
    bool m_trainingRunning = false;
    QString m_trainingTitle;  // of the last training job started
    QString m_lastError;
    QString m_device = QStringLiteral("cpu");
    QAction* m_loadCheckpoint = nullptr;
    CheckpointLoader m_checkpointLoader;
    QString m_lastSummary;
    QString m_lastNotes;
    bool m_interactive = true;
    Preferences m_prefs;
    bool m_gpuAvailable = false;
    QMap<ShortcutAction, QAction*> m_shortcutActions;
};

} // namespace mel::ui
