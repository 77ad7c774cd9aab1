// ui_bench: browse latency over 10^5 samples and event-loop stalls while a long job runs in the JobRunner.
//
//   ui_bench [--samples N] [--identical N] [--seconds S] [--project FILE] [--slow-events MS]
//
// 1. Builds a project: the bundled Wikidata-MEL demo (KB + samples) plus N synthetic samples whose mentions are
//    KB names (so linking them is real work), about a third of them labelled; the first --identical of them
//    (default 10,000) all name the same entity.
// 2. Times the browser's queries on it (filtered id lists, one page of rows).
// 3. Opens the main window (offscreen unless QT_QPA_PLATFORM says otherwise), labels one of the identical mentions
//    and times "Apply to identical mentions" over the others and its undo: the GUI thread's own work and the
//    events it queued.
// 4. Measures how late a 10 ms timer fires, S seconds per phase: without a job and while "Link all" runs in the
//    JobRunner (cancelled at the end of the phase), first with the timer alone, then while the selection moves to
//    the next sample every 500 ms (a brisk annotator: each move reads the sample, ranks its mentions and redraws
//    text, image, cards and charts).
// 5. With the models layer: the same two phases while Model > Train runs (MIMIC with the default configuration on
//    the demo's Wikidata-MEL, all cores, live curves fed after every batch), measured from its first batch on (not
//    while it loads its data) and cancelled at the end of the phase.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include "mainwindow.h"
#include "linkers/checkpointtrust.h"
#include "training/trainingpanel.h"
#include "mel/core/io/importbench.h"
#include "mel/core/store/browse.h"
#include "mel/core/store/store.h"

using namespace mel;

namespace {

// Times every top-level event the GUI thread dispatches, so a phase can say which handlers made the timer late
// (`--slow-events MS`: events at or above MS are collected by receiver class and event type).
class TracingApplication : public QApplication
{
public:
    using QApplication::QApplication;
    double thresholdMs = 0;  // 0 = off
    struct Slow
    {
        int count = 0;
        double totalMs = 0;
        double maxMs = 0;
    };
    bool notify(QObject* receiver, QEvent* event) override
    {
        if (thresholdMs <= 0 || m_depth > 0)
            return QApplication::notify(receiver, event);
        ++m_depth;
        QElapsedTimer clock;
        clock.start();
        // Read before dispatch: the handler may delete either.
        std::string key = receiver->metaObject()->className();
        const auto type = event->type();
        if (type == QEvent::MetaCall)
            key += " queued call";
        else
            key += " event " + std::to_string(static_cast<int>(type));
        bool handled = false;
        try {
            handled = QApplication::notify(receiver, event);
        } catch (...) {
            --m_depth;
            throw;
        }
        --m_depth;
        const double ms = clock.nsecsElapsed() / 1e6;
        if (ms >= thresholdMs) {
            Slow& s = slow[key];
            ++s.count;
            s.totalMs += ms;
            s.maxMs = std::max(s.maxMs, ms);
        }
        return handled;
    }

    // The slow events collected since the last call (and a fresh collection from now on).
    std::map<std::string, Slow> takeSlow() { return std::exchange(slow, {}); }

    void printSlow(const std::map<std::string, Slow>& events) const
    {
        if (thresholdMs <= 0)
            return;
        std::vector<std::pair<std::string, Slow>> rows(events.begin(), events.end());
        std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.totalMs > b.second.totalMs; });
        for (std::size_t i = 0; i < rows.size() && i < 8; ++i)
            std::printf("    slow %-48s %5d x, total %8.1f ms, max %6.1f ms\n", rows[i].first.c_str(),
                        rows[i].second.count, rows[i].second.totalMs, rows[i].second.maxMs);
    }

private:
    std::map<std::string, Slow> slow;
    int m_depth = 0;
};

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void buildProject(const std::filesystem::path& file, int samples, int identical)
{
    core::Store store(file);
    const auto folder = core::melBenchFolder(MEL_SOURCE_DIR "/resources/demo/wikidata-mel", "wikidata-mel");
    core::importKb(store, folder.kb);
    core::importMelBench(store, folder.dataset);
    const auto names = store.entityNames();
    std::mt19937_64 rng(42);
    core::Transaction tx(store.db());
    const core::RowId ds = store.insertDataset({0, "synthetic", "jsonl", "", "", "", "{}"});
    for (int i = 0; i < samples; ++i) {
        const std::string& a = i < identical ? names.front().second : names[rng() % names.size()].second;
        const std::string& b = names[rng() % names.size()].second;
        core::Sample s;
        s.datasetId = ds;
        s.sourceId = std::to_string(i);
        s.split = i % 10 == 0 ? "test" : (i % 10 == 1 ? "dev" : "train");
        s.text = a + " meets " + b + " in sample " + std::to_string(i);
        s.ordinal = i;
        const core::RowId sid = store.insertSample(s);
        core::Mention m;
        m.sampleId = sid;
        m.surface = a;
        m.begin = 0;
        m.end = static_cast<int>(QString::fromStdString(a).toUcs4().size());
        const core::RowId mid = store.insertMention(m);
        if (i % 3 == 0)
            store.setLabel(mid, i % 9 == 0 ? core::kNil : "Q5", core::LabelSource::Dataset, "", "import");
    }
    tx.commit();
}

