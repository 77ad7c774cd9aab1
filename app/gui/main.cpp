// melstudio: the annotation GUI. `melstudio [FILE] [--project FILE] [--demo] [--screenshot DIR]`; a positional FILE
// (how the .desktop entry passes `%f`) is the same as --project FILE.
#include <filesystem>
#include <iostream>

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include "commandline.h"
#include "i18n/translations.h"
#include "mainwindow.h"
#include "screenshots.h"

namespace {

// The bundled demo data: next to the executable when installed, else in the source tree it was built from.
QString demoDataDir()
{
    const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/melstudio/demo");
    if (QFileInfo::exists(installed))
        return QDir(installed).absolutePath();
    return QStringLiteral(MEL_SOURCE_DIR "/resources/demo");
}

// out/demo.melproj in the source tree when writable (as `melstudio-cli demo` uses), else the app data folder.
QString demoProjectFile()
{
    const QFileInfo source(QStringLiteral(MEL_SOURCE_DIR));
    if (source.isWritable())
        return QStringLiteral(MEL_SOURCE_DIR "/out/demo.melproj");
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo.melproj");
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MELStudio"));
    QApplication::setApplicationName(QStringLiteral("MELStudio"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    // Wayland and the desktop match the window to io.melstudio.MELStudio.desktop (and its icon) by this name.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.melstudio.MELStudio"));
    QApplication::setWindowIcon(mel::ui::applicationIcon());
    // The interface language: the preference, else the system locale (applied before any text is built).
    mel::ui::installTranslations(mel::ui::Preferences::load().language);

    const mel::app::LaunchOptions options = mel::app::parseCommandLine(QCoreApplication::arguments());
    if (!options.error.isEmpty()) {
        std::cerr << "melstudio: " << options.error.toStdString() << "\n";
        return 2;
    }

    mel::ui::MainWindow window;
    const bool screenshots = !options.screenshotDir.isEmpty();
    window.setInteractive(!screenshots);
    window.show();

    bool ok = true;
    if (!options.projectFile.isEmpty() && !options.demo) {
        ok = window.openProject(options.projectFile);
    } else {
        // The demo is also the default: the first run shows a populated project instead of an empty window.
        // With --project too, the demo data is imported into that file instead of the default one.
        const QString file = options.projectFile.isEmpty() ? demoProjectFile() : options.projectFile;
        ok = window.openDemo(file, demoDataDir());
    }
    if (!ok && screenshots) {
        std::cerr << "melstudio: could not open the project\n";
        return 1;
    }
    if (screenshots)
        mel::app::scheduleScreenshots(window, options.screenshotDir);
    return app.exec();
}
