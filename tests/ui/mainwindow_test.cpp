// The main window on the demo project: click a mention, accept with a number key, undo, NIL, filter, jobs, export.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <QComboBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSettings>
#include <QStatusBar>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

#include "candidates/candidatecard.h"
#include "mainwindow.h"
#include "project/importnotes.h"
#include "mel/core/store/browse.h"
#include "mel/core/util/error.h"
#include "training/runsdialog.h"
#include "uitest.h"

using namespace mel;
using mel::test::waitFor;

namespace {

struct MainWindowTest : ::testing::Test
{
    test::UiTempDir dir;
    std::unique_ptr<ui::MainWindow> window;

    void SetUp() override
    {
        test::app();
        const auto file = test::demoProjectCopy(dir);
        window = std::make_unique<ui::MainWindow>();
        window->setInteractive(false);
        window->controller().setAnnotator("tester");
        window->show();
        window->activateWindow();
        QApplication::setActiveWindow(window.get());
        ASSERT_TRUE(window->openProject(QString::fromStdString(file.string())));
        ASSERT_TRUE(waitFor([&] { return window->project().kb() != nullptr; }));
        ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning() && !window->browser()->isLoading(); }));
    }

    bool filterBy(core::LabelStateFilter state)
    {
        auto* box = window->browser()->stateBox();
        box->setCurrentIndex(box->findData(static_cast<int>(state)));
        return waitFor([&] { return !window->browser()->isLoading(); });
    }

    core::Store& store() { return window->project().store(); }

    // Shows the first sample with at least `mentions` located mentions; returns its mentions.
    std::vector<core::Mention> showSampleWithMentions(std::size_t mentions)
    {
        auto* model = window->browser()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            auto list = store().mentionsOf(model->sampleIdAt(row));
            std::size_t located = 0;
            for (const auto& m : list)
                located += m.begin.has_value();
            if (located >= mentions) {
                window->browser()->selectRow(row);
                return list;
            }
        }
        return {};
    }

    bool rankingReadyFor(core::RowId mention)
    {
        return waitFor([&] {
            return window->controller().currentMention() == mention && window->controller().rankingReady();
        });
    }
};

} // namespace

TEST_F(MainWindowTest, ClickingAMention_ShowsItsRankedCandidates)
{
    const auto mentions = showSampleWithMentions(2);
    ASSERT_GE(mentions.size(), 2u);
    const auto& target = mentions[1];
    ASSERT_TRUE(waitFor([&] { return window->controller().currentMention() == mentions[0].id; }));

    const QPoint point = window->textView()->mentionPoint(target.id);
    ASSERT_FALSE(point.isNull());
    QTest::mouseClick(window->textView()->viewport(), Qt::LeftButton, {}, point);

    ASSERT_TRUE(rankingReadyFor(target.id));
    const auto& ranking = window->controller().ranking();
    ASSERT_FALSE(ranking.candidates.empty());
    EXPECT_TRUE(ranking.error.isEmpty()) << ranking.error.toStdString();
    auto cards = window->candidatePanel()->cards();
    ASSERT_FALSE(cards.isEmpty());
    // The first ten ranked candidates as cards, in rank order (plus the current label's card when ranked lower).
    EXPECT_LE(cards.size(), 11);
    EXPECT_EQ(cards.front()->number() == 0 ? cards[1]->qid() : cards.front()->qid(), ranking.candidates[0].entity.qid);

    auto* more = window->candidatePanel()->findChild<QPushButton*>("showAllCandidates");
    ASSERT_NE(more, nullptr);
    QTest::mouseClick(more, Qt::LeftButton);
    EXPECT_GE(window->candidatePanel()->cards().size(), static_cast<qsizetype>(ranking.candidates.size()));
}

TEST_F(MainWindowTest, ClickingACandidateCard_LinksTheMention)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));
    ASSERT_GE(window->controller().ranking().candidates.size(), 3u);
    const std::string third = window->controller().ranking().candidates[2].entity.qid;
    ui::CandidateCard* card = nullptr;
    for (auto* c : window->candidatePanel()->cards())
        if (c->number() == 3)
            card = c;
    ASSERT_NE(card, nullptr);
    QTest::mouseClick(card, Qt::LeftButton);
    EXPECT_EQ(store().label(mentions[0].id)->value, third);
    EXPECT_EQ(store().label(mentions[0].id)->source, core::LabelSource::Human);
}

TEST_F(MainWindowTest, PressingTwo_StoresTheSecondCandidateWithHistory_AndUndoRestores)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    const core::RowId mention = mentions[0].id;
    ASSERT_TRUE(rankingReadyFor(mention));
    ASSERT_GE(window->controller().ranking().candidates.size(), 2u);
    const std::string second = window->controller().ranking().candidates[1].entity.qid;
    const auto before = store().label(mention);
    const auto historyBefore = store().history(mention).size();

    QTest::keyClick(window.get(), Qt::Key_2);

    const auto after = store().label(mention);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->value, second);
    EXPECT_EQ(after->source, core::LabelSource::Human);
    EXPECT_EQ(after->annotator, "tester");
    const auto history = store().history(mention);
    ASSERT_EQ(history.size(), historyBefore + 1);
    EXPECT_EQ(history.back().action, "set");
    EXPECT_EQ(history.back().newValue, second);
    EXPECT_EQ(window->undoStack().count(), 1);

    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
    const auto undone = store().label(mention);
    ASSERT_EQ(undone.has_value(), before.has_value());
    if (before) {
        EXPECT_EQ(undone->value, before->value);
        EXPECT_EQ(undone->source, before->source);
    }
    EXPECT_EQ(store().history(mention).back().action, "undo");

    window->undoStack().redo();
    EXPECT_EQ(store().label(mention)->value, second);
}

