// Command-line parsing for melstudio (QCommandLineParser; positional FILE or --project FILE).
#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace mel::app {

LaunchOptions parseCommandLine(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("melstudio", "MELStudio: multimodal entity linking annotation"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption project({QStringLiteral("p"), QStringLiteral("project")},
                                     QCoreApplication::translate("melstudio", "Open (or create) this project file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate("melstudio", "Open the demo project (created from resources/demo on first use; "
                                                 "the default). With --project, import the demo into that file."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("melstudio", "Save screenshots of the main views into DIR, then quit."),
        QStringLiteral("DIR"));
    parser.addOption(project);
    parser.addOption(demo);
    parser.addOption(screenshot);
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QCoreApplication::translate("melstudio", "Project file to open (same as --project)."),
                                 QStringLiteral("[FILE]"));

    LaunchOptions options;
    if (!parser.parse(arguments)) {
        options.error = parser.errorText();
        return options;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        options.error = QCoreApplication::translate("melstudio", "Expected at most one project file, got %1")
                            .arg(positional.size());
        return options;
    }
    QString file = parser.value(project);
    if (file.isEmpty() && !positional.isEmpty())
        file = positional.constFirst();
    // A desktop launcher may pass a file:// URL for %f.
    if (file.startsWith(QStringLiteral("file://")))
        file = QUrl(file).toLocalFile();
    if (!file.isEmpty())
        options.projectFile = QFileInfo(file).absoluteFilePath();
    options.demo = parser.isSet(demo);
    if (parser.isSet(screenshot))
        options.screenshotDir = QDir(parser.value(screenshot)).absolutePath();
    return options;
}

} // namespace mel::app
