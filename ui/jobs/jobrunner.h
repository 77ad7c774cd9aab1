// One worker thread that runs long jobs (import, link all, evaluate, export, train) with progress and cancel.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <utility>

#include <QObject>
#include <QString>
#include <QThread>

#include "mel/core/linker/linker.h"

namespace mel::ui {

// What a finished job hands back: a one-line summary, and work to apply on the GUI thread (e.g. swap in a
// freshly built KB index, refresh a view). Only plain values may be captured, never objects of the worker.
struct JobResult
{
    // A constructor rather than an aggregate: most jobs give a summary and an apply step, and leave out the notes.
    JobResult(QString summaryText = {}, std::function<void()> applyStep = {}, QString notesText = {})
        : summary(std::move(summaryText)), apply(std::move(applyStep)), notes(std::move(notesText))
    {
    }
    QString summary;
    std::function<void()> apply;
    QString notes;  // what the user should read, e.g. records an import skipped ("" = none): shown after the job
};

// Runs on the worker thread. Report progress and honour cancel through the JobContext; throw core::Error
// (ErrorCode::Cancelled when cancelled) or any std::exception to fail. A job that returns counts as finished
// (its apply runs) even if Cancel was pressed after its last check.
using JobWork = std::function<JobResult(const core::JobContext&)>;

// The GUI thread never runs bulk database or model work: it asks the JobRunner, which runs one job at a time on
// its own thread and reports back through queued signals. Progress signals are throttled so that a job calling
// report() in a tight loop cannot flood the event loop.
//
// The worker thread runs at a lower CPU priority (kJobNice steps of nice on Linux), and so do the LibTorch/OpenMP
// threads it starts (they inherit it): when training or Link all keep every core busy, the GUI thread still gets a
// core as soon as it wakes, so the window stays responsive; on an idle machine the job runs as fast as before.
// 5 steps give the GUI thread about three times a job thread's share when both want a core. The first stall figures
// (docs/performance-history.md) were measured with 10; 5 is kept because at 10 other programs' threads (and, in
// CTest runs, other tests) starved the job.
class JobRunner : public QObject
{
    Q_OBJECT

public:
    static constexpr int kJobNice = 5;

    explicit JobRunner(QObject* parent = nullptr);
    // Cancels the running job and waits for the worker to finish it.
    ~JobRunner() override;

    // Starts `work` unless a job is already running (then returns false and does nothing).
    // `writesProject`: the job holds long write transactions, so interactive label edits must wait.
    bool start(const QString& title, JobWork work, bool writesProject = true);
    bool isRunning() const { return m_running; }
    bool isWritingProject() const { return m_running && m_writes; }
    QString currentTitle() const { return m_title; }
    // Blocks the calling (GUI) thread until the current job ended; for tests and shutdown only.
    bool waitForIdle(int timeoutMs);

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void started(const QString& title);
    void progress(double fraction, const QString& message);
    void finished(const QString& title, const QString& summary);
    // After finished, when the job left notes (JobResult::notes) for the user to read.
    void notesReady(const QString& title, const QString& notes);
    void failed(const QString& title, const QString& error);
    void cancelled(const QString& title);
    void runningChanged(bool running);

private:
    void complete(int outcome, const QString& text, const std::function<void()>& apply, const QString& notes);

    QThread m_thread;
    QObject* m_worker = nullptr;  // lives in m_thread; jobs are posted to it
    std::atomic<bool> m_cancel{false};
    std::atomic<std::int64_t> m_lastProgressNs{0};
    bool m_running = false;
    bool m_writes = false;
    QString m_title;
};

} // namespace mel::ui
