// Model > Load checkpoint with real MIMIC checkpoints: what it is, bad files, the untrusted-file warning,
// remembering per project, and the device preference falling back to the CPU (this machine has no CUDA).
#include <gtest/gtest.h>

#include <fstream>

#include <QAbstractButton>
#include <QComboBox>
#include <QApplication>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

#include "linkers/checkpointprovider.h"
#include "linkers/checkpointtrust.h"
#include "mainwindow.h"
#include "mel/core/store/entityfeatures.h"
#include "mel/core/util/error.h"
#include "mel/models/device.h"
#include "modeltest.h"
#include "uitest.h"

using namespace mel;
using mel::test::waitFor;

namespace {

struct CheckpointTest : ::testing::Test
{
    test::UiTempDir dir;
    std::filesystem::path projectFile;
    std::unique_ptr<ui::MainWindow> window;

    void SetUp() override
    {
        test::app();
        test::tinyCheckpoint();  // trained once per process, before any window exists
        projectFile = test::demoProjectCopy(dir);
        window = openWindow();
    }

    std::unique_ptr<ui::MainWindow> openWindow()
    {
        auto w = std::make_unique<ui::MainWindow>();
        w->setInteractive(false);
        w->show();
        EXPECT_TRUE(w->openProject(project()));
        EXPECT_TRUE(waitFor([&] { return w->project().kb() != nullptr && !w->jobs().isRunning(); }, 60000));
        return w;
    }

    QString project() const { return QString::fromStdString(projectFile.string()); }
    QString checkpointsDir() const { return ui::checkpointsFolder(project()); }

    // Copies the tiny checkpoint to `folder/name` (creating the folder).
    QString copyCheckpoint(const QString& folder, const QString& name)
    {
        std::filesystem::create_directories(folder.toStdString());
        const auto target = std::filesystem::path(folder.toStdString()) / name.toStdString();
        std::filesystem::copy_file(test::tinyCheckpoint(), target, std::filesystem::copy_options::overwrite_existing);
        return QString::fromStdString(target.string());
    }

    bool loadAndWait(const QString& file)
    {
        if (!window->loadCheckpoint(file))
            return false;
        return window->jobs().waitForIdle(60000);
    }

    QString activeId() const { return window->controller().ranking().linker; }

    // Selects the first sample with a mention and waits for its ranking by `linker` (display name).
    bool rankedBy(ui::MainWindow& w, const QString& linker)
    {
        auto* model = w.browser()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (!w.project().store().mentionsOf(model->sampleIdAt(row)).empty()) {
                w.browser()->selectRow(row);
                break;
            }
        return waitFor([&] {
            return w.controller().rankingReady() && w.controller().ranking().linker == linker &&
                   !w.controller().ranking().candidates.empty();
        }, 60000);
    }
};

} // namespace

TEST_F(CheckpointTest, DeviceHelpers_GpuPreferenceWithoutCudaFallsBackToTheCpu)
{
    ASSERT_FALSE(models::cudaAvailable()) << "this test expects a machine without CUDA";
    EXPECT_EQ(models::resolveDevice("cuda"), "cpu");
    EXPECT_EQ(models::resolveDevice("gpu"), "cpu");
    EXPECT_EQ(models::resolveDevice("cuda:1"), "cpu");
    EXPECT_EQ(models::resolveDevice("cpu"), "cpu");
    EXPECT_EQ(models::resolveDevice(""), "cpu");
    EXPECT_EQ(models::resolveDevice("auto"), "cpu") << "the default follows what this LibTorch can use";

    auto prefs = window->preferences();
    prefs.device = QStringLiteral("cuda");
    window->applyPreferences(prefs);
    EXPECT_EQ(window->effectiveDevice(), QStringLiteral("cpu"));
    EXPECT_TRUE(window->statusBar()->currentMessage().contains(QStringLiteral("CPU")))
        << window->statusBar()->currentMessage().toStdString();
    // A checkpoint loaded now runs on the CPU and ranks.
    const QString file = copyCheckpoint(checkpointsDir(), QStringLiteral("gpu-pref.pt"));
    ASSERT_TRUE(loadAndWait(file)) << window->lastError().toStdString();
    auto cp = std::dynamic_pointer_cast<ui::CheckpointProvider>(window->linkers().find(ui::CheckpointProvider::idFor(file)));
    ASSERT_TRUE(cp);
    EXPECT_EQ(cp->device(), QStringLiteral("cpu"));
    EXPECT_TRUE(rankedBy(*window, cp->displayName()));
}

