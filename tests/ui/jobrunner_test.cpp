// JobRunner: jobs run off the GUI thread, report progress, can be cancelled, and fail with their message.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include <QThread>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "jobs/jobrunner.h"
#include "mel/core/util/error.h"
#include "uitest.h"

using namespace mel;
using mel::test::waitFor;

TEST(JobRunner, JobRunner_RunsOnAWorkerThreadAndAppliesOnTheGuiThread)
{
    test::app();
    ui::JobRunner runner;
    QThread* workThread = nullptr;
    QThread* applyThread = nullptr;
    QString summary;
    QObject::connect(&runner, &ui::JobRunner::finished, [&](const QString&, const QString& s) { summary = s; });
    ASSERT_TRUE(runner.start("work", [&](const core::JobContext&) {
        workThread = QThread::currentThread();
        return ui::JobResult{"ok", [&] { applyThread = QThread::currentThread(); }};
    }));
    ASSERT_TRUE(waitFor([&] { return !runner.isRunning(); }));
    EXPECT_EQ(summary, "ok");
    EXPECT_NE(workThread, QThread::currentThread());
    EXPECT_EQ(applyThread, QThread::currentThread());
}

#if defined(__linux__)
namespace {
int niceOfThisThread() { return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid))); }
} // namespace

// Jobs, and the threads a job starts (LibTorch's OpenMP team), run below the GUI thread's priority.
TEST(JobRunner, JobRunner_JobsAndTheirThreadsRunAtLowerPriorityThanTheGuiThread)
{
    test::app();
    const int gui = niceOfThisThread();
    ui::JobRunner runner;
    int job = -100, child = -100;
    ASSERT_TRUE(runner.start("work", [&](const core::JobContext&) {
        job = niceOfThisThread();
        std::thread([&] { child = niceOfThisThread(); }).join();
        return ui::JobResult{"ok", {}};
    }));
    ASSERT_TRUE(waitFor([&] { return !runner.isRunning(); }));
    EXPECT_EQ(niceOfThisThread(), gui) << "the GUI thread keeps its priority";
    EXPECT_EQ(job, std::min(gui + ui::JobRunner::kJobNice, 19));
    EXPECT_EQ(child, job);
}
#endif

TEST(JobRunner, JobRunner_CancelStopsALongJobAndReportsCancelled)
{
    test::app();
    ui::JobRunner runner;
    bool cancelled = false;
    double lastProgress = -1;
    QObject::connect(&runner, &ui::JobRunner::cancelled, [&] { cancelled = true; });
    QObject::connect(&runner, &ui::JobRunner::progress, [&](double f, const QString&) { lastProgress = f; });
    ASSERT_TRUE(runner.start("endless", [](const core::JobContext& job) -> ui::JobResult {
        for (int i = 0;; ++i) {
            if (job.isCancelled())
                throw core::Error(core::ErrorCode::Cancelled, "stopped");
            job.report((i % 1000) / 1000.0, "spinning");
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }));
    EXPECT_TRUE(waitFor([&] { return lastProgress >= 0; }));
    EXPECT_FALSE(runner.start("second", [](const core::JobContext&) { return ui::JobResult{}; }))
        << "one job at a time";
    runner.cancel();
    ASSERT_TRUE(waitFor([&] { return !runner.isRunning(); }));
    EXPECT_TRUE(cancelled);
}

TEST(JobRunner, JobRunner_AJobThatReturnsAfterALateCancelStillHandsOver)
{
    // Cancel pressed after the job's last check (e.g. while an import builds its KB index, having already committed
    // the new KB): the work is done, so its hand-over must run and it reports finished, not cancelled.
    test::app();
    ui::JobRunner runner;
    bool finished = false, cancelled = false, applied = false;
    QObject::connect(&runner, &ui::JobRunner::finished, [&] { finished = true; });
    QObject::connect(&runner, &ui::JobRunner::cancelled, [&] { cancelled = true; });
    std::atomic<bool> pastLastCheck{false}, cancelPressed{false};
    ASSERT_TRUE(runner.start("late cancel", [&](const core::JobContext& job) -> ui::JobResult {
        if (job.isCancelled())
            throw core::Error(core::ErrorCode::Cancelled, "stopped");
        pastLastCheck = true;
        while (!cancelPressed)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return ui::JobResult{"done", [&] { applied = true; }};
    }));
    ASSERT_TRUE(waitFor([&] { return pastLastCheck.load(); }));
    runner.cancel();
    cancelPressed = true;
    ASSERT_TRUE(waitFor([&] { return !runner.isRunning(); }));
    EXPECT_TRUE(applied);
    EXPECT_TRUE(finished);
    EXPECT_FALSE(cancelled);
}

TEST(JobRunner, JobRunner_FailureCarriesTheErrorMessage)
{
    test::app();
    ui::JobRunner runner;
    QString error;
    QObject::connect(&runner, &ui::JobRunner::failed, [&](const QString&, const QString& e) { error = e; });
    runner.start("bad", [](const core::JobContext&) -> ui::JobResult {
        throw core::Error(core::ErrorCode::Invalid, "bad value", {"f.json", "7", "answer"});
    });
    ASSERT_TRUE(waitFor([&] { return !runner.isRunning(); }));
    EXPECT_TRUE(error.contains("f.json")) << error.toStdString();
    EXPECT_TRUE(error.contains("bad value"));
}

TEST(JobRunner, JobRunner_ProgressIsThrottled)
{
    test::app();
    ui::JobRunner runner;
    int signals = 0;
    QObject::connect(&runner, &ui::JobRunner::progress, [&] { ++signals; });
    runner.start("chatty", [](const core::JobContext& job) {
        for (int i = 0; i < 200000; ++i)
            job.report(i / 200000.0, "step");
        job.report(1.0, "done");
        return ui::JobResult{};
    });
    ASSERT_TRUE(waitFor([&] { return !runner.isRunning(); }));
    EXPECT_GE(signals, 1);
    EXPECT_LT(signals, 200);
}
