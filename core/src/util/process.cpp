// Process owners from the host name, the pid and (Linux) the process start time in /proc/<pid>/stat and the pid
// namespace in /proc/self/ns/pid.
#include "mel/core/util/process.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#if defined(__unix__) || defined(__APPLE__)
#include <cerrno>
#include <csignal>
#include <unistd.h>
#define MEL_HAVE_POSIX_PROCESS 1
#endif

namespace mel::core {
namespace {

struct Owner
{
    std::string host;
    long long pid = 0;
    std::string start;  // "" where the system gives no start time
    std::string space;  // the pid namespace ("pid:[4026531836]"), "" where the system has none
};

std::string hostName()
{
#ifdef MEL_HAVE_POSIX_PROCESS
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) == 0)
        return name;
#endif
    return "localhost";
}

// Field 22 of /proc/<pid>/stat (clock ticks since boot); the command name before it may hold spaces and ')'.
std::string startTime(long long pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!in || !std::getline(in, stat))
        return {};
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream fields(stat.substr(close + 1));
    std::string field;
    for (int index = 3; index <= 22 && fields >> field; ++index)
        if (index == 22)
            return field;
    return {};
}

// Pids name the same process only inside one pid namespace (a sandboxed or containerised app may share the host
// name).
std::string pidNamespace()
{
    std::error_code error;
    const auto target = std::filesystem::read_symlink("/proc/self/ns/pid", error);
    return error ? std::string() : target.string();
}

long long currentPid()
{
#ifdef MEL_HAVE_POSIX_PROCESS
    return static_cast<long long>(getpid());
#else
    return 0;
#endif
}

bool parse(std::string_view text, Owner& owner)
{
    std::istringstream in{std::string(text)};
    if (!(in >> owner.host >> owner.pid) || owner.pid <= 0)
        return false;
    in >> owner.start >> owner.space;
    return true;
}

} // namespace

std::string currentProcessOwner()
{
    const long long pid = currentPid();
    std::string owner = hostName() + ' ' + std::to_string(pid);
    if (const std::string start = startTime(pid); !start.empty()) {
        owner += ' ' + start;
        if (const std::string space = pidNamespace(); !space.empty())
            owner += ' ' + space;
    }
    return owner;
}

bool processOwnerEnded(std::string_view text)
{
    Owner owner;
    if (!parse(text, owner) || owner.host != hostName() || owner.space != pidNamespace())
        return false;
#ifdef MEL_HAVE_POSIX_PROCESS
    if (kill(static_cast<pid_t>(owner.pid), 0) != 0 && errno == ESRCH)
        return true;
    if (!owner.start.empty()) {
        const std::string now = startTime(owner.pid);
        return !now.empty() && now != owner.start;
    }
#endif
    return false;
}

} // namespace mel::core