TEST_F(CheckpointTest, RealCheckpoint_IsDescribedLoadedRankedAndComesBackOnReopen)
{
    const QString file = copyCheckpoint(checkpointsDir(), QStringLiteral("mimic-own.pt"));
    const auto description = ui::describeCheckpoint(file);
    EXPECT_EQ(description.linker, QStringLiteral("mimic"));
    EXPECT_TRUE(description.cachesEntityFeatures);  // so the app encodes the KB in the background
    EXPECT_EQ(description.dataset, QStringLiteral("wikidata-mel"));
    EXPECT_EQ(description.bestEpoch, 1);
    EXPECT_GE(description.devMrr, 0.0);
    EXPECT_TRUE(description.summary().contains(QStringLiteral("wikidata-mel")));
    EXPECT_TRUE(description.summary().contains(QStringLiteral("MRR")));

    ASSERT_TRUE(loadAndWait(file)) << window->lastError().toStdString();
    const auto provider = window->linkers().find(ui::CheckpointProvider::idFor(QFileInfo(file).absoluteFilePath()));
    ASSERT_TRUE(provider);
    EXPECT_TRUE(provider->canTrain());
    ASSERT_TRUE(rankedBy(*window, provider->displayName()));
    // A learned linker explains itself: gates and an attention map for the heatmap (drawn a turn after the cards).
    EXPECT_TRUE(waitFor([&] { return window->explainPanel()->mapSelector()->count() > 0; }));
    EXPECT_GT(window->explainPanel()->gateBarCount() + window->explainPanel()->unitSeriesCount(), 0);
    ASSERT_TRUE(window->retrainSettings().has_value());
    EXPECT_EQ(window->retrainSettings()->linker, QStringLiteral("mimic"));
    EXPECT_EQ(window->retrainSettings()->modelConfigJson, description.configJson);

    // In the background the service encodes every KB entity once for this learned linker; the name linker
    // needs no such warm-up.
    const auto& service = window->rankingService();
    const int entities = static_cast<int>(window->project().kb()->entities().size());
    EXPECT_EQ(service.warmUpTotal(), entities);
    EXPECT_TRUE(waitFor([&] { return service.warmedEntities() == entities; }, 60000)) << service.warmedEntities();
    EXPECT_EQ(service.warmedFromProject(), 0) << "a new checkpoint: nothing stored yet";
    {
        // ... and stores what it encoded in the project, under this checkpoint.
        core::Store store(projectFile);
        const auto models = core::featureModels(store);
        ASSERT_EQ(models.size(), 1u);
        EXPECT_EQ(models[0].linker, "mimic");
        EXPECT_EQ(models[0].entities, entities);
        EXPECT_EQ(models[0].checkpointPath, QFileInfo(file).absoluteFilePath().toStdString());
    }
    window->setActiveLinker(QStringLiteral("name"));
    EXPECT_EQ(service.warmUpTotal(), 0);
    window->setActiveLinker(provider->id());
    EXPECT_EQ(service.warmUpTotal(), entities) << "a linker made active again warms up again (a new instance)";

    // Reopening the project brings the checkpoint back, still active.
    window.reset();
    auto reopened = openWindow();
    ASSERT_TRUE(reopened->linkers().find(provider->id()));
    EXPECT_TRUE(rankedBy(*reopened, provider->displayName()));
    // Its warm-up now takes every entity from the project instead of encoding it.
    const auto& again = reopened->rankingService();
    EXPECT_TRUE(waitFor([&] { return again.warmedEntities() == entities; }, 60000)) << again.warmedEntities();
    EXPECT_EQ(again.warmedFromProject(), entities);
    EXPECT_TRUE(reopened->statusBar()->currentMessage().contains(QStringLiteral("read from the project")))
        << reopened->statusBar()->currentMessage().toStdString();

    // Model > Stored entity features lists them (in a job) and drops them on request.
    int listed = -1, dropped = -1;
    qint64 bytes = -1;
    QObject::connect(reopened.get(), &ui::MainWindow::storedFeaturesListed, reopened.get(),
                     [&](int models, qint64 b, int d) {
                         listed = models;
                         bytes = b;
                         dropped = d;
                     });
    ASSERT_TRUE(reopened->showStoredFeatures());
    ASSERT_TRUE(waitFor([&] { return listed >= 0; }, 60000));
    EXPECT_EQ(listed, 1);
    EXPECT_GT(bytes, 0);
    EXPECT_EQ(dropped, 0);
    listed = -1;
    ASSERT_TRUE(reopened->showStoredFeatures(true));
    ASSERT_TRUE(waitFor([&] { return listed >= 0; }, 60000));
    EXPECT_EQ(listed, 0);
    EXPECT_EQ(dropped, 1);
    core::Store store(projectFile);
    EXPECT_TRUE(core::featureModels(store).empty());
}

