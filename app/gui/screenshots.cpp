// Screenshot driver: a small state machine on a timer, so the event loop keeps running between steps.
#include "screenshots.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <iostream>

#include "linkers/learnedlinkers.h"
#include "mainwindow.h"
#include "training/trainingjob.h"

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

// A small MIMIC trained for a few epochs on part of the demo, so the explain panel, the heatmap and the training
// curves show a real learned linker (about a minute on two cores).
mel::ui::TrainingSettings screenshotTraining()
{
    mel::ui::TrainingSettings s;
    s.dataset = QStringLiteral("wikidata-mel");
    s.linker = QStringLiteral("mimic");
    s.epochs = 4;
    s.batchSize = 8;
    s.topK = 30;
    s.maxTrainExamples = 160;
    s.maxDevExamples = 64;
    s.patience = 10;
    s.learningRate = 3e-3;
    s.modelConfigJson = QStringLiteral(
        R"({"text":{"dim":32,"ffn":64,"heads":2,"buckets":4096},"image":{"image_size":64,"dim":32,"grid":4,)"
        R"("channels":[16,32]},"mimic":{"hidden":32}})");
    return s;
}

} // namespace

void scheduleScreenshots(mel::ui::MainWindow& window, const QString& dir)
{
    auto* timer = new QTimer(&window);
    auto* clock = new QElapsedTimer;
    clock->start();
    auto step = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, dir, timer, clock, step] {
        if (clock->elapsed() > 900000) {
            std::cerr << "screenshots: timed out at step " << *step << '\n';
            QApplication::exit(1);
            return;
        }
        if (window.jobs().isRunning())
            return;
        switch (*step) {
        case 0:  // demo imported and indexed: train a small learned linker (it becomes the active one)
            if (!window.project().kb())
                return;
            if (mel::ui::learnedLinkersAvailable() && window.startTraining(screenshotTraining()))
                std::cout << "training a small MIMIC linker for the screenshots\n";
            *step = 10;
            return;
        case 10:  // link everything with the active linker so the browser shows model runs
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
