// Model > Train in the GUI on the demo project with a tiny configuration: a 1-epoch run registers a ranking
// linker and fills the curves and the run history; a cancelled run stops within a batch and leaves the UI usable.
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProgressBar>
#include <QPushButton>

#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include "linkers/checkpointprovider.h"
#include "linkers/checkpointtrust.h"
#include "mainwindow.h"
#include "modeltest.h"
#include "training/runhistory.h"
#include "training/trainingdialog.h"
#include "training/trainingpanel.h"
#include "uitest.h"

using namespace mel;
using mel::test::waitFor;

namespace {

struct TrainingTest : ::testing::Test
{
    test::UiTempDir dir;
    std::filesystem::path projectFile;
    std::unique_ptr<ui::MainWindow> window;

    void SetUp() override
    {
        test::app();
        projectFile = test::demoProjectCopy(dir);
        window = std::make_unique<ui::MainWindow>();
        window->setInteractive(false);
        window->show();
        ASSERT_TRUE(window->openProject(QString::fromStdString(projectFile.string())));
        ASSERT_TRUE(waitFor([&] { return window->project().kb() != nullptr && !window->jobs().isRunning(); }, 60000));
    }

    ui::TrainingPanel& panel() { return *window->trainingPanel(); }

    std::vector<core::ModelRun> trainingRuns()
    {
        std::vector<core::ModelRun> out;
        for (auto& run : window->project().store().runs())
            if (run.configJson.find("\"job\":\"train\"") != std::string::npos)
                out.push_back(run);
        return out;
    }

    core::RowId showFirstMention()
    {
        auto* model = window->browser()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto mentions = window->project().store().mentionsOf(model->sampleIdAt(row));
            if (!mentions.empty()) {
                window->browser()->selectRow(row);
                return mentions.front().id;
            }
        }
        return 0;
    }
};

} // namespace

TEST_F(TrainingTest, OneTinyEpoch_RegistersTheLinker_WhichRanks_AndFillsCurvesAndHistory)
{
    EXPECT_TRUE(window->trainAction()->isEnabled());
    EXPECT_FALSE(window->retrainAction()->isEnabled()) << "the name linker cannot be retrained";
    ASSERT_TRUE(window->startTraining(test::tinyTrainingSettings(1)));
    EXPECT_TRUE(panel().cancelButton()->isEnabled());
    EXPECT_FALSE(panel().trainButton()->isEnabled());
    ASSERT_TRUE(window->jobs().waitForIdle(120000));
    QCoreApplication::processEvents();

    // 24 mentions in batches of 8: three loss points, one epoch point.
    EXPECT_EQ(panel().curves()->lossPointCount(), 3);
    EXPECT_EQ(panel().curves()->epochPointCount(), 1);
    const auto runs = trainingRuns();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, "trained");
    EXPECT_NE(runs[0].metricsJson.find("\"best_epoch\":1"), std::string::npos);
    ASSERT_EQ(panel().history()->rowCount(), 1);
    EXPECT_EQ(panel().history()->checkpointAt(0), QString::fromStdString(runs[0].checkpointPath));

    // The new checkpoint lives in the project's checkpoints folder and is the active linker.
    const QString checkpoint = QString::fromStdString(runs[0].checkpointPath);
    EXPECT_TRUE(checkpoint.startsWith(ui::checkpointsFolder(QString::fromStdString(projectFile.string()))));
    auto provider = window->linkers().find(ui::CheckpointProvider::idFor(checkpoint));
    ASSERT_TRUE(provider);
    const core::RowId mention = showFirstMention();
    ASSERT_NE(mention, 0);
    ASSERT_TRUE(waitFor([&] {
        return window->controller().rankingReady() && window->controller().ranking().linker == provider->displayName();
    }, 60000));
    EXPECT_FALSE(window->controller().ranking().candidates.empty());
    EXPECT_TRUE(window->controller().ranking().error.isEmpty()) << window->controller().ranking().error.toStdString();
    EXPECT_TRUE(window->retrainAction()->isEnabled());
    EXPECT_TRUE(panel().retrainButton()->isEnabled());
}

TEST_F(TrainingTest, Cancel_StopsWithinABatch_RegistersNothing_AndTheUiStaysUsable)
{
    const auto providersBefore = window->linkers().providers().size();
    // Many small batches over many epochs: far longer than the test waits.
    ASSERT_TRUE(window->startTraining(test::tinyTrainingSettings(200, 64, 2)));
    ASSERT_TRUE(waitFor([&] { return panel().curves()->lossPointCount() >= 2; }, 120000));
    QElapsedTimer sinceCancel;
    sinceCancel.start();
    panel().cancelButton()->click();
    ASSERT_TRUE(window->jobs().waitForIdle(30000));
    const qint64 stopMs = sinceCancel.elapsed();
    QCoreApplication::processEvents();
    EXPECT_LT(stopMs, 15000) << "a batch of two mentions takes far less";

    const auto runs = trainingRuns();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, "cancelled");
    EXPECT_EQ(window->linkers().providers().size(), providersBefore) << "no checkpoint registered";
    EXPECT_FALSE(panel().cancelButton()->isEnabled());
    EXPECT_TRUE(panel().trainButton()->isEnabled());
    EXPECT_TRUE(panel().status().contains(QStringLiteral("cancelled"))) << panel().status().toStdString();
    EXPECT_EQ(panel().history()->rowCount(), 1);

    // The UI still works: a mention ranks with the name linker, and another job can start.
    const core::RowId mention = showFirstMention();
    ASSERT_NE(mention, 0);
    EXPECT_TRUE(waitFor([&] {
        return window->controller().rankingReady() && !window->controller().ranking().candidates.empty();
    }, 30000));
    EXPECT_TRUE(window->startEvaluate());
    EXPECT_TRUE(window->jobs().waitForIdle(60000));
}

