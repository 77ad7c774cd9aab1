// Schema versioning: older project files are migrated forward, newer ones are refused.
#include <gtest/gtest.h>

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