TEST_F(MainWindowTest, PressingN_MarksNil_AndTheStateFilterFindsIt)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    const core::RowId sample = mentions[0].sampleId;
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));

    QTest::keyClick(window.get(), Qt::Key_N);
    ASSERT_TRUE(store().label(mentions[0].id));
    EXPECT_EQ(store().label(mentions[0].id)->value, core::kNil);

    ASSERT_TRUE(filterBy(core::LabelStateFilter::HumanChanged));
    ASSERT_EQ(window->browser()->model()->rowCount(), 1);
    EXPECT_EQ(window->browser()->model()->sampleIdAt(0), sample);
    ASSERT_TRUE(filterBy(core::LabelStateFilter::Nil));
    EXPECT_GE(window->browser()->model()->rowOfSample(sample), 0);
    EXPECT_EQ(window->browser()->currentSampleId(), sample) << "the annotated sample stays selected";
}

TEST_F(MainWindowTest, ABrowserReloadKeepsTheSelectedMention_SoTheNextKeyLabelsIt)
{
    // A job finishing (Link all, face detection, the index build) reloads the browser, which shows the current sample
    // again: the second mention stays selected, and N marks it, not the first.
    const auto mentions = showSampleWithMentions(2);
    ASSERT_GE(mentions.size(), 2u);
    window->controller().selectMention(mentions[1].id);
    ASSERT_TRUE(rankingReadyFor(mentions[1].id));
    window->project().notifyDataChanged();
    ASSERT_TRUE(waitFor([&] { return !window->browser()->isLoading(); }));
    QCoreApplication::processEvents();
    EXPECT_EQ(window->controller().currentMention(), mentions[1].id);
    ASSERT_TRUE(rankingReadyFor(mentions[1].id));
    const auto firstBefore = store().label(mentions[0].id);
    QTest::keyClick(window.get(), Qt::Key_N);
    EXPECT_EQ(store().label(mentions[1].id)->value, core::kNil);
    EXPECT_EQ(store().label(mentions[0].id)->value, firstBefore->value);
}

TEST_F(MainWindowTest, AmbiguousKeyAndApplyToIdenticalMentions)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));
    QTest::keyClick(window.get(), Qt::Key_A);
    EXPECT_EQ(store().label(mentions[0].id)->value, core::kAmbiguous);

    const auto same = core::mentionsWithSurface(store(), mentions[0].surface, window->controller().sample()->datasetId);
    const int changed = window->controller().applyToIdenticalMentions();
    EXPECT_EQ(changed, static_cast<int>(same.size()) - 1);
    if (changed > 0) {  // mentions out of sight changed: the status bar says how many and how to undo
        EXPECT_TRUE(window->statusBar()->currentMessage().contains(QStringLiteral("Ctrl+Z")))
            << window->statusBar()->currentMessage().toStdString();
    }
    for (core::RowId id : same)
        EXPECT_EQ(store().label(id)->value, core::kAmbiguous);
}

TEST_F(MainWindowTest, ApplyToIdentical_StaysInTheDatasetAndKeepsPeoplesLabels_UnlessAskedOtherwise)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));
    const core::Sample shown = *window->controller().sample();
    const std::string surface = mentions[0].surface;
    const core::RowId otherDataset = store().insertDataset({0, "other", "jsonl", "", "", "", "{}"});
    int serial = 0;
    auto twin = [&](core::RowId dataset) {
        core::Sample s;
        s.datasetId = dataset;
        s.sourceId = "twin" + std::to_string(++serial);
        s.text = surface;
        core::Mention m;
        m.sampleId = store().insertSample(s);
        m.surface = surface;
        return store().insertMention(m);
    };
    const core::RowId sameDataset = twin(shown.datasetId);
    const core::RowId decided = twin(shown.datasetId);
    const core::RowId elsewhere = twin(otherDataset);
    store().setLabel(decided, "Q1", core::LabelSource::Human, "someone");
    QTest::keyClick(window.get(), Qt::Key_A);  // the shown mention: AMBIGUOUS
    ASSERT_EQ(store().label(mentions[0].id)->value, core::kAmbiguous);
    auto valueOf = [&](core::RowId id) {
        const auto label = store().label(id);
        return label ? label->value : std::string();
    };

    // The button: this dataset only, and another person's label stays (the message says so).
    auto* button = window->candidatePanel()->findChild<QToolButton*>(QStringLiteral("applyIdentical"));
    ASSERT_TRUE(button);
    ASSERT_TRUE(button->menu());
    EXPECT_EQ(button->menu()->actions().size(), 3);
    button->click();
    EXPECT_EQ(valueOf(sameDataset), core::kAmbiguous);
    EXPECT_EQ(valueOf(decided), "Q1");
    EXPECT_EQ(valueOf(elsewhere), "");
    EXPECT_TRUE(window->statusBar()->currentMessage().contains(QStringLiteral("in this dataset")))
        << window->statusBar()->currentMessage().toStdString();
    EXPECT_TRUE(window->statusBar()->currentMessage().contains(QStringLiteral("1 labelled otherwise by a person")))
        << window->statusBar()->currentMessage().toStdString();

    using Scope = ui::AnnotationController::IdenticalScope;
    EXPECT_GE(window->controller().applyToIdenticalMentions(Scope::Project, false), 1);
    EXPECT_EQ(valueOf(elsewhere), core::kAmbiguous);
    EXPECT_EQ(valueOf(decided), "Q1");
    EXPECT_EQ(window->controller().applyToIdenticalMentions(Scope::Project, true), 1);
    EXPECT_EQ(valueOf(decided), core::kAmbiguous);
    window->undoStack().undo();
    EXPECT_EQ(valueOf(decided), "Q1") << "one undo step gives the person's label back";
    EXPECT_EQ(store().label(decided)->annotator, "someone");
}

