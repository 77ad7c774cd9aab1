// Which process owns a long job's record, so a record left unfinished by a process that has ended can be told
// apart from one whose process is still working (a GUI and a CLI can share one project file).
#pragma once

#include <string>
#include <string_view>

namespace mel::core {

// "host pid start namespace" for the calling process (start: the kernel's start time of the process, so a recycled
// pid is not mistaken for the original one; namespace: its pid namespace, since a sandboxed or containerised process
// may share the host name while its pids name other processes; both only where the system gives them).
std::string currentProcessOwner();

// True only when `owner` names a process on this host and in this pid namespace that is provably gone (no such pid,
// or the pid now belongs to a process started at another time). An empty, foreign-host, other-namespace or
// unreadable owner is not known to have ended.
bool processOwnerEnded(std::string_view owner);

} // namespace mel::core
