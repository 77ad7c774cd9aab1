// Writes a file through a temporary sibling that is renamed into place, so a failed export leaves no half file.
#pragma once

#include <filesystem>
#include <fstream>

namespace mel::core {

// Throws Error(Invalid) naming `output` when writing it would replace the project file `project` itself or one of
// SQLite's files beside it (-wal, -shm, -journal), also through links or another spelling of the path: an export or
// a checkpoint must never destroy the project it comes from.
void refuseProjectOutput(const std::filesystem::path& project, const std::filesystem::path& output);

class AtomicFileWriter
{
public:
    // Creates the temporary file next to `target` (same directory, so the rename cannot cross file systems).
    // Throws Error(Io) naming `target` when it cannot.
    explicit AtomicFileWriter(std::filesystem::path target);
    // Removes the temporary file unless commit() succeeded.
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    std::ostream& stream() { return m_out; }
    // Flushes, closes and renames the temporary file over `target`; throws Error(Io) when any step fails.
    void commit();

    const std::filesystem::path& target() const { return m_target; }

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    std::ofstream m_out;
    bool m_committed = false;
};

} // namespace mel::core