TEST_F(MainWindowTest, AnUndoThatCannotBeWritten_LeavesTheLabelAndTheHistoryInStep)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));
    QTest::keyClick(window.get(), Qt::Key_N);
    ASSERT_EQ(store().label(mentions[0].id)->value, core::kNil);
    ASSERT_TRUE(window->undoStack().canUndo());
    const int steps = window->undoStack().count();
    // The undo's history row cannot be written (as with a full disk).
    store().db().exec("CREATE TRIGGER refuse BEFORE INSERT ON label_history WHEN NEW.action = 'undo' "
                      "BEGIN SELECT RAISE(ABORT, 'disk is full'); END");
    window->undoStack().undo();
    EXPECT_EQ(store().label(mentions[0].id)->value, core::kNil) << "nothing was undone";
    EXPECT_EQ(window->undoStack().count(), steps - 1) << "so the command left the history";
    EXPECT_FALSE(window->undoStack().canRedo()) << "a redo would re-apply a change that is still there";
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("disk is full"))) << window->lastError().toStdString();
    store().db().exec("DROP TRIGGER refuse");
}

TEST_F(MainWindowTest, ALabelWhileAnotherProcessHoldsTheWriteLock_FailsWithinSeconds_NotTen)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));
    const auto before = store().label(mentions[0].id);
    core::Store other(window->project().path());  // e.g. a CLI import: one long transaction
    other.db().exec("BEGIN IMMEDIATE");
    QElapsedTimer clock;
    clock.start();
    QTest::keyClick(window.get(), Qt::Key_N);
    const qint64 waited = clock.elapsed();
    other.db().exec("ROLLBACK");
    EXPECT_LT(waited, 6000) << "the window waited as long as SQLite's default busy timeout";
    EXPECT_EQ(store().label(mentions[0].id)->value, before ? before->value : std::string()) << "nothing written";
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("locked"))) << window->lastError().toStdString();
    QTest::keyClick(window.get(), Qt::Key_N);  // the lock is gone: the same key works
    EXPECT_EQ(store().label(mentions[0].id)->value, core::kNil);
}

TEST_F(MainWindowTest, JKey_MovesToTheNextMentionThenTheNextSample)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(waitFor([&] { return window->controller().currentMention() == mentions[0].id; }));
    for (std::size_t i = 1; i < mentions.size(); ++i) {
        QTest::keyClick(window.get(), Qt::Key_J);
        EXPECT_EQ(window->controller().currentMention(), mentions[i].id);
    }
    const core::RowId sample = window->controller().sample()->id;
    QTest::keyClick(window.get(), Qt::Key_J);
    EXPECT_NE(window->controller().sample()->id, sample);
    QTest::keyClick(window.get(), Qt::Key_K);
    EXPECT_EQ(window->controller().currentMention(), mentions.back().id);
}

TEST_F(MainWindowTest, KbSearch_LinksTheChosenEntity)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    const auto entity = store().entities().at(5);
    window->candidatePanel()->searchBox()->setText(QString::fromStdString(entity.qid == "" ? "x" : entity.name));
    window->candidatePanel()->runSearch();
    ASSERT_TRUE(waitFor([&] { return !window->candidatePanel()->isSearching(); }));
    auto* results = window->candidatePanel()->searchResults();
    ASSERT_GT(results->count(), 0);
    QListWidgetItem* hit = nullptr;
    for (int i = 0; i < results->count(); ++i)
        if (results->item(i)->data(Qt::UserRole).toString().toStdString() == entity.qid)
            hit = results->item(i);
    ASSERT_NE(hit, nullptr);
    Q_EMIT results->itemActivated(hit);
    EXPECT_EQ(store().label(mentions[0].id)->value, entity.qid);
}

TEST_F(MainWindowTest, KbSearchResults_AreOnlyThoseOfTheOpenProject)
{
    const auto entity = store().entities().at(5);
    const QString file = QString::fromStdString(window->project().path().string());
    window->candidatePanel()->searchBox()->setText(QString::fromStdString(entity.name));
    window->candidatePanel()->runSearch();
    ASSERT_TRUE(waitFor([&] { return !window->candidatePanel()->isSearching(); }));
    auto* results = window->candidatePanel()->searchResults();
    ASSERT_GT(results->count(), 0);
    // Closed: no result of its KB may be double-clicked into the next project.
    window->project().close();
    EXPECT_EQ(results->count(), 0);
    EXPECT_FALSE(results->isVisibleTo(window.get()));
    // Opened again: the same query runs on it.
    ASSERT_TRUE(window->openProject(file));
    ASSERT_TRUE(waitFor([&] { return !window->candidatePanel()->isSearching(); }));
    EXPECT_GT(results->count(), 0);
    ASSERT_TRUE(waitFor([&] { return window->project().kb() != nullptr && !window->jobs().isRunning(); }, 60000));
    ASSERT_TRUE(waitFor([&] { return !window->candidatePanel()->isSearching(); }));
    EXPECT_GT(results->count(), 0) << "searched again with the rebuilt KB index";
}

