// MainWindow: menus and shortcuts call the controller or start jobs; views follow the controller's signals.
#include "mainwindow.h"

#include <algorithm>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QAbstractButton>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>

#include "explain/attentionmatrixview.h"
#include "i18n/translations.h"
#include "linkers/projectcheckpoints.h"
#include "mel/core/store/imageregions.h"
#include "project/facesjob.h"
#include "mel/core/util/error.h"
#include "preferences/preferencesdialog.h"
#include "training/runsdialog.h"

namespace mel::ui {

namespace {

constexpr int kMaxRecent = 8;
constexpr int kMaxCards = 30;  // candidate cards shown at most (the candidate count may rank more)

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_controller(new AnnotationController(m_project, m_jobs, m_ranking, m_undo, this))
    , m_browser(new BrowserWidget(this))
    , m_text(new SampleTextView(this))
    , m_image(new ImageView(this))
    , m_candidates(new CandidatePanel(*m_controller, m_project, this))
    , m_explain(new ExplainPanel(this))
    , m_progress(new QProgressBar(this))
    , m_jobLabel(new QLabel(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName("mainWindow");
    setWindowTitle(tr("MELStudio"));
    setWindowIcon(applicationIcon());
    setAcceptDrops(true);
    m_prefs = Preferences::load();

    auto* center = new QSplitter(Qt::Vertical, this);
    center->addWidget(m_text);
    center->addWidget(m_image);
    center->setStretchFactor(0, 1);
    center->setStretchFactor(1, 4);
    center->setSizes({120, 560});
    setCentralWidget(center);

    auto dock = [this](const QString& title, const QString& name, QWidget* widget, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    auto* samples = dock(tr("Samples"), "samplesDock", m_browser, Qt::LeftDockWidgetArea);
    auto* candidates = dock(tr("Candidates"), "candidatesDock", m_candidates, Qt::RightDockWidgetArea);
    auto* explain = dock(tr("Explain"), "explainDock", m_explain, Qt::BottomDockWidgetArea);
    resizeDocks({samples, candidates}, {540, 440}, Qt::Horizontal);
    resizeDocks({explain}, {250}, Qt::Vertical);

    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->setObjectName("cancelJob");
    m_cancel->hide();
    statusBar()->addPermanentWidget(m_jobLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, &m_jobs, &JobRunner::cancel);
    connect(&m_jobs, &JobRunner::started, this, [this](const QString& title) {
        m_jobLabel->setText(title);
        m_progress->setValue(0);
        m_progress->show();
        m_cancel->show();
        for (auto* a : m_jobActions)
            a->setEnabled(false);
    });
    connect(&m_jobs, &JobRunner::progress, this, [this](double f, const QString& message) {
        m_progress->setValue(static_cast<int>(f * 1000));
        m_progress->setToolTip(message);
    });
    connect(&m_jobs, &JobRunner::runningChanged, this, [this](bool running) {
        refreshUndoActions();
        if (running)
            return;
        m_progress->hide();
        m_cancel->hide();
        m_jobLabel->clear();
        for (auto* a : m_jobActions)
            a->setEnabled(true);
    });
    connect(&m_jobs, &JobRunner::finished, this, [this](const QString& title, const QString& summary) {
        m_lastSummary = summary;
        statusBar()->showMessage(QStringLiteral("%1: %2").arg(title, summary), 15000);
    });
    connect(&m_jobs, &JobRunner::notesReady, this, [this](const QString& title, const QString& notes) {
        m_lastNotes = notes;
        if (!m_interactive)
            return;
        // Non-modal: the window stays usable while the user reads what the import skipped.
        auto* box = new QMessageBox(QMessageBox::Information, title,
                                    tr("%1 finished. Some records were skipped or need a look:").arg(title),
                                    QMessageBox::Close, this);
        box->setInformativeText(notes);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(&m_jobs, &JobRunner::cancelled, this, [this](const QString& title) {
        m_lastSummary = tr("cancelled");
        statusBar()->showMessage(tr("%1: cancelled").arg(title), 8000);
    });
    connect(&m_jobs, &JobRunner::failed, this, [this](const QString& title, const QString& error) {
        m_lastSummary = error;
        showError(title, error);
    });

    wireViews();
    buildMenus();
    buildShortcuts();
    buildTrainingDock();
    applyPreferences(m_prefs);
    resize(1500, 950);
}

MainWindow::~MainWindow()
{
    m_jobs.cancel();
    m_jobs.waitForIdle(30000);
}

void MainWindow::wireViews()
{
    connect(&m_project, &Project::opened, this, [this](const QString& path) {
        m_undo.clear();
        m_browser->setStore(&m_project.store());
        setWindowTitle(tr("%1 — MELStudio").arg(QFileInfo(path).fileName()));
        if (m_project.store().readOnly()) {  // read-only file, folder or medium: browse and search, nothing saved
            setWindowTitle(tr("%1 (read-only) — MELStudio").arg(QFileInfo(path).fileName()));
            statusBar()->showMessage(tr("This project can only be read here: labels and other changes cannot be "
                                        "saved. Copy it to a writable folder to annotate."));
        }
        restoreProjectCheckpoints();
    });
    connect(&m_project, &Project::closed, this, [this] {
        m_browser->setStore(nullptr);
        m_undo.clear();
        refreshTrainingPanel();
    });
    connect(&m_project, &Project::dataChanged, m_browser, &BrowserWidget::reload);
    // The undo history holds sample and mention ids; an import that replaces a dataset deletes those rows, and may
    // give a deleted sample's id to an imported one (mention ids are never reused, sample ids are), where a redo
    // would then add a mention. The history ends at the import.
    connect(&m_project, &Project::mentionsImported, this, [this] { m_undo.clear(); });
    connect(&m_project, &Project::editFailed, this, [this](const QString& error) {
        showError(tr("Not saved"), tr("The change was not written to the project: %1").arg(error));
    });
    connect(&m_project, &Project::undoFailed, this, [this](const QString& error) {
        showError(tr("Undo"), tr("Nothing was undone; the change stays and leaves the undo history: %1").arg(error));
    });
    connect(&m_project, &Project::labelsChanged, this, [this] { m_browser->model()->refreshRows(); });
    connect(m_browser, &BrowserWidget::sampleSelected, m_controller, &AnnotationController::showSample);
    // (The explain panel of the previous sample is cleared below: a new sample always selects a mention whose ranking
    // is not there yet.)
    connect(m_controller, &AnnotationController::sampleChanged, this,
            [this] { m_image->showImage(m_controller->imagePath()); });
    connect(m_controller, &AnnotationController::mentionChanged, this, &MainWindow::refreshSampleView);
    connect(m_controller, &AnnotationController::labelsChanged, this, &MainWindow::refreshSampleView);
    // A ranking's cards and its explanation (charts, attention matrix, heat overlay) are drawn in separate
    // event-loop turns, so its arrival never holds the GUI thread for both at once (ui_bench: the stall while the
    // selection moves).
    m_explainRefresh.setSingleShot(true);
    m_explainRefresh.setInterval(0);
    connect(&m_explainRefresh, &QTimer::timeout, this, [this] {
        if (m_controller->rankingReady()) {
            m_explain->setRanking(m_controller->ranking());
            m_explainShown = true;
        }
    });
    connect(m_controller, &AnnotationController::rankingChanged, this, [this] {
        if (m_controller->rankingReady()) {
            m_explainRefresh.start();
            return;
        }
        // Another sample or mention (or none) is selected and its ranking is not there yet: the previous mention's
        // charts and heat overlay must not stand in for it meanwhile.
        m_explainRefresh.stop();
        if (m_explainShown) {
            m_explain->setRanking({});
            m_explainShown = false;
        }
    });
    connect(&m_ranking, &RankingService::warmUpProgress, this, [this](int done, int total) {
        if (done != total || !m_ranking.provider())
            return;
        const int fromProject = m_ranking.warmedFromProject();
        statusBar()->showMessage(
            fromProject > 0
                ? tr("%1: all %2 KB entities ready (%3 read from the project), so a ranking now only encodes its "
                     "mention")
                      .arg(m_ranking.provider()->displayName())
                      .arg(total)
                      .arg(fromProject)
                : tr("%1: all %2 KB entities encoded, so a ranking now only encodes its mention")
                      .arg(m_ranking.provider()->displayName())
                      .arg(total),
            6000);
    });
    connect(m_controller, &AnnotationController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_text, &SampleTextView::mentionClicked, m_controller, &AnnotationController::selectMention);
    connect(m_text, &SampleTextView::addMentionRequested, this, &MainWindow::addMentionFromSelection);
    connect(&m_project, &Project::mentionsChanged, this, [this] { m_browser->model()->refreshRows(); });
    connect(m_image, &ImageView::boxClicked, m_controller, &AnnotationController::selectMention);
    connect(m_image, &ImageView::boxDrawn, this, [this](const QRectF& r) {
        m_controller->setMentionBox(core::BoundingBox{r.x(), r.y(), r.width(), r.height()});
    });
    // Clicking a detected face ties the selected mention to it (undoable like a drawn box).
    connect(m_image, &ImageView::regionClicked, this, [this](const QRectF& r) {
        m_controller->setMentionBox(core::BoundingBox{r.x(), r.y(), r.width(), r.height()});
    });
    connect(m_explain, &ExplainPanel::heatmapChanged, this,
            [this](const std::vector<float>& heat, int rows, int cols) {
                if (heat.empty())
                    m_image->clearHeatmap();
                else
                    m_image->setHeatmap(heat, rows, cols);
            });
    connect(m_explain, &ExplainPanel::heatmapOpacityChanged, m_image, &ImageView::setHeatmapOpacity);
    connect(m_candidates, &CandidatePanel::showSamplesLinkedTo, m_browser, &BrowserWidget::showSamplesLinkedTo);
}

void MainWindow::refreshSampleView()
{
    const auto& sample = m_controller->sample();
    if (!sample) {
        m_text->clearSample();
        m_image->setBoxes({}, 0);
        return;
    }
    const auto marks = m_controller->marks();
    m_text->showSample(sample->text, marks, m_controller->currentMention());
    std::vector<MentionBox> boxes;
    for (std::size_t i = 0; i < m_controller->mentions().size(); ++i) {
        const auto& m = m_controller->mentions()[i];
        if (m.box)
            boxes.push_back({m.id, *m.box, marks[i].state, QString::fromStdString(m.surface)});
    }
    m_image->setBoxes(boxes, m_controller->currentMention());
    std::vector<core::BoundingBox> faces;
    for (const auto& region : core::imageRegions(m_project.store(), sample->id, "face"))
        faces.push_back(region.box);
    m_image->setRegions(faces);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New project…"), QKeySequence::New, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("New project"), QDir::homePath(),
                                                          tr("MELStudio projects (*.melproj)"));
        if (!path.isEmpty())
            openProject(path.endsWith(QStringLiteral(".melproj")) ? path : path + QStringLiteral(".melproj"));
    });
    file->addAction(tr("&Open project…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QDir::homePath(),
                                                          tr("MELStudio projects (*.melproj)"));
        if (!path.isEmpty())
            openProject(path);
    });
    m_recentMenu = file->addMenu(tr("Open &recent"));
    refreshRecentMenu();
    file->addSeparator();
    auto* importMel = file->addAction(tr("Import &MELBench folder (dataset + KG)…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("MELBench folder"));
        if (dir.isEmpty())
            return;
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Dataset name"), tr("Name in the project:"),
                                                   QLineEdit::Normal, QFileInfo(dir).fileName().toLower(), &ok);
        if (ok && !name.isEmpty())
            startImportMelBench(dir, name);
    });
    auto* importJsonl = file->addAction(tr("Import &JSON Lines samples…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("JSON Lines file"), {}, tr("JSON Lines (*.jsonl)"));
        if (path.isEmpty())
            return;
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Dataset name"), tr("Name in the project:"),
                                                   QLineEdit::Normal, QFileInfo(path).baseName(), &ok);
        if (ok && !name.isEmpty())
            startImportJsonl(path, name);
    });
    auto* importKb = file->addAction(tr("Import &knowledge graph folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder with qid2ne.json and qid2abs.json"));
        if (!dir.isEmpty())
            startImportKb(dir);
    });
    QMenu* exportMenu = file->addMenu(tr("&Export labels"));
    for (ExportFormat format :
         {ExportFormat::MelBenchLayout, ExportFormat::MelBenchJson, ExportFormat::Jsonl, ExportFormat::Csv}) {
        auto* a = exportMenu->addAction(exportFormatName(format) + QStringLiteral("…"), this,
                                        [this, format] { exportInteractively(format); });
        m_jobActions << a;
    }
    m_jobActions << importMel << importJsonl << importKb;
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo.createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName("undoAction");
    QAction* redo = m_undo.createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)});
    redo->setObjectName("redoAction");
    m_undoAction = undo;
    m_redoAction = redo;
    // The stack enables its actions itself (connected first); these run after it and keep them off during a job.
    connect(&m_undo, &QUndoStack::canUndoChanged, this, &MainWindow::refreshUndoActions);
    connect(&m_undo, &QUndoStack::canRedoChanged, this, &MainWindow::refreshUndoActions);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    auto* prefs = edit->addAction(tr("&Preferences…"), this, &MainWindow::editPreferences);
    prefs->setObjectName("preferencesAction");
    prefs->setShortcut(QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);

    QMenu* model = menuBar()->addMenu(tr("&Model"));
    model->setToolTipsVisible(true);
    m_linkerMenu = model->addMenu(tr("&Linker"));
    m_linkerGroup = new QActionGroup(this);
    for (const auto& p : m_linkers.providers())
        addLinker(p);
    m_loadCheckpoint = model->addAction(tr("Load &checkpoint…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Linker checkpoint"));
        if (!path.isEmpty())
            loadCheckpoint(path);
    });
    m_loadCheckpoint->setEnabled(learnedLinkersAvailable());
    m_loadCheckpoint->setToolTip(learnedLinkersAvailable()
                                     ? tr("Rank with a trained GHMF or MIMIC checkpoint")
                                     : tr("This build has no learned linkers (GHMF / MIMIC); the name baseline is used"));
    auto* linkAll = model->addAction(tr("Link &all (browser's dataset)"), this, [this] { startLinkAll(); });
    auto* evaluate = model->addAction(tr("&Evaluate (browser's dataset)"), this, [this] { startEvaluate(); });
    auto* features = model->addAction(tr("Stored entity &features…"), this, [this] { showStoredFeatures(); });
    features->setToolTip(tr("The encoded KB entities the project keeps per checkpoint, so the KB is not encoded "
                            "again; drop them to get the space back"));
    m_jobActions << linkAll << evaluate << features;
    m_train = model->addAction(tr("&Train…"), this, [this] { trainInteractively(false); });
    m_retrain = model->addAction(tr("&Retrain with corrected labels…"), this, [this] { trainInteractively(true); });
    m_jobActions << m_train << m_retrain;
    auto* history = model->addAction(tr("Run &history…"), this, [this] { showModelRuns(); });
    history->setToolTip(tr("Every link and training run of the project with its figures; delete old runs and their "
                           "stored predictions"));

    QMenu* image = menuBar()->addMenu(tr("&Image"));
    auto* faces = image->addAction(tr("Detect &faces (browser's dataset)"), this, [this] { startDetectFaces(); });
    faces->setToolTip(faceDetectionAvailable() ? tr("Find faces in the images with OpenCV and store them as regions")
                                               : tr("This build has no face detector"));
    if (faceDetectionAvailable())
        m_jobActions << faces;
    else
        faces->setEnabled(false);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Zoom &in"), QKeySequence::ZoomIn, this, [this] { m_image->zoomBy(1.25); });
    view->addAction(tr("Zoom &out"), QKeySequence::ZoomOut, this, [this] { m_image->zoomBy(0.8); });
    view->addAction(tr("&Fit image"), QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { m_image->fitImage(); });
    for (auto* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        auto key = [this](ShortcutAction action) {
            return m_prefs.shortcut(action).toString(QKeySequence::NativeText);
        };
        auto* box = new QMessageBox(
            QMessageBox::Information, tr("Keyboard shortcuts"),
            tr("1–9  accept candidate\n%1  NIL (not in the KB)\n%2  ambiguous\n%3 / →  next mention (then next sample)\n"
               "%4 / ←  previous mention\nM  add a mention from the selected text\n"
               "Shift+drag on the image  draw the selected mention's region\n"
               "%5 / %6  next / previous sample\nCtrl+Z / Ctrl+Shift+Z  undo / redo\n"
               "Ctrl+F  search the KB\nCtrl+Plus / Ctrl+Minus / Ctrl+0  zoom the image\n"
               "(Edit > Preferences changes the keys)")
                .arg(key(ShortcutAction::Nil), key(ShortcutAction::Ambiguous), key(ShortcutAction::NextMention),
                     key(ShortcutAction::PreviousMention), key(ShortcutAction::NextSample),
                     key(ShortcutAction::PreviousSample)),
            QMessageBox::Close, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::buildShortcuts()
{
    auto shortcut = [this](const QList<QKeySequence>& keys, auto slot) {
        auto* a = new QAction(this);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    for (int n = 1; n <= 9; ++n)
        shortcut({QKeySequence(Qt::Key_0 + n)}, [this, n] { m_controller->acceptCandidate(n); });
    m_shortcutActions[ShortcutAction::Nil] = shortcut({}, [this] { m_controller->markNil(); });
    m_shortcutActions[ShortcutAction::Ambiguous] = shortcut({}, [this] { m_controller->markAmbiguous(); });
    m_shortcutActions[ShortcutAction::NextMention] = shortcut({}, [this] { nextMention(); });
    m_shortcutActions[ShortcutAction::PreviousMention] = shortcut({}, [this] { previousMention(); });
    m_shortcutActions[ShortcutAction::NextSample] = shortcut({}, [this] { m_browser->step(+1); });
    m_shortcutActions[ShortcutAction::PreviousSample] = shortcut({}, [this] { m_browser->step(-1); });
    shortcut({QKeySequence(Qt::Key_M)}, [this] { addMentionFromSelection(); });
    shortcut({QKeySequence::Find}, [this] {
        m_candidates->searchBox()->setFocus();
        m_candidates->searchBox()->selectAll();
    });
}

void MainWindow::applyPreferences(const Preferences& prefs)
{
    const bool recount = prefs.candidateCount != m_prefs.candidateCount;
    m_prefs = prefs;
    useDevice(resolveDevice(prefs.device));
    m_controller->setAnnotator(prefs.annotator);
    m_ranking.setLimits(prefs.candidateCount, std::min(prefs.candidateCount, kMaxCards));
    m_image->setColormap(prefs.colormap);
    m_explain->matrixView()->setColormap(prefs.colormap);
    for (ShortcutAction action : kShortcutActions) {
        QList<QKeySequence> keys;
        if (!prefs.shortcut(action).isEmpty())
            keys << prefs.shortcut(action);
        // The arrow keys stay as second keys for stepping through mentions.
        if (action == ShortcutAction::NextMention)
            keys << QKeySequence(Qt::Key_Right);
        if (action == ShortcutAction::PreviousMention)
            keys << QKeySequence(Qt::Key_Left);
        m_shortcutActions.value(action)->setShortcuts(keys);
    }
    m_candidates->setShortcutHints(prefs.shortcut(ShortcutAction::Nil), prefs.shortcut(ShortcutAction::Ambiguous));
    if (m_ranking.provider() && m_ranking.provider()->id() != prefs.linker && m_linkers.find(prefs.linker))
        setActiveLinker(prefs.linker);  // re-ranks too
    else if (recount)
        m_controller->selectMention(m_controller->currentMention());
}

void MainWindow::editPreferences()
{
    QList<QPair<QString, QString>> linkers;
    for (const auto& p : m_linkers.providers())
        linkers.append({p->id(), p->displayName()});
    PreferencesDialog dialog(m_prefs, linkers, m_gpuAvailable, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Preferences chosen = dialog.preferences();
    const bool newLanguage = chosen.language != m_prefs.language;
    chosen.save();
    applyPreferences(chosen);
    if (newLanguage)
        statusBar()->showMessage(tr("The new language is used after restarting MELStudio"), 10000);
}

bool MainWindow::addMentionFromSelection()
{
    const auto span = m_text->selectedSpan();
    if (!span) {
        statusBar()->showMessage(tr("Select part of the sample text first"), 5000);
        return false;
    }
    return m_controller->addMention(span->first, span->second);
}

void MainWindow::nextMention()
{
    if (!m_controller->stepMention(+1))
        m_browser->step(+1);
}

void MainWindow::previousMention()
{
    if (m_controller->stepMention(-1))
        return;
    if (m_browser->step(-1) && !m_controller->mentions().empty())
        m_controller->selectMention(m_controller->mentions().back().id);
}

bool MainWindow::openProject(const QString& file)
{
    if (m_jobs.isRunning()) {
        showError(tr("Open project"), tr("Wait for \"%1\" to finish or cancel it first").arg(m_jobs.currentTitle()));
        return false;
    }
    try {
        const std::filesystem::path path = file.toStdString();
        if (path.has_parent_path())
            std::filesystem::create_directories(path.parent_path());
        m_project.open(path);
    } catch (const std::exception& e) {
        showError(tr("Open project"), QString::fromStdString(e.what()));
        return false;
    }
    rememberRecent(QFileInfo(file).absoluteFilePath());
    if (m_project.store().hasEntities())  // not stats(): it counts every table, seconds on a large project
        startJob(tr("Building the candidate index"), buildKbIndexJob(m_project), false);
    return true;
}

bool MainWindow::openDemo(const QString& projectFile, const QString& demoDir)
{
    if (!openProject(projectFile))
        return false;
    if (m_project.store().dataset("wikidata-mel") && m_project.store().dataset("richpedia-mel"))
        return true;
    m_jobs.waitForIdle(60000);  // the index job just started would be rebuilt by the import anyway
    return startJob(tr("Importing the demo data"), importDemoJob(m_project, demoDir.toStdString()), true);
}

bool MainWindow::startImportMelBench(const QString& folder, const QString& datasetName)
{
    if (!m_project.isOpen())
        return false;
    return startJob(tr("Importing %1").arg(datasetName),
                    importMelBenchFolderJob(m_project, folder.toStdString(), datasetName.toStdString()), true);
}

bool MainWindow::startImportJsonl(const QString& file, const QString& datasetName)
{
    if (!m_project.isOpen())
        return false;
    return startJob(tr("Importing %1").arg(datasetName),
                    importJsonlJob(m_project, file.toStdString(), datasetName.toStdString()), true);
}

bool MainWindow::startImportKb(const QString& folder)
{
    if (!m_project.isOpen())
        return false;
    return startJob(tr("Importing the knowledge graph"), importKbJob(m_project, folder.toStdString()), true);
}

bool MainWindow::startLinkAll()
{
    if (!m_project.isOpen())
        return false;
    const std::string dataset = m_browser->currentDatasetName();
    return startJob(tr("Linking %1").arg(dataset.empty() ? tr("every dataset") : QString::fromStdString(dataset)),
                    linkJob(m_project, m_ranking.provider(), dataset, {}, true, {}, m_prefs.candidateCount), false);
}

bool MainWindow::showStoredFeatures(bool drop)
{
    if (!m_project.isOpen())
        return false;
    QPointer<MainWindow> self(this);
    auto onList = [self](const std::vector<core::FeatureModel>& models, int dropped) {
        if (!self)
            return;
        qint64 bytes = 0;
        QStringList lines;
        for (const auto& m : models) {
            bytes += m.bytes;
            lines << tr("%1, %2 entities, %3 MiB, last used %4\n    %5")
                         .arg(QString::fromStdString(m.linker))
                         .arg(m.entities)
                         .arg(static_cast<double>(m.bytes) / (1024.0 * 1024.0), 0, 'f', 1)
                         .arg(QString::fromStdString(m.lastUsedAt), QString::fromStdString(m.checkpointPath));
        }
        Q_EMIT self->storedFeaturesListed(static_cast<int>(models.size()), bytes, dropped);
        if (!self->m_interactive || dropped > 0)
            return;
        auto* box = new QMessageBox(QMessageBox::Information, tr("Stored entity features"),
                                    lines.isEmpty() ? tr("The project keeps no encoded entity features.")
                                                    : lines.join('\n'),
                                    QMessageBox::Close, self);
        box->setAttribute(Qt::WA_DeleteOnClose);
        if (!models.empty()) {
            auto* dropButton = box->addButton(tr("Drop all"), QMessageBox::DestructiveRole);
            QObject::connect(dropButton, &QAbstractButton::clicked, self.data(), [self] {
                if (self)
                    self->showStoredFeatures(true);
            });
        }
        box->open();
    };
    return startJob(drop ? tr("Dropping stored entity features") : tr("Stored entity features"),
                    storedFeaturesJob(m_project, drop, onList), drop);
}

bool MainWindow::startEvaluate()
{
    if (!m_project.isOpen())
        return false;
    const std::string dataset = m_browser->currentDatasetName();
    auto work = linkJob(m_project, m_ranking.provider(), dataset, {}, false, {}, m_prefs.candidateCount);
    const bool started = startJob(tr("Evaluating %1").arg(m_ranking.provider()->displayName()), std::move(work), false);
    if (started) {
        auto* context = new QObject(this);
        connect(&m_jobs, &JobRunner::finished, context, [this, context](const QString&, const QString& summary) {
            context->deleteLater();
            Q_EMIT evaluated(summary);
            if (m_interactive) {
                auto* box = new QMessageBox(QMessageBox::Information, tr("Evaluation"), summary, QMessageBox::Close, this);
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            }
        });
        connect(&m_jobs, &JobRunner::runningChanged, context, [context](bool running) {
            if (!running)
                context->deleteLater();
        });
    }
    return started;
}

bool MainWindow::startDetectFaces()
{
    if (!m_project.isOpen() || !faceDetectionAvailable())
        return false;
    const std::string dataset = m_browser->currentDatasetName();
    return startJob(tr("Detecting faces in %1").arg(dataset.empty() ? tr("every dataset") : QString::fromStdString(dataset)),
                    detectFacesJob(m_project, dataset), true);
}

bool MainWindow::startExport(ExportFormat format, const QString& dataset, const QString& target)
{
    if (!m_project.isOpen())
        return false;
    return startJob(tr("Exporting %1").arg(dataset),
                    exportJob(m_project, format, dataset.toStdString(), target.toStdString()), false);
}

void MainWindow::exportInteractively(ExportFormat format)
{
    const QString dataset = chooseDataset(tr("Export labels"));
    if (dataset.isEmpty())
        return;
    QString target;
    if (format == ExportFormat::MelBenchLayout)
        target = QFileDialog::getExistingDirectory(this, tr("Export into folder"));
    else {
        const QString suffix = format == ExportFormat::Csv ? QStringLiteral(".csv")
                               : format == ExportFormat::Jsonl ? QStringLiteral(".jsonl")
                                                               : QStringLiteral(".json");
        target = QFileDialog::getSaveFileName(this, tr("Export to"), dataset + suffix);
    }
    if (!target.isEmpty())
        startExport(format, dataset, target);
}

QString MainWindow::chooseDataset(const QString& title)
{
    if (!m_project.isOpen())
        return {};
    const std::string current = m_browser->currentDatasetName();
    if (!current.empty())
        return QString::fromStdString(current);
    QStringList names;
    for (const auto& d : m_project.store().datasets())
        names << QString::fromStdString(d.name);
    if (names.size() <= 1)
        return names.value(0);
    bool ok = false;
    const QString name = QInputDialog::getItem(this, title, tr("Dataset:"), names, 0, false, &ok);
    return ok ? name : QString();
}

void MainWindow::setActiveLinker(const QString& id)
{
    if (auto provider = m_linkers.find(id)) {
        m_ranking.setProvider(provider);
        for (auto* a : m_linkerGroup->actions())
            a->setChecked(a->data().toString() == id);
        if (m_project.isOpen())
            ProjectCheckpoints(QString::fromStdString(m_project.path().string())).setActiveLinker(id);
        refreshTrainingPanel();
        m_controller->selectMention(m_controller->currentMention());  // re-rank with the new linker
    }
}

void MainWindow::addLinker(std::shared_ptr<LinkerProvider> provider)
{
    m_linkers.add(provider);
    for (auto* a : m_linkerGroup->actions())
        if (a->data().toString() == provider->id())
            return;
    auto* a = m_linkerMenu->addAction(provider->displayName());
    a->setData(provider->id());
    a->setCheckable(true);
    a->setToolTip(provider->description());
    a->setChecked(m_ranking.provider() && m_ranking.provider()->id() == provider->id());
    m_linkerGroup->addAction(a);
    connect(a, &QAction::triggered, this, [this, id = provider->id()] { setActiveLinker(id); });
    // The preferred linker may arrive after start-up (e.g. registered by a learned-linker layer).
    if (provider->id() == m_prefs.linker && m_ranking.provider() && m_ranking.provider()->id() != provider->id())
        setActiveLinker(provider->id());
}

void MainWindow::setCheckpointLoader(CheckpointLoader loader)
{
    m_checkpointLoader = std::move(loader);
    m_loadCheckpoint->setEnabled(bool(m_checkpointLoader));
    m_loadCheckpoint->setToolTip(m_checkpointLoader ? tr("Rank with a trained GHMF or MIMIC checkpoint") : QString());
}


void MainWindow::refreshUndoActions()
{
    if (!m_undoAction)
        return;
    const bool writing = m_jobs.isWritingProject();
    m_undoAction->setEnabled(m_undo.canUndo() && !writing);
    m_redoAction->setEnabled(m_undo.canRedo() && !writing);
}

bool MainWindow::startJob(const QString& title, JobWork work, bool writesProject)
{
    if (!m_jobs.start(title, std::move(work), writesProject)) {
        showError(title, tr("\"%1\" is still running").arg(m_jobs.currentTitle()));
        return false;
    }
    return true;
}

void MainWindow::showError(const QString& title, const QString& text)
{
    m_lastError = text;
    statusBar()->showMessage(QStringLiteral("%1: %2").arg(title, text), 15000);
    if (!m_interactive)
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Close, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::refreshRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentProjects")).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openProject(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::rememberRecent(const QString& file)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentProjects")).toStringList();
    recent.removeAll(file);
    recent.prepend(file);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentProjects"), recent);
    refreshRecentMenu();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls()) {
        const QFileInfo info(url.toLocalFile());
        if (info.suffix() == QStringLiteral("melproj"))
            openProject(info.absoluteFilePath());
        else if (info.isDir() && QFileInfo::exists(info.absoluteFilePath() + QStringLiteral("/qid2ne.json")))
            startImportMelBench(info.absoluteFilePath(), info.fileName().toLower());
        else if (info.suffix() == QStringLiteral("jsonl"))
            startImportJsonl(info.absoluteFilePath(), info.baseName());
        else
            statusBar()->showMessage(tr("Cannot import %1: drop a .melproj, a MELBench folder or a .jsonl file")
                                         .arg(info.fileName()),
                                     8000);
        break;  // one job at a time
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_jobs.cancel();
    m_jobs.waitForIdle(30000);
    event->accept();
}

QStringList MainWindow::saveScreenshots(const QString& dir)
{
    QDir().mkpath(dir);
    QStringList written;
    const std::pair<QString, QWidget*> shots[] = {
        {QStringLiteral("main-window.png"), this},
        {QStringLiteral("sample-browser.png"), m_browser},
        {QStringLiteral("candidate-panel.png"), m_candidates},
        {QStringLiteral("sample-view.png"), centralWidget()},
        {QStringLiteral("explain-panel.png"), m_explain},
    };
    for (const auto& [name, widget] : shots) {
        const QString path = QDir(dir).filePath(name);
        if (widget->grab().save(path))
            written << path;
    }
    // The training dock shares its place with the explain dock: bring it to the front for its picture.
    m_trainingDock->raise();
    QApplication::processEvents();
    const QString trainingPath = QDir(dir).filePath(QStringLiteral("training-panel.png"));
    if (m_trainingDock->widget()->grab().save(trainingPath))
        written << trainingPath;
    if (auto* explain = findChild<QDockWidget*>(QStringLiteral("explainDock")))
        explain->raise();
    // Edit > Preferences, as it opens now (grabbed without showing it).
    QList<QPair<QString, QString>> linkers;
    for (const auto& p : m_linkers.providers())
        linkers.append({p->id(), p->displayName()});
    PreferencesDialog dialog(m_prefs, linkers, m_gpuAvailable, this);
    dialog.adjustSize();
    const QString prefsPath = QDir(dir).filePath(QStringLiteral("preferences.png"));
    if (dialog.grab().save(prefsPath))
        written << prefsPath;
    // Model > Run history, as it opens now.
    ModelRunsDialog runs(this);
    runs.reload(m_project.isOpen() ? &m_project.store() : nullptr);
    const QString runsPath = QDir(dir).filePath(QStringLiteral("run-history.png"));
    if (runs.grab().save(runsPath))
        written << runsPath;
    return written;
}

} // namespace mel::ui
