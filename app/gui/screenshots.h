// `melstudio --screenshot DIR`: waits until the demo is loaded and ranked, then saves the main views as PNGs.
#pragma once

#include <QString>

namespace mel::ui {
class MainWindow;
}

namespace mel::app {

// Drives the window to a representative state (a sample with an image and candidates, linked predictions),
// saves the screenshots and quits the application with 0 (or 1 when it could not get there in time).
void scheduleScreenshots(mel::ui::MainWindow& window, const QString& dir);

} // namespace mel::app