TEST_F(MainWindowTest, KbSearch_RunsOffTheGuiThread_AndShowsOnlyTheNewestQuery)
{
    ASSERT_TRUE(waitFor([&] { return window->project().kb() != nullptr && !window->jobs().isRunning(); }, 60000));
    auto* panel = window->candidatePanel();
    const auto entity = store().entities().at(5);
    panel->searchBox()->setText(QStringLiteral("Francois Holande"));
    panel->runSearch();
    EXPECT_TRUE(panel->isSearching()) << "the query went to the worker; the window goes on";
    EXPECT_EQ(panel->searchResults()->count(), 0);
    panel->searchBox()->setText(QString::fromStdString(entity.name));
    panel->runSearch();  // typed on before the first finished: only these results may show
    ASSERT_TRUE(waitFor([&] { return !panel->isSearching(); }));
    QCoreApplication::processEvents();
    ASSERT_GT(panel->searchResults()->count(), 0);
    bool found = false;
    for (int i = 0; i < panel->searchResults()->count(); ++i) {
        found = found || panel->searchResults()->item(i)->data(Qt::UserRole).toString().toStdString() == entity.qid;
        EXPECT_FALSE(panel->searchResults()->item(i)->text().contains(QStringLiteral("Hollande")));
    }
    EXPECT_TRUE(found) << entity.name;
}

TEST_F(MainWindowTest, KbSearch_FindsAMisspelledNameOnceTheIndexIsReady)
{
    ASSERT_TRUE(waitFor([&] { return window->project().kb() != nullptr; }, 60000));
    // "Hollande" with a letter dropped: no FTS5 prefix matches it, the WRatio fallback does.
    window->candidatePanel()->searchBox()->setText(QStringLiteral("Francois Holande"));
    window->candidatePanel()->runSearch();
    ASSERT_TRUE(waitFor([&] { return !window->candidatePanel()->isSearching(); }));
    auto* results = window->candidatePanel()->searchResults();
    ASSERT_GT(results->count(), 0);
    bool found = false;
    for (int i = 0; i < results->count(); ++i)
        found = found || results->item(i)->text().contains(QStringLiteral("Hollande"));
    EXPECT_TRUE(found) << results->item(0)->text().toStdString();
    EXPECT_TRUE(results->item(0)->text().startsWith(QStringLiteral("≈ "))) << results->item(0)->text().toStdString();
}

TEST_F(MainWindowTest, RunHistory_ListsRunsWithTheirFigures_AndDeletesTheSelectedOnesWithTheirPredictions)
{
    ASSERT_TRUE(window->startLinkAll());
    ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning(); }, 60000));
    const auto runs = store().runs();
    ASSERT_FALSE(runs.empty());
    const core::RowId linked = runs.back().id;

    auto* dialog = window->showModelRuns();
    ASSERT_TRUE(dialog);
    EXPECT_EQ(window->showModelRuns(), dialog) << "one dialog, raised again";
    auto* table = dialog->table();
    ASSERT_EQ(table->rowCount(), static_cast<int>(runs.size()));
    // Newest first: the link run with its own figures.
    EXPECT_EQ(table->item(0, ui::ModelRunsDialog::Run)->text(), QString::number(linked));
    EXPECT_EQ(table->item(0, ui::ModelRunsDialog::Job)->text(), QStringLiteral("linking"));
    EXPECT_EQ(table->item(0, ui::ModelRunsDialog::Status)->text(), QStringLiteral("finished"));
    EXPECT_FALSE(table->item(0, ui::ModelRunsDialog::Hits1)->text().isEmpty());
    EXPECT_GT(table->item(0, ui::ModelRunsDialog::Mentions)->text().toInt(), 0);
    // How the run was made (the GUI's runs used to keep no config) and the K of its recall.
    const QString config = table->item(0, ui::ModelRunsDialog::Linker)->toolTip();
    EXPECT_TRUE(config.contains(QStringLiteral("top_k: "))) << config.toStdString();
    EXPECT_TRUE(table->item(0, ui::ModelRunsDialog::RecallAtK)->toolTip().startsWith(QStringLiteral("Recall@")));
    EXPECT_FALSE(dialog->deleteButton()->isEnabled()) << "nothing selected";

    table->selectRow(0);
    ASSERT_TRUE(dialog->deleteButton()->isEnabled());
    core::Statement count(store().db(), "SELECT count(*) FROM prediction WHERE run_id = ?");
    count.bind(1, linked);
    ASSERT_TRUE(count.step());
    ASSERT_GT(count.int64(0), 0);
    count.reset();
    dialog->deleteButton()->click(); // not interactive: no confirmation
    EXPECT_FALSE(dialog->deleteButton()->isEnabled()) << "no second delete while the job writes";
    ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning(); }, 60000));
    QCoreApplication::processEvents();
    EXPECT_FALSE(store().run(linked).has_value());
    count.bind(1, linked);
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.int64(0), 0);
    EXPECT_EQ(table->rowCount(), static_cast<int>(runs.size()) - 1) << "the dialog read the runs again";
    EXPECT_TRUE(window->lastJobSummary().contains(QStringLiteral("deleted 1 run")))
        << window->lastJobSummary().toStdString();
}

