// The melstudio command line: which project to open and how. Kept apart from main() so tests can parse arguments.
#pragma once

#include <QString>
#include <QStringList>

namespace mel::app {

struct LaunchOptions
{
    QString projectFile;    // absolute; empty = the default demo project
    bool demo = false;      // import the bundled demo data into the project
    QString screenshotDir;  // non-empty: save screenshots there, then quit
    QString error;          // non-empty: bad arguments (the message to print)
};

// Parses `arguments` (arguments[0] is the program). `melstudio FILE` — how the .desktop entry passes `%f` — is the
// same as `melstudio --project FILE`; --project wins when both are given. --help and --version exit the process.
LaunchOptions parseCommandLine(const QStringList& arguments);

} // namespace mel::app