double percentileOf(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * v.size()))];
}

struct Lateness
{
    std::vector<double> ms;
    std::vector<double> switchMs;  // the selection move itself, on the GUI thread (read, rank request, redraw)
    double percentile(double p) const { return percentileOf(ms, p); }
    void print(const char* phase) const
    {
        std::printf("%-34s ticks %6zu  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %7.2f ms\n", phase, ms.size(),
                    percentile(50), percentile(95), percentile(99), ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));
        if (!switchMs.empty())
            std::printf("%-34s moves %6zu  p50 %6.2f ms  p95 %6.2f ms  max %7.2f ms\n", "  sample switch", switchMs.size(),
                        percentileOf(switchMs, 50), percentileOf(switchMs, 95),
                        *std::max_element(switchMs.begin(), switchMs.end()));
    }
};

// Runs the event loop for `seconds`, recording how late a 10 ms timer fires; moves the selection every
// `moveEveryTicks` ticks (0: never).
Lateness measure(ui::MainWindow& window, double seconds, int moveEveryTicks)
{
    Lateness out;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10);
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    int tick = 0;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        out.ms.push_back(std::max(0.0, (now - last) / 1e6 - 10.0));
        last = now;
        if (moveEveryTicks > 0 && ++tick % moveEveryTicks == 0) {
            QElapsedTimer move;
            move.start();
            if (!window.browser()->step(+1))
                window.browser()->selectRow(0);
            out.switchMs.push_back(move.nsecsElapsed() / 1e6);
        }
    });
    timer.start();
    QElapsedTimer total;
    total.start();
    while (total.elapsed() < seconds * 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    timer.stop();
    return out;
}

