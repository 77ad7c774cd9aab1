// Test helpers: the demo project is imported once into a template file and copied for each test.
#include "uitest.h"

#include <random>

#include <QCoreApplication>
#include <QSettings>
#include <QTest>
#include <QElapsedTimer>

#include "mel/core/io/importbench.h"
#include "mel/core/store/store.h"

namespace mel::test {

QApplication& app()
{
    static int argc = 1;
    static char name[] = "ui_tests";
    static char* argv[] = {name, nullptr};
    static QApplication* instance = [] {
        auto* a = new QApplication(argc, argv);
        // Keep the tests away from the user's real settings (recent projects, annotator).
        QCoreApplication::setOrganizationName(QStringLiteral("MELStudioTests"));
        QCoreApplication::setApplicationName(QStringLiteral("ui_tests"));
        // One settings folder per test process: tests that change preferences (keys, candidate count) cannot
        // leak into another test process running at the same time (ctest -j).
        static UiTempDir settingsDir;
        const QString path = QString::fromStdString(settingsDir.path().string());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, path);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, path);
        return a;
    }();
    return *instance;
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    // Processes events and sleeps up to 10 ms between checks: a spinning wait kept a core busy and starved the
    // jobs under test (they run below the GUI thread's priority) when CTest ran tests in parallel.
    return condition() || QTest::qWaitFor([&] { return condition(); }, timeoutMs);
}

UiTempDir::UiTempDir()
{
    std::random_device rd;
    m_path = std::filesystem::temp_directory_path() / ("mel-ui-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(m_path);
}

UiTempDir::~UiTempDir() { std::filesystem::remove_all(m_path); }

std::filesystem::path demoProjectCopy(const UiTempDir& dir)
{
    static UiTempDir templateDir;
    static const std::filesystem::path templateFile = [] {
        const auto file = templateDir / "demo-template.melproj";
        core::Store store(file);
        const auto folder = core::melBenchFolder(MEL_SOURCE_DIR "/resources/demo/wikidata-mel", "wikidata-mel");
        core::importKb(store, folder.kb);
        core::importMelBench(store, folder.dataset);
        return file;
    }();  // the Store closes here, checkpointing the WAL into the main file
    const auto copy = dir / "demo.melproj";
    std::filesystem::copy_file(templateFile, copy, std::filesystem::copy_options::overwrite_existing);
    return copy;
}

} // namespace mel::test
