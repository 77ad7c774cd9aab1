// JobRunner: posts jobs to a worker QObject living in its own QThread; results come back as queued calls.
#include "jobs/jobrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>

#include "mel/core/util/error.h"

#include <algorithm>
#include <cerrno>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace mel::ui {

namespace {

// Lowers the calling thread's CPU priority by `nice` steps (at most to 19). On Linux nice is per thread and inherited
// by threads it creates later (OpenMP's team for this thread); elsewhere a no-op.
void lowerThisThreadsPriority(int nice)
{
#if defined(__linux__)
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0)  // best effort: a failure only means the job runs at the GUI's priority
        ::setpriority(PRIO_PROCESS, tid, std::min(current + nice, 19));
#else
    (void)nice;
#endif
}

enum Outcome
{
    Finished,
    Failed,
    Cancelled,
};

constexpr std::int64_t kProgressIntervalNs = 50'000'000;  // at most 20 progress updates per second

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

JobRunner::JobRunner(QObject* parent)
    : QObject(parent)
{
    m_thread.setObjectName("mel-jobs");
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    // Before any job runs on it, so that every thread a job starts inherits the priority too.
    QMetaObject::invokeMethod(m_worker, [] { lowerThisThreadsPriority(kJobNice); }, Qt::BlockingQueuedConnection);
}

JobRunner::~JobRunner()
{
    m_cancel = true;
    m_thread.quit();
    m_thread.wait();
}

bool JobRunner::start(const QString& title, JobWork work, bool writesProject)
{
    if (m_running)
        return false;
    m_running = true;
    m_writes = writesProject;
    m_title = title;
    m_cancel = false;
    m_lastProgressNs = 0;
    Q_EMIT runningChanged(true);
    Q_EMIT started(title);

    QPointer<JobRunner> self(this);
    QMetaObject::invokeMethod(m_worker, [this, self, work = std::move(work)] {
        core::JobContext ctx;
        ctx.cancelled = &m_cancel;
        ctx.progress = [this, self](double fraction, std::string_view message) {
            const std::int64_t now = nowNs();
            std::int64_t last = m_lastProgressNs.load();
            if (fraction < 1.0 && now - last < kProgressIntervalNs)
                return;
            if (!m_lastProgressNs.compare_exchange_strong(last, now))
                return;
            const QString text = QString::fromUtf8(message.data(), static_cast<qsizetype>(message.size()));
            QMetaObject::invokeMethod(
                this, [self, fraction, text] { if (self) Q_EMIT self->progress(fraction, text); },
                Qt::QueuedConnection);
        };
        int outcome = Finished;
        QString text, notes;
        std::function<void()> apply;
        try {
            // A job that returns has done its work (every job throws Cancelled when it stops early), even when
            // Cancel came after its last check: its hand-over must run, or the GUI would keep showing what the
            // project held before (e.g. the old KB index after an import that already committed the new KB).
            JobResult result = work(ctx);
            text = result.summary;
            notes = result.notes;
            apply = std::move(result.apply);
        } catch (const core::Error& e) {
            outcome = e.code() == core::ErrorCode::Cancelled ? Cancelled : Failed;
            text = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            outcome = Failed;
            text = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [self, outcome, text, apply, notes] { if (self) self->complete(outcome, text, apply, notes); },
            Qt::QueuedConnection);
    });
    return true;
}

void JobRunner::complete(int outcome, const QString& text, const std::function<void()>& apply, const QString& notes)
{
    const QString title = m_title;
    QString failure;
    if (outcome == Finished && apply) {
        try {
            apply();
        } catch (const std::exception& e) {
            outcome = Failed;
            failure = QString::fromStdString(e.what());
        }
    }
    m_running = false;
    m_writes = false;
    m_title.clear();
    Q_EMIT runningChanged(false);
    if (outcome == Finished) {
        Q_EMIT finished(title, text);
        if (!notes.isEmpty())
            Q_EMIT notesReady(title, notes);
    }
    else if (outcome == Cancelled)
        Q_EMIT cancelled(title);
    else
        Q_EMIT failed(title, failure.isEmpty() ? text : failure);
}

void JobRunner::cancel()
{
    if (m_running)
        m_cancel = true;
}

bool JobRunner::waitForIdle(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (m_running && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return !m_running;
}

} // namespace mel::ui
