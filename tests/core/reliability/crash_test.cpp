// Crash safety and concurrency on a real project file: a child process is SIGKILLed at random points while it
// labels or imports; afterwards the file passes PRAGMA integrity_check, every label acknowledged before the kill is
// there, and a half-done import left no trace. Two processes writing at once lose nothing and see no lock error.
#include <gtest/gtest.h>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <random>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "iotest.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/store/database.h"

extern char** environ;

using namespace mel::core;
namespace fs = std::filesystem;

namespace {

// A child with its stdout on a pipe.
class Child
{
public:
    explicit Child(const std::vector<std::string>& args)
    {
        int fds[2];
        EXPECT_EQ(pipe(fds), 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        std::vector<char*> argv;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        EXPECT_EQ(posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        m_out = fds[0];
        fcntl(m_out, F_SETFL, O_NONBLOCK);
    }
    ~Child()
    {
        if (m_pid > 0)
            kill();
        close(m_out);
    }

    // Reads what the child wrote for up to `ms` milliseconds (or until it closes stdout).
    void readFor(int ms)
    {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (std::chrono::steady_clock::now() < until) {
            pollfd p{m_out, POLLIN, 0};
            const int left = static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count());
            if (poll(&p, 1, std::max(left, 0)) <= 0)
                break;
            char buf[4096];
            const ssize_t n = read(m_out, buf, sizeof buf);
            if (n <= 0)
                break;
            m_text.append(buf, static_cast<std::size_t>(n));
        }
    }
    void kill()
    {
        ::kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
        m_pid = -1;
        drain();
    }
    int wait()
    {
        int status = 0;
        while (true) {
            readFor(100);
            if (waitpid(m_pid, &status, WNOHANG) == m_pid)
                break;
        }
        m_pid = -1;
        drain();
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    // Complete lines only: a line cut by the kill was never acknowledged.
    std::vector<std::string> lines() const
    {
        std::vector<std::string> out;
        std::size_t start = 0;
        for (std::size_t nl; (nl = m_text.find('\n', start)) != std::string::npos; start = nl + 1)
            out.push_back(m_text.substr(start, nl - start));
        return out;
    }

private:
    void drain()
    {
        char buf[4096];
        ssize_t n;
        while ((n = read(m_out, buf, sizeof buf)) > 0)
            m_text.append(buf, static_cast<std::size_t>(n));
    }
    pid_t m_pid = -1;
    int m_out = -1;
    std::string m_text;
};

std::string worker() { return MEL_CRASH_WORKER; }

// A project with one dataset of `mentions` mentions (one per sample) and no KB.
void makeProject(const fs::path& db, const fs::path& dir, int mentions, const std::string& name)
{
    std::string lines;
    for (int i = 0; i < mentions; ++i)
        lines += R"({"id": ")" + name + std::to_string(i) + R"(", "text": "Barack Obama spoke in Berlin number )" +
                 std::to_string(i) + R"(.", "mentions": [{"surface": "Barack Obama", "begin": 0, "end": 12, "qid": "Q76"}]})" +
                 "\n";
    mel::test::writeFile(dir / (name + ".jsonl"), lines);
    Store store(db);
    importJsonl(store, {name, dir / (name + ".jsonl"), {}, false});
}

std::string integrity(const fs::path& db)
{
    Database d(db, OpenMode::ReadOnly);
    Statement st(d, "PRAGMA integrity_check");
    st.step();
    return st.text(0);
}

std::int64_t count(Store& store, const std::string& sql)
{
    Statement st(store.db(), sql);
    st.step();
    return st.int64(0);
}

} // namespace