TEST_F(CheckpointTest, Explanation_IsClearedAsSoonAsItsMentionIsNoLongerTheRankedOne)
{
    const QString file = copyCheckpoint(checkpointsDir(), QStringLiteral("explain.pt"));
    ASSERT_TRUE(loadAndWait(file)) << window->lastError().toStdString();
    const auto provider = window->linkers().find(ui::CheckpointProvider::idFor(QFileInfo(file).absoluteFilePath()));
    ASSERT_TRUE(provider);
    ASSERT_TRUE(rankedBy(*window, provider->displayName()));
    ASSERT_TRUE(waitFor([&] { return window->explainPanel()->mapSelector()->count() > 0; }));
    // Another mention selected (here none): until its own ranking arrives, the charts and heat overlay of the
    // previous one must not stay up as if they explained it.
    window->controller().selectMention(0);
    EXPECT_EQ(window->explainPanel()->mapSelector()->count(), 0);
    EXPECT_EQ(window->explainPanel()->gateBarCount() + window->explainPanel()->unitSeriesCount(), 0);
}

TEST_F(CheckpointTest, ACheckpointReplacedAfterItWasLoaded_IsNotLoadedAgainWithoutItsCheck)
{
    // Loaded (and checked) once; later loads (Link all, a new KB or device) read the file again: a replaced file
    // could carry other TorchScript code, so it must go through Load checkpoint and its trust check again.
    const QString file = copyCheckpoint(checkpointsDir(), QStringLiteral("replaced.pt"));
    ASSERT_TRUE(loadAndWait(file)) << window->lastError().toStdString();
    const auto provider = window->linkers().find(ui::CheckpointProvider::idFor(QFileInfo(file).absoluteFilePath()));
    ASSERT_TRUE(provider);
    EXPECT_TRUE(provider->create());  // the preloaded instance or the unchanged file
    EXPECT_TRUE(provider->create());
    std::ofstream(file.toStdString(), std::ios::app) << "appended";
    try {
        provider->create();
        ADD_FAILURE() << "a changed checkpoint was loaded again without a check";
    } catch (const core::Error& e) {
        EXPECT_NE(std::string(e.what()).find("changed since it was loaded"), std::string::npos) << e.what();
    }
}

