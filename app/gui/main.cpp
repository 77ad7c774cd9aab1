// melstudio: the annotation GUI. `melstudio [--project FILE] [--demo] [--screenshot DIR]`.
#include <filesystem>
#include <iostream>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

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

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("MELStudio: multimodal entity linking annotation"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption project({QStringLiteral("p"), QStringLiteral("project")},
                                     QStringLiteral("Open (or create) this project file."), QStringLiteral("FILE"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Open the demo project (created from resources/demo on first use; "
                                                 "the default). With --project, import the demo into that file."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save screenshots of the main views into DIR, then quit."),
                                        QStringLiteral("DIR"));
    parser.addOption(project);
    parser.addOption(demo);
    parser.addOption(screenshot);
    parser.process(app);

    mel::ui::MainWindow window;
    const bool screenshots = parser.isSet(screenshot);
    window.setInteractive(!screenshots);
    window.show();

    bool ok = true;
    if (parser.isSet(project) && !parser.isSet(demo)) {
        ok = window.openProject(QFileInfo(parser.value(project)).absoluteFilePath());
    } else {
        // The demo is also the default: the first run shows a populated project instead of an empty window.
        // With --project too, the demo data is imported into that file instead of the default one.
        const QString file =
            parser.isSet(project) ? QFileInfo(parser.value(project)).absoluteFilePath() : demoProjectFile();
        ok = window.openDemo(file, demoDataDir());
    }
    if (!ok && screenshots) {
        std::cerr << "melstudio: could not open the project\n";
        return 1;
    }
    if (screenshots)
        mel::app::scheduleScreenshots(window, QDir(parser.value(screenshot)).absolutePath());
    return app.exec();
}
