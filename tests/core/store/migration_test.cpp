// Schema versioning: older project files are migrated forward, newer ones are refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "mel/core/store/database.h"
#include "mel/core/store/schema.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "testproject.h"

using namespace mel::core;

TEST(Migration, Migration_UpgradesVersionOneProjectKeepingItsData)
{
    mel::test::TempDir dir;
    {
        Store old(dir / "p.melproj", 1);
        ASSERT_EQ(old.schemaVersion(), 1);
        old.upsertEntity({0, "Q42", "Douglas Adams", "", "{}", ""});
        EXPECT_THROW(old.db().exec("SELECT * FROM model_run"), Error);
    }
    Store current(dir / "p.melproj");
    EXPECT_EQ(current.schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(current.entity("Q42")->name, "Douglas Adams");
    ModelRun run;
    run.linker = "name";
    EXPECT_GT(current.createRun(run), 0);
}

TEST(Migration, Migration_RefusesProjectFromNewerVersion)
{
    mel::test::TempDir dir;
    {
        Store s(dir / "p.melproj");
        s.db().exec("PRAGMA user_version = 99");
    }
    try {
        Store s(dir / "p.melproj");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("p.melproj"), std::string::npos);
    }
}

TEST(Migration, Migration_RejectsFileThatIsNotADatabase)
{
    mel::test::TempDir dir;
    {
        std::FILE* f = std::fopen((dir / "junk.melproj").c_str(), "wb");
        std::fputs("this is not sqlite, just text padding padding padding padding padding padding padding", f);
        std::fclose(f);
    }
    EXPECT_THROW(Store(dir / "junk.melproj"), Error);
}

TEST(Migration, Migration_VersionFourRunsGetAnEmptyOwner)
{
    // Runs written before owners were recorded are never taken for interrupted ones.
    mel::test::TempDir dir;
    {
        Store old(dir / "p.melproj", 4);
        old.db().exec("INSERT INTO model_run(linker, started_at, status) VALUES ('mimic', 'then', 'training')");
    }
    Store current(dir / "p.melproj");
    const auto runs = current.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].owner, "");
    EXPECT_EQ(current.markInterruptedRuns(), 0);
    EXPECT_EQ(current.runs()[0].status, "training");
}

TEST(Migration, Migration_VersionSixRunIdsContinueFromTheHighestRun)
{
    mel::test::TempDir dir;
    {
        Store old(dir / "p.melproj", 6);
        old.db().exec("INSERT INTO model_run(id, linker, started_at, status) VALUES (4, 'name', 'then', 'done'), "
                      "(7, 'name', 'then', 'done')");
    }
    Store current(dir / "p.melproj");
    current.deleteRuns({7});
    ModelRun run;
    run.linker = "name";
    EXPECT_EQ(current.createRun(run), 8);
}

TEST(Migration, Migration_VersionSevenMentionIdsContinueFromTheHighestMention)
{
    mel::test::TempDir dir;
    RowId sample = 0;
    {
        Store old(dir / "p.melproj", 7);
        const RowId ds = old.insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
        Sample s;
        s.datasetId = ds;
        s.sourceId = "s1";
        s.text = "Paris";
        sample = old.insertSample(s);
        old.db().exec("INSERT INTO mention(id, sample_id, ordinal, surface) VALUES (4, " + std::to_string(sample) +
                      ", 0, 'a'), (9, " + std::to_string(sample) + ", 1, 'b')");
    }
    Store current(dir / "p.melproj");
    current.db().exec("DELETE FROM mention WHERE id = 9");
    Mention m;
    m.sampleId = sample;
    m.ordinal = 2;
    m.surface = "c";
    EXPECT_EQ(current.insertMention(m), 10);
}

namespace {

std::string fileBytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST(Migration, Migration_LeavesAnotherApplicationsDatabaseUnchanged)
{
    // Opening it used to switch it to WAL and add the project tables (user_version 0), or half-migrate it (1..5).
    mel::test::TempDir dir;
    for (const int version : {0, 3}) {
        const auto file = dir / ("notes" + std::to_string(version) + ".db");
        {
            Database other(file);
            other.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)");
            other.exec("INSERT INTO notes(body) VALUES ('keep me')");
            other.exec("PRAGMA user_version = " + std::to_string(version));
        }
        const std::string before = fileBytes(file);
        try {
            Store s(file);
            FAIL() << "expected an error for version " << version;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("not a MELStudio project"), std::string::npos) << e.what();
            EXPECT_EQ(e.context().file, file.string());
        }
        EXPECT_EQ(fileBytes(file), before) << "version " << version;
        EXPECT_FALSE(std::filesystem::exists(file.string() + "-wal"));
    }
    // An empty file is still a new project.
    std::ofstream(dir / "empty.melproj").close();
    Store created(dir / "empty.melproj");
    EXPECT_EQ(created.schemaVersion(), latestSchemaVersion());
}

TEST(Migration, Migration_ProcessesOpeningOneProjectAtOnceAllSucceed)
{
    // Each used to read the version outside the migration's transaction, so the slower one re-ran a migration the
    // other had committed ("table dataset already exists", "duplicate column name: owner"). Creating the same new
    // project at once failed under load with "database is locked": switching a new file to WAL is not busy-handled.
    mel::test::TempDir dir;
    constexpr int kRounds = 12, kProcesses = 4;
    int failures = 0;
    for (int round = 0; round < kRounds; ++round) {
        const auto file = dir / ("p" + std::to_string(round) + ".melproj");
        if (round % 2 == 1)
            Store(file, 4);  // an older project that needs several migrations
        int go[2];
        ASSERT_EQ(pipe(go), 0);
        std::vector<pid_t> children;
        for (int i = 0; i < kProcesses; ++i) {
            const pid_t child = fork();
            ASSERT_GE(child, 0);
            if (child == 0) {
                char byte = 0;
                close(go[1]);
                if (read(go[0], &byte, 1) != 1)
                    _exit(2);
                try {
                    Store s(file);
                    _exit(s.schemaVersion() == latestSchemaVersion() ? 0 : 3);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "round %d, process %d: %s\n", round, i, e.what());  // says why it failed
                    _exit(1);
                }
            }
            children.push_back(child);
        }
        close(go[0]);
        const char start[kProcesses] = {};
        ASSERT_EQ(write(go[1], start, kProcesses), kProcesses);
        close(go[1]);
        for (const pid_t child : children) {
            int status = 0;
            waitpid(child, &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                ++failures;
        }
    }
    EXPECT_EQ(failures, 0) << "of " << kRounds * kProcesses << " opens";
}