// Labels the first synthetic sample's mention, then times "Apply to identical mentions" (this dataset, people's
// labels kept) and its undo: the call on the GUI thread, then the events it queued (browser and panels).
void timeApplyToIdentical(ui::MainWindow& window)
{
    core::Store& store = window.project().store();
    const auto synthetic = store.dataset("synthetic");
    const auto first = synthetic ? store.sampleBySource(synthetic->id, "0") : std::nullopt;
    const auto mentions = first ? store.mentionsOf(first->id) : std::vector<core::Mention>{};
    if (mentions.empty()) {
        std::printf("apply to identical: no synthetic sample 0\n");
        return;
    }
    window.controller().showSample(first->id);
    window.controller().selectMention(mentions.front().id);
    window.controller().assign(core::kAmbiguous);
    QCoreApplication::processEvents();
    const auto drain = [] {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        return msSince(start);
    };
    auto start = std::chrono::steady_clock::now();
    const int changed = window.controller().applyToIdenticalMentions();
    const double applyMs = msSince(start);
    const double applyEventsMs = drain();
    start = std::chrono::steady_clock::now();
    window.undoStack().undo();
    const double undoMs = msSince(start);
    const double undoEventsMs = drain();
    std::printf("apply to identical: %d mentions labelled in %.1f ms on the GUI thread (then %.1f ms of events); "
                "undone in %.1f ms (then %.1f ms)\n",
                changed, applyMs, applyEventsMs, undoMs, undoEventsMs);
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MELStudioBench"));
    int samples = 100000;
    int identical = 10000;
    double seconds = 10;
    std::filesystem::path project;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--samples")
            samples = std::stoi(argv[i + 1]);
        else if (flag == "--identical")
            identical = std::stoi(argv[i + 1]);
        else if (flag == "--seconds")
            seconds = std::stod(argv[i + 1]);
        else if (flag == "--project")
            project = argv[i + 1];
        else if (flag == "--slow-events")
            app.thresholdMs = std::stod(argv[i + 1]);
    }
    const bool temporary = project.empty();
    if (temporary)
        project = std::filesystem::temp_directory_path() / ("mel-ui-bench-" + std::to_string(::getpid()) + ".melproj");
    if (!std::filesystem::exists(project)) {
        const auto start = std::chrono::steady_clock::now();
        buildProject(project, samples, identical);
        std::printf("built %s with %d synthetic samples + the demo in %.0f ms\n", project.c_str(), samples,
                    msSince(start));
    }

    {
        core::Store store(project);
        const auto stats = store.stats();
        std::printf("project: %lld samples, %lld mentions, %lld entities\n", static_cast<long long>(stats.samples),
                    static_cast<long long>(stats.mentions), static_cast<long long>(stats.entities));
        auto filter = [](core::LabelStateFilter state, std::optional<std::string> split, std::string text) {
            core::SampleFilter f;
            f.state = state;
            f.split = std::move(split);
            f.text = std::move(text);
            return f;
        };
        const std::pair<const char*, core::SampleFilter> filters[] = {
            {"all samples", filter(core::LabelStateFilter::Any, std::nullopt, "")},
            {"unlabeled", filter(core::LabelStateFilter::Unlabeled, std::nullopt, "")},
            {"NIL", filter(core::LabelStateFilter::Nil, std::nullopt, "")},
            {"split=test", filter(core::LabelStateFilter::Any, "test", "")},
            {"text 'meets Ad'", filter(core::LabelStateFilter::Any, std::nullopt, "meets Ad")},
        };
        for (const auto& [name, filter] : filters) {
            filterSampleIds(store, filter);  // warm the page cache once, as a session would
            const auto start = std::chrono::steady_clock::now();
            const auto ids = filterSampleIds(store, filter);
            const double idsMs = msSince(start);
            const auto pageStart = std::chrono::steady_clock::now();
            const auto rows = sampleRows(store, std::span<const core::RowId>(ids.data(), std::min<std::size_t>(128, ids.size())));
            std::printf("filter %-16s %7zu ids in %7.2f ms; first page of %zu rows in %5.2f ms\n", name, ids.size(),
                        idsMs, rows.size(), msSince(pageStart));
        }
    }

    ui::MainWindow window;
    window.setInteractive(false);
    window.show();
    if (!window.openProject(QString::fromStdString(project.string())))
        return 1;
    window.jobs().waitForIdle(120000);
    if (identical > 1)
        timeApplyToIdentical(window);
    window.browser()->selectRow(0);

    // One phase: optionally start Link all, measure, cancel the job if it is still running.
    enum class Job { None, LinkAll, Train };
    auto phase = [&](Job job, int moveEveryTicks, const char* name) {
        if (job == Job::LinkAll && !window.startLinkAll())
            std::printf("could not start Link all\n");
        if (job == Job::Train) {
            ui::TrainingSettings settings;
            settings.dataset = QStringLiteral("wikidata-mel");
            settings.linker = QStringLiteral("mimic");
            settings.epochs = 50;  // longer than the phase: it is cancelled at the end
            window.trainingPanel()->curves()->clear();  // the previous phase's points
            if (!window.startTraining(settings))
                std::printf("could not start training\n");
            // Measure the optimisation itself, not the data loading before it: wait for the first loss point.
            QElapsedTimer wait;
            wait.start();
            while (window.trainingPanel()->curves()->lossPointCount() == 0 && window.jobs().isRunning() &&
                   wait.elapsed() < 180000)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            std::printf("training: first loss point after %.1f s\n", wait.elapsed() / 1000.0);
        }
        app.takeSlow();  // what came before the phase
        const Lateness l = measure(window, seconds, moveEveryTicks);
        const auto slow = app.takeSlow();  // this phase's, not the cancel's below
        const bool ended = job != Job::None && !window.jobs().isRunning();
        window.jobs().cancel();
        window.jobs().waitForIdle(60000);
        l.print(ended ? (std::string(name) + " (job ended early)").c_str() : name);
        app.printSlow(slow);
        return l;
    };
    std::printf("event-loop lateness of a 10 ms timer, %.0f s per phase:\n", seconds);
    const Lateness quiet = phase(Job::None, 0, "timer only, no job");
    const Lateness busy = phase(Job::LinkAll, 0, "timer only, Link all");
    const Lateness moving = phase(Job::None, 50, "moving, no job");
    const Lateness movingBusy = phase(Job::LinkAll, 50, "moving, Link all");
#ifdef MEL_HAVE_MODELS
    const Lateness training = phase(Job::Train, 0, "timer only, Training");
    const Lateness movingTraining = phase(Job::Train, 50, "moving, Training");
    const int batches = window.trainingPanel()->curves()->lossPointCount();
    std::printf("training phases: %d loss points in the last phase's curve\n", batches);
#else
    Lateness training, movingTraining;
#endif
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) < 1)
        load[0] = -1;
    std::printf("{\"samples\": %d, \"loadavg1\": %.2f, \"p99_ms\": {\"no_job\": %.2f, \"link_all\": %.2f, "
                "\"moving_no_job\": %.2f, \"moving_link_all\": %.2f, \"training\": %.2f, \"moving_training\": %.2f}}\n",
                samples, load[0], quiet.percentile(99), busy.percentile(99), moving.percentile(99),
                movingBusy.percentile(99), training.percentile(99), movingTraining.percentile(99));
    if (temporary) {
        core::removeProjectFile(project);
        std::filesystem::remove_all(ui::checkpointsFolder(QString::fromStdString(project.string())).toStdString());
    }
    return 0;
}