TEST_F(TrainingTest, ARunningTraining_RecordsEachCheckpointInItsRow_SoAKillLaterStillNamesIt)
{
    ASSERT_TRUE(window->startTraining(test::tinyTrainingSettings(200)));
    // While the job still runs, its row already holds the epochs and best dev figures of the written checkpoint.
    std::string metrics;
    ASSERT_TRUE(waitFor([&] {
        const auto runs = trainingRuns();
        if (runs.size() != 1 || runs[0].status != "training")
            return false;
        metrics = runs[0].metricsJson;
        return metrics.find("\"best_epoch\":") != std::string::npos;
    }, 120000)) << metrics;
    EXPECT_NE(metrics.find("\"best_dev\""), std::string::npos) << metrics;
    EXPECT_TRUE(std::filesystem::exists(trainingRuns()[0].checkpointPath));
    panel().cancelButton()->click();
    ASSERT_TRUE(window->jobs().waitForIdle(60000));
    QCoreApplication::processEvents();
    EXPECT_EQ(trainingRuns()[0].status, "cancelled");
    EXPECT_FALSE(panel().history()->checkpointAt(0).isEmpty()) << "the cancelled run offers what it wrote";
}

TEST_F(TrainingTest, ARunWhoseProcessWasKilled_ShowsInterrupted_WithTheCheckpointItWrote)
{
    // A training run records each checkpoint in its row as it is written; the process was then killed, so the row
    // still says "training". Opening the project marks it interrupted and the history offers its checkpoint.
    const auto checkpoint = dir / "killed.pt";
    std::filesystem::copy_file(test::tinyCheckpoint(), checkpoint);
    core::RowId runId = 0;
    {
        core::Store other(projectFile);
        core::ModelRun run;
        run.linker = "mimic";
        run.datasetName = "demo";
        run.split = "train";
        run.configJson = R"({"job":"train","epochs":3})";
        run.checkpointPath = checkpoint.string();
        run.status = "training";
        runId = other.createRun(run);
        other.setRunMetrics(runId, R"({"best_epoch":1,"best_dev":{"n":4,"hits@1":0.5,"mrr":0.6},)"
                                   R"("epochs":[{"epoch":1}],"seconds":2.0})");
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0)
            _exit(0);
        waitpid(child, nullptr, 0);
        std::istringstream fields(other.run(runId)->owner);  // this process, with the reaped child's pid
        std::string host, self, start, space;
        fields >> host >> self >> start >> space;
        other.db().exec("UPDATE model_run SET owner = '" + host + ' ' + std::to_string(child) + ' ' + start + ' ' +
                        space + "' WHERE id = " + std::to_string(runId));
    }
    ASSERT_TRUE(window->openProject(QString::fromStdString(projectFile.string())));
    ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning(); }, 60000));
    EXPECT_EQ(window->project().store().run(runId)->status, "interrupted");
    ASSERT_EQ(panel().history()->rowCount(), 1);
    EXPECT_EQ(panel().history()->item(0, ui::RunHistoryTable::Status)->text(), QStringLiteral("interrupted"));
    EXPECT_EQ(panel().history()->item(0, ui::RunHistoryTable::Epochs)->text(), QStringLiteral("1/3"));
    EXPECT_EQ(panel().history()->checkpointAt(0), QString::fromStdString(checkpoint.string()));
}

TEST_F(TrainingTest, UntrustedTorchScriptEncoder_IsRefusedBeforeTheJobStarts)
{
    const auto script = dir / "encoder.pt";
    std::filesystem::copy_file(test::tinyCheckpoint(), script);
    auto settings = test::tinyTrainingSettings(1);
    settings.textEncoderScript = QString::fromStdString(script.string());
    EXPECT_FALSE(window->startTraining(settings));
    EXPECT_FALSE(window->jobs().isRunning());
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("TorchScript"))) << window->lastError().toStdString();
    EXPECT_TRUE(trainingRuns().empty());
}

TEST(TrainingDialogTest, RetrainKeepsTheCheckpointsLinkerAndEncoders_EvenOnesTheListDoesNotOffer)
{
    // Retrain of a DWE (or GEMEL) checkpoint: the linker list offers MIMIC and GHMF for a new training, and the
    // retrain used to fall back to its first entry, training a MIMIC under the DWE checkpoint's name.
    test::app();
    ui::TrainingSettings initial;
    initial.linker = QStringLiteral("dwe");
    initial.dataset = QStringLiteral("wikidata-mel");
    initial.textEncoderScript = QStringLiteral("/models/text.pt");
    ui::TrainingDialog dialog(initial, {QStringLiteral("wikidata-mel")}, QStringLiteral("DWE — dwe.pt"));
    EXPECT_EQ(dialog.settings().linker, QStringLiteral("dwe"));
    EXPECT_EQ(dialog.settings().textEncoderScript, QStringLiteral("/models/text.pt"));
    ui::TrainingSettings fresh;
    fresh.linker = QStringLiteral("ghmf");
    ui::TrainingDialog newTraining(fresh, {QStringLiteral("wikidata-mel")}, QString());
    EXPECT_EQ(newTraining.settings().linker, QStringLiteral("ghmf"));
}
