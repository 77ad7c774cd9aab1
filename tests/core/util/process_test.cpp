// Process owners: a record's owner is known to have ended only when its process is provably gone on this host.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "mel/core/util/process.h"

using namespace mel::core;

TEST(ProcessOwner, CurrentProcessIsNamedAndAlive)
{
    const std::string owner = currentProcessOwner();
    std::istringstream fields(owner);
    std::string host;
    long long pid = 0;
    std::string start;
    ASSERT_TRUE(fields >> host >> pid) << owner;
    EXPECT_EQ(pid, static_cast<long long>(getpid()));
    EXPECT_TRUE(fields >> start) << "Linux gives the process start time: " << owner;
    std::string space;
    EXPECT_TRUE(fields >> space) << "and the pid namespace: " << owner;
    EXPECT_EQ(space.rfind("pid:[", 0), 0u) << space;
    EXPECT_FALSE(processOwnerEnded(owner));
}

TEST(ProcessOwner, ExitedChildHasEnded)
{
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0)
        _exit(0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child); // reaped: the pid no longer exists
    std::istringstream fields(currentProcessOwner());
    std::string host;
    fields >> host;
    std::string pid, start, space;
    fields >> pid >> start >> space;
    EXPECT_TRUE(processOwnerEnded(host + ' ' + std::to_string(child) + " 12345 " + space));
    // The same pid in another pid namespace (a sandboxed app on this host) cannot be checked from here.
    EXPECT_FALSE(processOwnerEnded(host + ' ' + std::to_string(child) + " 12345 pid:[1]"));
}

TEST(ProcessOwner, RecycledPidIsNotTheOriginalProcess)
{
    // This process's pid with another start time: the pid now belongs to a different process.
    std::istringstream fields(currentProcessOwner());
    std::string host;
    long long pid = 0;
    std::string start, space;
    fields >> host >> pid >> start >> space;
    EXPECT_TRUE(processOwnerEnded(host + ' ' + std::to_string(pid) + ' ' + start + "0 " + space));
}

TEST(ProcessOwner, UnknownOwnersAreNotEnded)
{
    EXPECT_FALSE(processOwnerEnded(""));                       // rows written before owners were recorded
    EXPECT_FALSE(processOwnerEnded("garbage"));                // unreadable
    EXPECT_FALSE(processOwnerEnded("another-host.example 1")); // another machine's process cannot be checked
}