TEST_F(MainWindowTest, LinkAll_StoresARunAndEvaluateReportsMetrics)
{
    const auto runsBefore = store().runs().size();
    ASSERT_TRUE(window->startLinkAll());
    EXPECT_TRUE(window->progressBar()->isVisible());
    ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning(); }, 60000));
    const auto runs = store().runs();
    ASSERT_EQ(runs.size(), runsBefore + 1);
    EXPECT_EQ(runs.back().status, "done");
    EXPECT_NE(runs.back().metricsJson.find("mrr"), std::string::npos);

    QString evaluated;
    QObject::connect(window.get(), &ui::MainWindow::evaluated, [&](const QString& s) { evaluated = s; });
    ASSERT_TRUE(window->startEvaluate());
    ASSERT_TRUE(waitFor([&] { return !evaluated.isEmpty(); }, 60000));
    EXPECT_TRUE(evaluated.contains("MRR"));
    EXPECT_EQ(store().runs().size(), runsBefore + 1) << "evaluate stores no run";
#ifdef MEL_HAVE_MODELS
    EXPECT_TRUE(window->trainAction()->isEnabled());
    EXPECT_FALSE(window->retrainAction()->isEnabled()) << "the name linker has no checkpoint to retrain";
#else
    EXPECT_FALSE(window->trainAction()->isEnabled());
    EXPECT_FALSE(window->trainAction()->toolTip().isEmpty());
#endif
}

TEST_F(MainWindowTest, CancelButton_StopsARunningJob_AndLabelsWaitForWritingJobs)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));
    ASSERT_TRUE(window->controller().markNil());  // something to undo
    std::atomic<bool> started{false};
    ASSERT_TRUE(window->jobs().start("long", [&](const core::JobContext& job) -> ui::JobResult {
        started = true;
        while (!job.isCancelled())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        throw core::Error(core::ErrorCode::Cancelled, "cancelled");
    }));
    ASSERT_TRUE(waitFor([&] { return started.load(); }));
    auto* cancel = window->findChild<QToolButton*>("cancelJob");
    ASSERT_NE(cancel, nullptr);
    EXPECT_TRUE(cancel->isVisible());
    EXPECT_FALSE(window->controller().markNil()) << "no label write while a writing job runs";
    auto* undo = window->findChild<QAction*>("undoAction");
    ASSERT_NE(undo, nullptr);
    EXPECT_TRUE(window->undoStack().canUndo());
    EXPECT_FALSE(undo->isEnabled()) << "nor an undo";
    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning(); }));
    EXPECT_EQ(window->lastJobSummary(), "cancelled");
    EXPECT_FALSE(cancel->isVisible());
    EXPECT_TRUE(undo->isEnabled());
}

TEST_F(MainWindowTest, Export_WritesTheCorrectedLabelsInEveryFormat)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));
    QTest::keyClick(window.get(), Qt::Key_N);

    const std::pair<ui::ExportFormat, std::string> targets[] = {
        {ui::ExportFormat::Csv, "labels.csv"},
        {ui::ExportFormat::Jsonl, "labels.jsonl"},
        {ui::ExportFormat::MelBenchJson, "labels.json"},
        {ui::ExportFormat::MelBenchLayout, "layout"},
    };
    for (const auto& [format, name] : targets) {
        const auto target = dir / name;
        ASSERT_TRUE(window->startExport(format, "wikidata-mel", QString::fromStdString(target.string())));
        ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning(); }, 30000));
        ASSERT_TRUE(std::filesystem::exists(target)) << name << ": " << window->lastJobSummary().toStdString();
    }
    std::ifstream csv(dir / "labels.csv");
    std::stringstream text;
    text << csv.rdbuf();
    EXPECT_NE(text.str().find("tester"), std::string::npos) << "the human label and its annotator are exported";
}

TEST_F(MainWindowTest, ShowSamplesLinkedToAnEntity_FiltersTheBrowser)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    const auto label = store().label(mentions[0].id);
    ASSERT_TRUE(label);
    window->browser()->showSamplesLinkedTo(QString::fromStdString(label->value));
    ASSERT_TRUE(waitFor([&] { return !window->browser()->isLoading(); }));
    auto* model = window->browser()->model();
    ASSERT_GE(model->rowCount(), 1);
    EXPECT_GE(model->rowOfSample(mentions[0].sampleId), 0);
    core::SampleFilter f;
    f.labelValue = label->value;
    const int linked = static_cast<int>(core::filterSampleIds(store(), f).size());
    EXPECT_EQ(model->rowCount(), linked);

    // Choosing "All label states" again drops the entity filter (the box already shows it).
    const int all = static_cast<int>(core::filterSampleIds(store(), core::SampleFilter{}).size());
    ASSERT_GT(all, linked);
    Q_EMIT window->browser()->stateBox()->activated(window->browser()->stateBox()->currentIndex());
    ASSERT_TRUE(waitFor([&] { return !window->browser()->isLoading() && model->rowCount() == all; }));
    // Opening a project (here the same one again) never keeps a QID filter of the previous one.
    window->browser()->showSamplesLinkedTo(QString::fromStdString(label->value));
    ASSERT_TRUE(waitFor([&] { return !window->browser()->isLoading() && model->rowCount() == linked; }));
    ASSERT_TRUE(window->openProject(QString::fromStdString(window->project().path().string())));
    ASSERT_TRUE(waitFor([&] { return !window->browser()->isLoading() && model->rowCount() == all; }, 30000));
}

