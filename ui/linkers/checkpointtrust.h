// Which model files may be loaded without a warning: a checkpoint or TorchScript encoder can carry TorchScript
// code, so files from outside the project's own checkpoints folder need the user's explicit trust (issue #9).
#pragma once

#include <QString>

class QWidget;

namespace mel::ui {

// The folder where a project keeps the checkpoints it trained itself: `<dir>/<project base name>.checkpoints`.
QString checkpointsFolder(const QString& projectFile);

// Trust decisions, remembered in QSettings per file path + size + modification time: a file that changes after
// it was trusted is untrusted again.
class FileTrust
{
public:
    // True for files inside the project's checkpoints folder and for files the user trusted before.
    static bool isTrusted(const QString& file, const QString& projectFile);
    static void trust(const QString& file);
    // The remembered identity of a file ("" when it does not exist): absolute path, size and mtime.
    static QString fingerprint(const QString& file);
};

// Asks whether to load an untrusted model file: "Load anyway" (remembered as trusted) or "Cancel".
// Returns true when the file may be loaded. Trusted files return true without asking.
bool confirmModelFile(QWidget* parent, const QString& file, const QString& projectFile);

} // namespace mel::ui
