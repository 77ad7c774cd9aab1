// Temporary-file-then-rename writing for exports.
#include "mel/core/io/atomicfile.h"

#include <atomic>
#include <random>
#include <system_error>
#include <unistd.h>

#include "mel/core/util/error.h"

namespace mel::core {
namespace {

std::filesystem::path tempSibling(const std::filesystem::path& target)
{
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    const std::string suffix = ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd()) + "-" +
                               std::to_string(counter++);
    return target.parent_path() / (target.filename().string() + suffix);
}

} // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target)
    : m_target(std::move(target))
{
    if (m_target.filename().empty())
        throw Error(ErrorCode::Io, "the output path names no file", {m_target.string(), {}, {}});
    if (std::filesystem::is_directory(m_target))
        throw Error(ErrorCode::Io, "the output path is a directory", {m_target.string(), {}, {}});
    m_temp = tempSibling(m_target);
    m_out.open(m_temp, std::ios::binary | std::ios::trunc);
    if (!m_out)
        throw Error(ErrorCode::Io, "cannot create a temporary file in the output directory",
                    {m_target.string(), {}, {}});
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (m_committed)
        return;
    m_out.close();
    std::error_code ec;
    std::filesystem::remove(m_temp, ec);
}

void AtomicFileWriter::commit()
{
    m_out.flush();
    const bool written = static_cast<bool>(m_out);
    m_out.close();
    if (!written || m_out.fail())
        throw Error(ErrorCode::Io, "cannot write the output file (disk full?)", {m_target.string(), {}, {}});
    std::error_code ec;
    std::filesystem::rename(m_temp, m_target, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot move the finished file into place: " + ec.message(),
                    {m_target.string(), {}, {}});
    m_committed = true;
}

void refuseProjectOutput(const std::filesystem::path& project, const std::filesystem::path& output)
{
    std::error_code ec;
    const auto target = std::filesystem::weakly_canonical(std::filesystem::absolute(output, ec), ec);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const std::filesystem::path file = project.string() + suffix;
        std::error_code ignored;
        // equivalent() sees through links to an existing file; the canonical paths also catch a -wal not yet there.
        const auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(file, ignored), ignored);
        const bool same = std::filesystem::equivalent(output, file, ignored) || (!ec && target == canonical);
        if (same)
            throw Error(ErrorCode::Invalid,
                        "writing here would overwrite the project file " + project.string() +
                            (*suffix ? std::string(" (its SQLite ") + (suffix + 1) + " file)" : std::string()) +
                            "; choose another output",
                        {output.string(), {}, "out"});
    }
}

} // namespace mel::core
