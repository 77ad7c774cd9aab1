// Screenshot driver: a small state machine on a timer, so the event loop keeps running between steps.
#include "screenshots.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <iostream>

#include "mainwindow.h"

namespace mel::app {

namespace {

// The first row whose sample has an image and at least two mentions (else just an image, else the first row).
int pickRow(mel::ui::MainWindow& window)
{
    auto* model = window.browser()->model();
    auto& store = window.project().store();
    int withImage = -1;
    for (int row = 0; row < std::min(model->rowCount(), 5000); ++row) {
        const auto sample = store.sample(model->sampleIdAt(row));
        if (!sample || sample->imageStatus != mel::core::ImageStatus::Present)
            continue;
        if (store.mentionsOf(sample->id).size() >= 2)
            return row;
        if (withImage < 0)
            withImage = row;
    }
    return std::max(withImage, 0);
}

} // namespace

void scheduleScreenshots(mel::ui::MainWindow& window, const QString& dir)
{
    auto* timer = new QTimer(&window);
    auto* clock = new QElapsedTimer;
    clock->start();
    auto step = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, dir, timer, clock, step] {
        if (clock->elapsed() > 120000) {
            std::cerr << "screenshots: timed out at step " << *step << '\n';
            QApplication::exit(1);
            return;
        }
        if (window.jobs().isRunning())
            return;
        switch (*step) {
        case 0:  // demo imported and indexed: link everything so the browser shows model runs
            if (!window.project().kb())
                return;
            window.startLinkAll();
            *step = 1;
            return;
        case 1: {
            const int row = pickRow(window);
            window.browser()->selectRow(row);
            *step = 2;
            return;
        }
        case 2:
            if (!window.controller().rankingReady())
                return;
            // Move to the second mention so the text shows a selected mention that is not the first.
            window.controller().stepMention(+1);
            *step = 3;
            return;
        case 3:
            if (!window.controller().rankingReady())
                return;
            *step = 4;  // one more tick so the cards are laid out and painted
            return;
        default:
            for (const QString& file : window.saveScreenshots(dir))
                std::cout << "wrote " << file.toStdString() << '\n';
            timer->stop();
            delete clock;
            QApplication::exit(0);
        }
    });
    timer->start(200);
}

} // namespace mel::app