TEST_F(CheckpointTest, GarbageFile_ShowsTheFileAndTheReason_AndRegistersNothing)
{
    const QString file = checkpointsDir() + QStringLiteral("/garbage.pt");
    std::filesystem::create_directories(checkpointsDir().toStdString());
    std::ofstream(file.toStdString()) << "this is not a checkpoint at all\n";
    const auto before = window->linkers().providers().size();
    EXPECT_FALSE(loadAndWait(file));
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("garbage.pt"))) << window->lastError().toStdString();
    EXPECT_EQ(window->linkers().providers().size(), before);
}

TEST_F(CheckpointTest, TruncatedCheckpoint_ShowsTheFileAndTheReason_AndRegistersNothing)
{
    const QString full = copyCheckpoint(checkpointsDir(), QStringLiteral("truncated.pt"));
    std::filesystem::resize_file(full.toStdString(), std::filesystem::file_size(full.toStdString()) / 2);
    const auto before = window->linkers().providers().size();
    window->loadCheckpoint(full);  // fails at once (header) or in the loading job (weights)
    ASSERT_TRUE(window->jobs().waitForIdle(60000));
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("truncated.pt"))) << window->lastError().toStdString();
    EXPECT_EQ(window->linkers().providers().size(), before);
    EXPECT_FALSE(window->linkers().find(ui::CheckpointProvider::idFor(full)));
}

TEST_F(CheckpointTest, UntrustedFile_IsRefusedUntilTrusted_AndAChangedFileIsUntrustedAgain)
{
    const QString file = copyCheckpoint(QString::fromStdString((dir / "downloads").string()), QStringLiteral("x.pt"));
    EXPECT_FALSE(ui::FileTrust::isTrusted(file, project()));
    EXPECT_FALSE(window->loadCheckpoint(file));
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("TorchScript"))) << window->lastError().toStdString();
    EXPECT_FALSE(window->linkers().find(ui::CheckpointProvider::idFor(file)));

    ui::FileTrust::trust(file);
    ASSERT_TRUE(loadAndWait(file)) << window->lastError().toStdString();
    EXPECT_TRUE(window->linkers().find(ui::CheckpointProvider::idFor(file)));

    std::ofstream(file.toStdString(), std::ios::app) << "x";  // size and mtime change
    EXPECT_FALSE(ui::FileTrust::isTrusted(file, project()));
    // Files in the project's own checkpoints folder need no trust.
    EXPECT_TRUE(ui::FileTrust::isTrusted(copyCheckpoint(checkpointsDir(), QStringLiteral("own.pt")), project()));
}

TEST_F(CheckpointTest, WarningDialog_LoadAnywayRemembersTheFile_CancelDoesNot)
{
    const QString a = copyCheckpoint(QString::fromStdString((dir / "elsewhere").string()), QStringLiteral("a.pt"));
    const QString b = copyCheckpoint(QString::fromStdString((dir / "elsewhere").string()), QStringLiteral("b.pt"));
    auto clickLater = [](const QString& objectName) {
        QTimer::singleShot(50, [objectName] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            ASSERT_TRUE(box);
            EXPECT_TRUE(box->informativeText().contains(QStringLiteral("only load files from people you trust")));
            if (objectName.isEmpty())
                box->button(QMessageBox::Cancel)->click();
            else
                box->findChild<QAbstractButton*>(objectName)->click();
        });
    };
    clickLater(QString());
    EXPECT_FALSE(ui::confirmModelFile(window.get(), b, project()));
    EXPECT_FALSE(ui::FileTrust::isTrusted(b, project()));
    clickLater(QStringLiteral("loadAnyway"));
    EXPECT_TRUE(ui::confirmModelFile(window.get(), a, project()));
    EXPECT_TRUE(ui::FileTrust::isTrusted(a, project()));
    EXPECT_TRUE(ui::confirmModelFile(window.get(), a, project())) << "asked only once";
}