TEST(CrashSafety, KilledWhileLabellingKeepsEveryAcknowledgedLabel)
{
    mel::test::TempDir dir;
    const fs::path db = dir / "p.melproj";
    makeProject(db, dir.path(), 400, "s");
    std::mt19937 rng(7);
    int kills = 0;
    std::int64_t acknowledged = 0;
    for (int run = 0; run < 20; ++run) {
        const std::string value = run % 2 ? "NIL" : "AMBIGUOUS";
        Child child({worker(), "label", db.string(), value, "1", "400"});
        child.readFor(std::uniform_int_distribution<int>(5, 150)(rng));
        child.kill();
        ++kills;
        ASSERT_EQ(integrity(db), "ok") << "run " << run;
        Store store(db);
        for (const auto& line : child.lines()) {
            ASSERT_EQ(line.rfind("ack ", 0), 0u) << line;
            const RowId id = std::stoll(line.substr(4));
            const auto label = store.label(id);
            ASSERT_TRUE(label) << "mention " << id;
            EXPECT_EQ(label->value, value) << "run " << run << ", acknowledged mention " << id << " lost its label";
            ++acknowledged;
        }
    }
    std::cout << "[ reliability ] " << kills << " kills while labelling, " << acknowledged
              << " acknowledged labels checked\n";
    EXPECT_GT(acknowledged, 0);
}

TEST(CrashSafety, KilledDuringImportLeavesNoTrace)
{
    mel::test::TempDir dir;
    const fs::path db = dir / "p.melproj";
    makeProject(db, dir.path(), 10, "base");
    // A dataset big enough that the import takes a while.
    makeProject(dir / "scratch.melproj", dir.path(), 20000, "big");
    std::int64_t baseSamples = 0;
    {
        Store store(db);
        baseSamples = count(store, "SELECT count(*) FROM sample");
    }
    std::mt19937 rng(11);
    int kills = 0, completed = 0;
    for (int run = 0; run < 15; ++run) {
        Child child({worker(), "import", db.string(), (dir / "big.jsonl").string(), "big" + std::to_string(run)});
        child.readFor(std::uniform_int_distribution<int>(20, 900)(rng));
        child.kill();
        ++kills;
        ASSERT_EQ(integrity(db), "ok") << "run " << run;
        Store store(db);
        const bool done = !child.lines().empty();
        const bool present = store.dataset("big" + std::to_string(run)).has_value();
        if (done) {
            EXPECT_TRUE(present);
        }
        completed += present;
        EXPECT_EQ(count(store, "SELECT count(*) FROM sample"), baseSamples + 20000LL * completed)
            << "run " << run << ": a half-done import left samples behind";
        EXPECT_EQ(count(store, "SELECT count(*) FROM mention WHERE sample_id NOT IN (SELECT id FROM sample)"), 0);
    }
    std::cout << "[ reliability ] " << kills << " kills during import, " << completed << " imports had completed\n";
    EXPECT_LT(completed, kills);  // most kills must land inside the import for the test to mean anything
}

TEST(Concurrency, LabellingWhileAnotherProcessImportsLosesNothing)
{
    mel::test::TempDir dir;
    const fs::path db = dir / "p.melproj";
    makeProject(db, dir.path(), 300, "s");
    makeProject(dir / "scratch.melproj", dir.path(), 20000, "big");
    Child importer({worker(), "import", db.string(), (dir / "big.jsonl").string(), "big"});
    Child labeller1({worker(), "label", db.string(), "NIL", "1", "150"});
    Child labeller2({worker(), "label", db.string(), "AMBIGUOUS", "151", "150"});
    EXPECT_EQ(importer.wait(), 0);
    EXPECT_EQ(labeller1.wait(), 0);
    EXPECT_EQ(labeller2.wait(), 0);
    EXPECT_EQ(labeller1.lines().size(), 150u);
    EXPECT_EQ(labeller2.lines().size(), 150u);
    ASSERT_EQ(integrity(db), "ok");
    Store store(db);
    for (RowId id = 1; id <= 300; ++id)
        EXPECT_EQ(store.label(id)->value, id <= 150 ? "NIL" : "AMBIGUOUS") << id;
    EXPECT_EQ(count(store, "SELECT count(*) FROM sample"), 20300);
    EXPECT_EQ(count(store, "SELECT count(*) FROM label_history WHERE annotator = 'crash-worker'"), 300);
}