TEST_F(MainWindowTest, AnotherLinkerThroughTheProviderSeam_RanksTheCandidates)
{
    // A stand-in for a learned linker: reverses the candidate order and explains with a gate and an attention map.
    struct Reversed final : core::Linker
    {
        std::string name() const override { return "reversed"; }
        std::vector<core::LinkResult> rank(const std::vector<core::MentionQuery>& mentions,
                                           const std::vector<std::vector<core::CandidateEntity>>& candidates,
                                           bool explain) override
        {
            std::vector<core::LinkResult> out(mentions.size());
            for (std::size_t m = 0; m < mentions.size(); ++m) {
                const auto& c = candidates[m];
                for (std::size_t i = 0; i < c.size(); ++i)
                    out[m].ranked.push_back({c[c.size() - 1 - i].qid, 1.0 - static_cast<double>(i) / c.size()});
                if (explain)
                    out[m].explanation.gates = {{"text", 0.4}, {"image", 0.6}};
            }
            return out;
        }
    };
    window->setCheckpointLoader([](const QString& path) -> std::shared_ptr<ui::LinkerProvider> {
        if (!path.endsWith(".ckpt"))
            throw core::Error(core::ErrorCode::Invalid, "not a checkpoint", {path.toStdString(), {}, {}});
        return std::make_shared<ui::FunctionLinkerProvider>("reversed", "Reversed", "test",
                                                            [] { return std::make_unique<Reversed>(); });
    });
    EXPECT_FALSE(window->loadCheckpoint("model.bin"));
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(rankingReadyFor(mentions[0].id));
    const auto nameRanking = window->controller().ranking();
    ASSERT_TRUE(window->loadCheckpoint("model.ckpt"));
    ASSERT_TRUE(waitFor([&] {
        return window->controller().rankingReady() && window->controller().ranking().linker == "Reversed";
    }));
    const auto& ranking = window->controller().ranking();
    ASSERT_FALSE(ranking.candidates.empty());
    EXPECT_NE(ranking.candidates.front().entity.qid, nameRanking.candidates.front().entity.qid);
    EXPECT_TRUE(waitFor([&] { return window->explainPanel()->gateBarCount() == 2; }));  // a turn after the cards
}

TEST(MainWindowImport, ImportingAMelBenchFolder_RunsAsAJobAndFillsTheBrowser)
{
    test::app();
    test::UiTempDir dir;
    ui::MainWindow window;
    window.setInteractive(false);
    const QString file = QString::fromStdString((dir / "fresh.melproj").string());
    ASSERT_TRUE(window.openProject(file));
    EXPECT_TRUE(QSettings().value("recentProjects").toStringList().contains(QFileInfo(file).absoluteFilePath()));
    ASSERT_TRUE(waitFor([&] { return !window.browser()->isLoading(); }));
    EXPECT_EQ(window.browser()->model()->rowCount(), 0);

    double progress = -1;
    QObject::connect(&window.jobs(), &ui::JobRunner::progress, [&](double f, const QString&) { progress = f; });
    ASSERT_TRUE(window.startImportMelBench(MEL_SOURCE_DIR "/resources/demo/richpedia-mel", "richpedia-mel"));
    EXPECT_FALSE(window.startImportMelBench(MEL_SOURCE_DIR "/resources/demo/richpedia-mel", "again"))
        << "a second job waits for the first";
    ASSERT_TRUE(waitFor([&] { return !window.jobs().isRunning(); }, 60000));
    EXPECT_GT(progress, 0);
    ASSERT_TRUE(window.project().store().dataset("richpedia-mel")) << window.lastJobSummary().toStdString();
    EXPECT_NE(window.project().kb(), nullptr);
    ASSERT_TRUE(waitFor([&] { return !window.browser()->isLoading() && window.browser()->model()->rowCount() > 0; }));
    EXPECT_EQ(window.browser()->model()->rowCount(),
              static_cast<int>(window.project().store().stats().samples));
    EXPECT_NE(window.controller().currentMention(), 0) << "the first sample and mention are selected";
}

// The status bar has room for counts only: what an import skipped or doubts is handed to the window as notes
// (a dialog when interactive), naming the records.
TEST(MainWindowImport, AnImportLeavesNotesNamingWhatItSkipped)
{
    test::app();
    test::UiTempDir dir;
    ui::MainWindow window;
    window.setInteractive(false);
    ASSERT_TRUE(window.openProject(QString::fromStdString((dir / "notes.melproj").string())));
    const auto jsonl = dir / "odd.jsonl";
    std::ofstream(jsonl) << R"({"id": "odd-1", "text": "Obama visited Paris", "image": "img/gone.jpg", )"
                         << R"("mentions": [{"surface": "Obama"}, {"surface": "Hollande"}]})" << "\n";
    ASSERT_TRUE(window.startImportJsonl(QString::fromStdString(jsonl.string()), QStringLiteral("odd")));
    ASSERT_TRUE(waitFor([&] { return !window.jobs().isRunning(); }, 30000));
    ASSERT_TRUE(window.project().store().dataset("odd")) << window.lastJobSummary().toStdString();
    const QString notes = window.lastJobNotes();
    EXPECT_TRUE(notes.contains(QStringLiteral("Images the records name that are not there: 1"))) << notes.toStdString();
    EXPECT_TRUE(notes.contains(QStringLiteral("odd-1: img/gone.jpg"))) << notes.toStdString();
    EXPECT_TRUE(notes.contains(QStringLiteral("Mentions not found in their text (kept without span): 1")))
        << notes.toStdString();
}

