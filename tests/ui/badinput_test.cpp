// Bad project files in the GUI: a file that is not SQLite and a project from a newer MELStudio give a clear
// error naming the file, and the window keeps working (no crash, nothing half-open).
#include <gtest/gtest.h>

#include <fstream>

#include "mainwindow.h"
#include "mel/core/store/store.h"
#include "uitest.h"

using namespace mel;

namespace {

struct BadInputTest : ::testing::Test
{
    test::UiTempDir dir;
    std::unique_ptr<ui::MainWindow> window;

    void SetUp() override
    {
        test::app();
        window = std::make_unique<ui::MainWindow>();
        window->setInteractive(false);
        window->show();
    }
};

} // namespace

TEST_F(BadInputTest, NotASqliteFile_IsRefusedWithTheFileName)
{
    const auto file = dir / "notes.melproj";
    std::ofstream(file) << "these are my notes, not a database\n" << std::string(5000, 'x');
    EXPECT_FALSE(window->openProject(QString::fromStdString(file.string())));
    EXPECT_FALSE(window->project().isOpen());
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("notes.melproj"))) << window->lastError().toStdString();
    // The window still opens a good project afterwards.
    const auto good = test::demoProjectCopy(dir);
    EXPECT_TRUE(window->openProject(QString::fromStdString(good.string())));
    EXPECT_TRUE(test::waitFor([&] { return window->project().kb() != nullptr && !window->jobs().isRunning(); }, 60000));
}

TEST_F(BadInputTest, ProjectFromANewerSchema_SaysToUpdate)
{
    const auto file = dir / "future.melproj";
    {
        core::Store store(file);
        store.db().exec("PRAGMA user_version = 999");
    }
    EXPECT_FALSE(window->openProject(QString::fromStdString(file.string())));
    EXPECT_FALSE(window->project().isOpen());
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("newer"))) << window->lastError().toStdString();
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("future.melproj"))) << window->lastError().toStdString();
}

TEST_F(BadInputTest, EmptyAndTruncatedProjectFiles_AreRefusedOrOpenedCleanly)
{
    const auto good = test::demoProjectCopy(dir);
    const auto truncated = dir / "truncated.melproj";
    std::filesystem::copy_file(good, truncated);
    std::filesystem::resize_file(truncated, 3000);  // the header page survives, the schema does not
    const bool opened = window->openProject(QString::fromStdString(truncated.string()));
    if (!opened) {
        EXPECT_TRUE(window->lastError().contains(QStringLiteral("truncated.melproj"))) << window->lastError().toStdString();
    }
    EXPECT_TRUE(window->jobs().waitForIdle(60000));
}
