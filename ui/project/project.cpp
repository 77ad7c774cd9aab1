// Project: owns the GUI-thread connection; the KB index arrives from a job.
#include "project/project.h"

#include "mel/core/util/error.h"

namespace mel::ui {

Project::Project(QObject* parent)
    : QObject(parent)
{
}

Project::~Project() = default;

void Project::open(const std::filesystem::path& file)
{
    auto store = std::make_unique<core::Store>(file);
    // Edits on this connection run on the GUI thread: when another process (a CLI import is one transaction) holds
    // the write lock, wait 2 s rather than SQLite's 10 s, then report the edit as not saved (editFailed).
    store->db().exec("PRAGMA busy_timeout = 2000");
    try {
        store->markInterruptedRuns();  // a run whose process was killed would otherwise show "running" for ever
    } catch (const core::Error&) {
        // a read-only project keeps its rows as they are; opening it matters more
    }
    close();
    m_store = std::move(store);
    m_path = file;
    Q_EMIT opened(QString::fromStdString(file.string()));
}

void Project::close()
{
    if (!m_store)
        return;
    m_kb.reset();
    m_store.reset();
    m_path.clear();
    Q_EMIT closed();
}

void Project::setKb(std::shared_ptr<const core::KbCandidates> kb)
{
    m_kb = std::move(kb);
    Q_EMIT kbChanged();
}

} // namespace mel::ui