// A JSON Lines export read back says that its human and model labels came back as such.
TEST(MainWindowImport, RestoredLabelsGetANote)
{
    test::app();
    core::DatasetImportSummary summary;
    EXPECT_TRUE(ui::importNotes(summary).isEmpty());
    summary.restoredLabels = 3;
    const QString note = ui::importNotes(summary);
    EXPECT_TRUE(note.contains(QStringLiteral("read back with their annotators: 3"))) << note.toStdString();
}

// A link or training job names the images its learned linker could not decode (they were used as "no image").
TEST(MainWindowImport, UndecodableImagesGetANoteNamingThem)
{
    test::app();
    EXPECT_TRUE(ui::undecodableImagesNote({}).isEmpty());
    const QString note = ui::undecodableImagesNote({"/data/a.jpg", "/data/b.png"});
    EXPECT_TRUE(note.contains(QStringLiteral("could not be decoded"))) << note.toStdString();
    EXPECT_TRUE(note.contains(QStringLiteral(": 2"))) << note.toStdString();
    EXPECT_TRUE(note.contains(QStringLiteral("/data/b.png"))) << note.toStdString();
}

TEST(MainWindowImport, ABadImport_ReportsTheFileAndLeavesTheProjectEmpty)
{
    test::app();
    test::UiTempDir dir;
    std::filesystem::create_directories(dir / "broken");
    std::ofstream(dir / "broken" / "qid2ne.json") << "{\"Q1\": \"A\"}";
    std::ofstream(dir / "broken" / "qid2abs.json") << "{\"Q1\": ";  // truncated
    std::ofstream(dir / "broken" / "train.json") << "{}";
    ui::MainWindow window;
    window.setInteractive(false);
    ASSERT_TRUE(window.openProject(QString::fromStdString((dir / "p.melproj").string())));
    QString error;
    QObject::connect(&window.jobs(), &ui::JobRunner::failed, [&](const QString&, const QString& e) { error = e; });
    ASSERT_TRUE(window.startImportMelBench(QString::fromStdString((dir / "broken").string()), "broken"));
    ASSERT_TRUE(waitFor([&] { return !window.jobs().isRunning(); }, 30000));
    EXPECT_TRUE(error.contains("qid2abs.json")) << error.toStdString();
    EXPECT_EQ(window.project().store().stats().entities, 0);
}

// Selects the last word of a shown sample's text (the first word when the last already is a mention), presses M
// and returns the new mention (nullopt when none was added).
std::optional<core::Mention> addMentionWithTheKeyboard(MainWindowTest& t, const std::vector<core::Mention>& mentions)
{
    const core::RowId sample = mentions.at(0).sampleId;
    const QString q = QString::fromStdString(t.store().sample(sample)->text);
    const auto cps = q.toUcs4();
    int end = static_cast<int>(cps.size());
    int begin = end;
    while (begin > 0 && !QChar::isSpace(cps[begin - 1]))
        --begin;
    for (const auto& m : mentions)
        if (m.begin == begin && m.end == end) {
            begin = 0;
            end = 0;
            while (end < static_cast<int>(cps.size()) && !QChar::isSpace(cps[end]))
                ++end;
        }
    t.window->textView()->selectSpan(begin, end);
    EXPECT_TRUE(t.window->textView()->selectedSpan());
    QTest::keyClick(t.window.get(), Qt::Key_M);
    const auto after = t.store().mentionsOf(sample);
    if (after.size() != mentions.size() + 1)
        return std::nullopt;
    // Ordinals follow reading order: the new mention sits where its span does.
    std::optional<core::Mention> added;
    int previousBegin = -1;
    for (const auto& m : after) {
        if (m.begin) {
            EXPECT_GE(*m.begin, previousBegin) << "mentions in reading order";
            previousBegin = *m.begin;
        }
        if (m.begin == begin && m.end == end)
            added = m;
    }
    EXPECT_TRUE(added);
    return added;
}

TEST_F(MainWindowTest, SelectingTextAndPressingM_AddsAMention_AndUndoRemovesIt)
{
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(waitFor([&] { return window->controller().currentMention() == mentions[0].id; }));
    const core::RowId sample = mentions[0].sampleId;
    const auto added = addMentionWithTheKeyboard(*this, mentions);
    ASSERT_TRUE(added);
    EXPECT_EQ(window->controller().currentMention(), added->id) << "the new mention is selected";
    ASSERT_TRUE(rankingReadyFor(added->id));

    QTest::keyClick(window.get(), Qt::Key_N);  // label it, then undo both steps
    EXPECT_EQ(store().label(added->id)->value, core::kNil);
    window->undoStack().undo();
    window->undoStack().undo();
    EXPECT_EQ(store().mentionsOf(sample).size(), mentions.size());
    EXPECT_EQ(window->controller().mentions().size(), mentions.size());

    // Redo both: the mention comes back under its own id, so the label's redo applies to it (a new id, which a
    // deleted mention's never is again, would leave the label's redo naming a mention that is gone).
    window->undoStack().redo();
    window->undoStack().redo();
    ASSERT_TRUE(store().mention(added->id));
    EXPECT_EQ(store().mention(added->id)->surface, added->surface);
    ASSERT_TRUE(store().label(added->id));
    EXPECT_EQ(store().label(added->id)->value, core::kNil);
    EXPECT_EQ(store().mentionsOf(sample).size(), mentions.size() + 1);
}

TEST_F(MainWindowTest, AnImportEndsTheUndoHistory_SoARedoCannotLabelAnImportedMention)
{
    // Add a mention and label it, undo both (the mention row is deleted), then import a dataset. SQLite used to give
    // the import's first mention the deleted row's id, and redoing the label would have put a human label on it;
    // mention ids are no longer reused (schema 8), but a replaced dataset's sample ids still can be, so the history
    // still ends at an import.
    const auto mentions = showSampleWithMentions(1);
    ASSERT_FALSE(mentions.empty());
    ASSERT_TRUE(waitFor([&] { return window->controller().currentMention() == mentions[0].id; }));
    const auto added = addMentionWithTheKeyboard(*this, mentions);
    ASSERT_TRUE(added);
    ASSERT_TRUE(rankingReadyFor(added->id));
    QTest::keyClick(window.get(), Qt::Key_N);
    window->undoStack().undo();
    window->undoStack().undo();
    ASSERT_TRUE(window->undoStack().canRedo());

    const auto jsonl = dir / "more.jsonl";
    std::ofstream(jsonl) << R"({"id": "more-1", "text": "Obama visited Paris", "mentions": [{"surface": "Obama"}]})"
                         << "\n";
    ASSERT_TRUE(window->startImportJsonl(QString::fromStdString(jsonl.string()), QStringLiteral("more")));
    ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning(); }, 30000));
    const auto imported = store().dataset("more");
    ASSERT_TRUE(imported) << window->lastJobSummary().toStdString();
    EXPECT_FALSE(window->undoStack().canRedo());
    EXPECT_FALSE(window->undoStack().canUndo());
    EXPECT_FALSE(window->findChild<QAction*>("redoAction")->isEnabled());
    while (window->undoStack().canRedo())  // what Ctrl+Shift+Z would do if anything were left to redo
        window->undoStack().redo();
    for (const auto& sample : store().samples(imported->id, ""))
        for (const auto& m : store().mentionsOf(sample.id))
            EXPECT_FALSE(store().label(m.id)) << "mention " << m.id << " of the import got a label";
}

TEST_F(MainWindowTest, ShiftDragOnTheImage_TiesARegionToTheMention_AndUndoRemovesIt)
{
    auto* model = window->browser()->model();
    int row = -1;
    for (int r = 0; r < model->rowCount() && row < 0; ++r) {
        const auto s = store().sample(model->sampleIdAt(r));
        if (s->imageStatus == core::ImageStatus::Present && !store().mentionsOf(s->id).empty())
            row = r;
    }
    ASSERT_GE(row, 0) << "the demo has samples with images";
    window->browser()->selectRow(row);
    ASSERT_TRUE(waitFor([&] { return window->imageView()->hasImage() && window->controller().currentMention(); }));
    const core::RowId mention = window->controller().currentMention();
    ASSERT_FALSE(store().mention(mention)->box);

    auto* viewport = window->imageView()->viewport();
    const QPoint from(viewport->width() / 3, viewport->height() / 3);
    const QPoint to(viewport->width() * 2 / 3, viewport->height() * 2 / 3);
    const QRectF expected = window->imageView()->imageRect(from, to);
    QTest::mousePress(viewport, Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(viewport, to);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::ShiftModifier, to);

    const auto box = store().mention(mention)->box;
    ASSERT_TRUE(box);
    EXPECT_NEAR(box->x, expected.x(), 1e-6);
    EXPECT_NEAR(box->w, expected.width(), 1e-6);
    EXPECT_GT(box->w, 10);
    EXPECT_EQ(window->controller().currentMention(), mention);
    window->undoStack().undo();
    EXPECT_FALSE(store().mention(mention)->box);
}

TEST_F(MainWindowTest, AfterLinkAll_TheDisagreementFilterShowsWhereTheModelDiffersFromTheLabel)
{
    ASSERT_TRUE(window->startLinkAll());
    ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning() && !window->browser()->isLoading(); }, 60000));
    const auto run = core::latestRun(store(), "wikidata-mel");
    ASSERT_TRUE(run);
    ASSERT_TRUE(filterBy(core::LabelStateFilter::ModelDisagrees));
    core::SampleFilter f;
    f.state = core::LabelStateFilter::ModelDisagrees;
    f.runId = run->id;
    const auto expected = core::filterSampleIds(store(), f);
    EXPECT_GT(expected.size(), 0u) << "the name baseline gets some demo mentions wrong";
    EXPECT_EQ(window->browser()->model()->rowCount(), static_cast<int>(expected.size()));
}
