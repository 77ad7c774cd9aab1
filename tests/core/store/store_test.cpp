// The project store: pragmas, datasets, samples, mentions, entities, search, statistics.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "mel/core/util/process.h"
#include "testproject.h"

using namespace mel::core;

namespace {

struct StoreFixture : ::testing::Test
{
    mel::test::TempDir dir;
    Store store{dir / "p.melproj"};

    RowId addSample(const std::string& sourceId, const std::string& text, const std::string& split = "train")
    {
        if (!store.dataset("ds"))
            store.insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
        Sample s;
        s.datasetId = store.dataset("ds")->id;
        s.sourceId = sourceId;
        s.text = text;
        s.split = split;
        return store.insertSample(s);
    }
};

} // namespace

TEST_F(StoreFixture, Store_OpensInWalModeWithForeignKeysAndLatestSchema)
{
    Statement journal(store.db(), "PRAGMA journal_mode");
    ASSERT_TRUE(journal.step());
    EXPECT_EQ(journal.text(0), "wal");
    Statement fk(store.db(), "PRAGMA foreign_keys");
    ASSERT_TRUE(fk.step());
    EXPECT_EQ(fk.int64(0), 1);
    EXPECT_EQ(store.schemaVersion(), 8);
}

TEST_F(StoreFixture, Store_RoundTripsSamplesAndMentions)
{
    const RowId sampleId = addSample("s1", "Hollande visits Berlin");
    Mention m;
    m.sampleId = sampleId;
    m.surface = "Hollande";
    m.begin = 0;
    m.end = 8;
    m.box = BoundingBox{1, 2, 3, 4};
    m.goldQid = "Q157";
    const RowId mentionId = store.insertMention(m);

    const auto back = store.mention(mentionId);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->surface, "Hollande");
    EXPECT_EQ(back->begin, 0);
    EXPECT_EQ(back->end, 8);
    ASSERT_TRUE(back->box);
    EXPECT_DOUBLE_EQ(back->box->w, 3);
    EXPECT_EQ(store.mentionsOf(sampleId).size(), 1u);
    EXPECT_EQ(store.sampleBySource(store.dataset("ds")->id, "s1")->text, "Hollande visits Berlin");
}

TEST_F(StoreFixture, Store_ListsEverySplitWhenSplitIsEmpty)
{
    addSample("a", "x", "train");
    addSample("b", "y", "dev");
    const RowId ds = store.dataset("ds")->id;
    EXPECT_EQ(store.samples(ds).size(), 2u);
    EXPECT_EQ(store.samples(ds, "dev").size(), 1u);
}

TEST_F(StoreFixture, Store_RejectsMentionOfUnknownSample)
{
    Mention m;
    m.sampleId = 999;
    m.surface = "x";
    EXPECT_THROW(store.insertMention(m), Error);
}

TEST_F(StoreFixture, Store_UpsertsEntitiesByQid)
{
    const RowId a = store.upsertEntity({0, "Q157", "François Hollande", "Sex: male.", "{}", ""});
    const RowId b = store.upsertEntity({0, "Q157", "François Hollande", "Occupation: politician.", "{}", ""});
    EXPECT_EQ(a, b);
    EXPECT_EQ(store.entity("Q157")->description, "Occupation: politician.");
    EXPECT_EQ(store.stats().entities, 1);
}

TEST_F(StoreFixture, Store_SearchFindsNamesAliasesAndDescriptionsByPrefix)
{
    const RowId hollande = store.upsertEntity({0, "Q157", "François Hollande", "Occupation: politician.", "{}", ""});
    store.addAlias(hollande, "Flanby");
    store.upsertEntity({0, "Q1", "Holland", "country in Europe", "{}", ""});
    store.upsertEntity({0, "Q2", "Some painter", "Birth: 1606, Leiden, Holland.", "{}", ""});
    store.rebuildSearchIndex();

    const auto byPrefix = store.searchEntities("holl", 10);
    ASSERT_EQ(byPrefix.size(), 3u);
    // A name match outranks a description match.
    EXPECT_NE(byPrefix.back().entity.qid, "Q1");
    EXPECT_EQ(store.searchEntities("flanb").at(0).entity.qid, "Q157");
    EXPECT_EQ(store.searchEntities("francois").at(0).entity.qid, "Q157");  // diacritics folded
    EXPECT_EQ(store.searchEntities("politician hollande").size(), 1u);
    EXPECT_TRUE(store.searchEntities("\"AND(").empty());                  // FTS syntax is not interpreted
}

TEST_F(StoreFixture, Store_SearchPutsTheFullNameAndWholeWordsBeforePrefixes_ThenTheEntitiesLabelsUse)
{
    // bm25 alone divides by the whole row's length: "hollande" used to rank Audrey Hollander and Edith
    // Frank-Holländer above François Hollande, whose description is longer, and Albert Einstein fifth of his family.
    const std::string longText = "Occupation: magistrate, lawyer, official, politician, writer. Languages: French.";
    store.upsertEntity({0, "Q7337", "Edith Frank-Holländer", "Occupation: housewife.", "{}", ""});
    store.upsertEntity({0, "Q36434", "Audrey Hollander", "Occupation: actor.", "{}", ""});
    store.upsertEntity({0, "Q157", "François Hollande", longText, "{}", ""});
    store.upsertEntity({0, "Q9", "Hollande", longText, "{}", ""});
    store.upsertEntity({0, "Q68761", "Elsa Einstein", "Occupation: politician.", "{}", ""});
    store.upsertEntity({0, "Q937", "Albert Einstein", longText + " " + longText, "{}", ""});
    store.rebuildSearchIndex();
    const auto qids = [&](std::string_view query) {
        std::vector<std::string> out;
        for (const auto& hit : store.searchEntities(query, 10))
            out.push_back(hit.entity.qid);
        return out;
    };
    for (const std::string_view query : {"hollande", "  HOLLANDE "}) {
        const auto hits = qids(query);
        ASSERT_EQ(hits.size(), 4u) << query;
        EXPECT_EQ(hits[0], "Q9") << "the name in full";
        EXPECT_EQ(hits[1], "Q157") << "a whole word of the name, before the two that only start with it";
    }
    EXPECT_EQ(qids("einstein"), (std::vector<std::string>{"Q68761", "Q937"})) << "bm25 within a tier";
    // The entity this project's labels use comes first among equals.
    Mention m;
    m.sampleId = addSample("s1", "Einstein said");
    m.surface = "Einstein";
    store.setLabel(store.insertMention(m), "Q937", LabelSource::Human, "ann");
    EXPECT_EQ(qids("einstein"), (std::vector<std::string>{"Q937", "Q68761"}));
}

TEST_F(StoreFixture, Store_CountsPerDatasetAndSplit)
{
    const RowId s1 = addSample("a", "x", "train");
    addSample("b", "y", "dev");
    Mention m;
    m.sampleId = s1;
    m.surface = "x";
    const RowId mid = store.insertMention(m);
    store.setLabel(mid, "Q5", LabelSource::Dataset, "", "import");

    const auto stats = store.stats();
    EXPECT_EQ(stats.samples, 2);
    EXPECT_EQ(stats.mentions, 1);
    EXPECT_EQ(stats.labels, 1);
    ASSERT_EQ(stats.splits.size(), 2u);
    EXPECT_EQ(stats.splits[0].split, "dev");
    EXPECT_EQ(stats.splits[1].mentions, 1);
    EXPECT_EQ(stats.splits[1].labels, 1);
}

TEST_F(StoreFixture, Store_StoresRunsAndPredictions)
{
    const RowId sid = addSample("a", "x");
    Mention m;
    m.sampleId = sid;
    m.surface = "x";
    const RowId mid = store.insertMention(m);
    ModelRun run;
    run.linker = "name";
    const RowId runId = store.createRun(run);
    store.insertPredictions(runId, {{mid, 1, "Q1", 0.9}, {mid, 2, "Q2", 0.5}});
    store.finishRun(runId, "done", R"({"hits@1":1})");
    EXPECT_EQ(store.run(runId)->status, "done");
    const auto preds = store.predictions(runId, mid);
    ASSERT_EQ(preds.size(), 2u);
    EXPECT_EQ(preds[0].qid, "Q1");
}

TEST_F(StoreFixture, Store_MarksRunsWhoseProcessEndedAsInterrupted)
{
    // Runs record the process that runs them; opening a project marks the unfinished runs of processes that were
    // killed, and leaves runs still going (this process's) and finished runs alone.
    ModelRun linking;
    linking.linker = "name";
    const RowId ownRun = store.createRun(linking);
    EXPECT_EQ(store.run(ownRun)->owner, currentProcessOwner());
    ModelRun training;
    training.linker = "mimic";
    training.status = "training";
    const RowId killedTraining = store.createRun(training);
    const RowId killedLinking = store.createRun(linking);
    const RowId finished = store.createRun(linking);
    store.setRunMetrics(killedTraining, R"({"best_epoch":1})");
    store.finishRun(finished, "done", "{}");
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0)
        _exit(0);
    waitpid(child, nullptr, 0);
    // This process's owner with the reaped child's pid (same host and pid namespace).
    std::istringstream fields(currentProcessOwner());
    std::string host, self, start, space;
    fields >> host >> self >> start >> space;
    const std::string ended = host + ' ' + std::to_string(child) + ' ' + start + ' ' + space;
    for (RowId id : {killedTraining, killedLinking, finished})
        store.db().exec("UPDATE model_run SET owner = '" + ended + "' WHERE id = " + std::to_string(id));

    EXPECT_EQ(store.markInterruptedRuns(), 2);
    EXPECT_EQ(store.run(ownRun)->status, "running");
    EXPECT_EQ(store.run(killedTraining)->status, "interrupted");
    EXPECT_EQ(store.run(killedTraining)->metricsJson, R"({"best_epoch":1})") << "progress recorded before the kill";
    EXPECT_EQ(store.run(killedLinking)->status, "interrupted");
    EXPECT_EQ(store.run(finished)->status, "done");
    EXPECT_EQ(store.markInterruptedRuns(), 0);

    // With nothing to mark it takes no write lock: another process writing the project does not make it wait.
    Store writer(store.path());
    writer.db().exec("BEGIN IMMEDIATE");
    EXPECT_EQ(store.markInterruptedRuns(), 0);
    writer.db().exec("ROLLBACK");
}

TEST(StoreFile, Store_SecondConnectionSeesCommittedWrites)
{
    mel::test::TempDir dir;
    Store writer(dir / "p.melproj");
    Store reader(dir / "p.melproj");
    writer.upsertEntity({0, "Q1", "A", "", "{}", ""});
    EXPECT_TRUE(reader.entity("Q1").has_value());
}

TEST_F(StoreFixture, Store_DeletesFinishedRunsWithTheirPredictionsButNotOnesStillGoing)
{
    const RowId sid = addSample("a", "x");
    Mention m;
    m.sampleId = sid;
    m.surface = "x";
    const RowId mid = store.insertMention(m);
    ModelRun run;
    run.linker = "name";
    const RowId done = store.createRun(run);
    store.insertPredictions(done, {{mid, 1, "Q1", 0.9}, {mid, 2, "Q2", 0.5}});
    store.finishRun(done, "done", "{}");
    const RowId going = store.createRun(run); // this process is still running it
    store.insertPredictions(going, {{mid, 1, "Q1", 0.9}});

    EXPECT_THROW(store.deleteRuns({done, going}), Error);
    EXPECT_TRUE(store.run(done).has_value()) << "all or nothing";
    EXPECT_EQ(store.predictions(done, mid).size(), 2u);
    EXPECT_THROW(store.deleteRuns({done + 100}), Error);

    EXPECT_EQ(store.deleteRuns({done, done}), 2) << "a repeated id is one run";
    EXPECT_FALSE(store.run(done).has_value());
    EXPECT_TRUE(store.predictions(done, mid).empty());
    EXPECT_EQ(store.predictions(going, mid).size(), 1u);
}

TEST(StoreFile, Store_ADeletedRunsIdIsNeverGivenAgain)
{
    // A second `runs --delete 3`, or a runs dialog opened before the delete, must not hit a newer run (ids used to
    // be max(id) + 1, so a new run took the deleted one's id).
    mel::test::TempDir dir;
    ModelRun run;
    run.linker = "name";
    run.status = "done";
    RowId third = 0;
    {
        Store store(dir / "p.melproj");
        store.createRun(run);
        store.createRun(run);
        third = store.createRun(run);
        store.deleteRuns({third});
        EXPECT_EQ(store.createRun(run), third + 1);
        store.deleteRuns({third + 1});
    }
    Store reopened(dir / "p.melproj");
    EXPECT_EQ(reopened.createRun(run), third + 2) << "kept in the project file";
    EXPECT_FALSE(reopened.run(third).has_value());
}

namespace {

// Runs `body` in a child process with its own mount namespace, where `media` is a read-only tmpfs holding copies of
// `files`. The child's exit code: body's, or 77 when this machine allows no mount namespace.
int onReadOnlyMedia(const std::filesystem::path& media, const std::vector<std::filesystem::path>& files,
                    const std::function<int(const std::filesystem::path&)>& body)
{
    std::filesystem::create_directories(media);
    const pid_t child = fork();
    if (child == 0) {
        // The mounts go with the process: nothing is left mounted, whatever happens.
        if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            mount("tmpfs", media.c_str(), "tmpfs", 0, nullptr) != 0)
            _exit(77);
        for (const auto& file : files)
            std::filesystem::copy_file(file, media / file.filename());
        if (mount(nullptr, media.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0)
            _exit(77);
        int code = 0;
        try {
            code = body(media);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "read-only media: %s\n", e.what());
            code = 99;
        }
        _exit(code);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

TEST(StoreFile, Store_OnReadOnlyMedia_AProjectIsBrowsedAndSearchedButNotChanged_AndAStaleReadIsRefused)
{
    // It failed with "unable to open database file" even for stats and search: SQLite cannot create the -shm file a
    // WAL project needs beside it there (found by a black-box CLI review).
    mel::test::TempDir dir;
    const auto closed = dir / "p.melproj";
    {
        Store store(closed);
        store.upsertEntity({0, "Q76", "Barack Obama", "politician", "{}", ""});
        store.rebuildSearchIndex();
        store.insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
    }  // closing folds the -wal into the file and removes it
    const auto open = dir / "open.melproj";
    Store writer(open);  // kept open: its commits stay in the -wal, which reading the file alone would skip
    writer.insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
    ASSERT_GT(std::filesystem::file_size(open.string() + "-wal"), 0u);

    const std::vector<std::filesystem::path> files{closed, open, open.string() + "-wal"};
    const int code = onReadOnlyMedia(dir / "media", files, [](const std::filesystem::path& media) {
        Store store(media / "p.melproj");
        if (!store.readOnly())
            return 2;
        if (store.searchEntities("obama").size() != 1 || store.stats().datasets != 1 || !store.dataset("ds"))
            return 3;
        try {
            store.insertDataset({0, "more", "jsonl", "", "", "", "{}"});
            return 4;
        } catch (const Error& e) {
            if (std::string(e.what()).find("copy it to a writable folder") == std::string::npos)
                return 5;  // SQLite's own words say neither why nor what to do
        }
        if (store.stats().datasets != 1)
            return 6;
        try {
            Store stale(media / "open.melproj");
            return 7;
        } catch (const Error& e) {
            return std::string(e.what()).find("-wal") != std::string::npos ? 0 : 8;
        }
    });
    if (code == 77)
        GTEST_SKIP() << "this machine allows no mount namespace (needs root or CAP_SYS_ADMIN)";
    EXPECT_EQ(code, 0);
}

TEST(StoreFile, Store_RemoveProjectFileTakesTheWalAndSharedMemoryFilesWithIt)
{
    mel::test::TempDir dir;
    const auto file = dir / "gone.melproj";
    {
        Store store(file);
        store.upsertEntity({0, "Q1", "A", "", "{}", ""});
        EXPECT_TRUE(std::filesystem::exists(file.string() + "-wal")) << "open in WAL mode";
    }
    std::ofstream(file.string() + "-wal") << "left behind";
    std::ofstream(file.string() + "-shm") << "left behind";
    removeProjectFile(file);
    for (const char* suffix : {"", "-wal", "-shm"})
        EXPECT_FALSE(std::filesystem::exists(file.string() + suffix)) << suffix;
    std::error_code error;
    removeProjectFile(file, error);  // nothing left: not an error
    EXPECT_FALSE(error);
    removeProjectFile(file);
}

TEST_F(StoreFixture, Store_UndoFindsTheRevertedChangeByIndex_AndHasEntitiesReadsOneRow)
{
    // Without the index the undo query scanned the whole label history once per mention (imports write a row per
    // label): undoing a bulk change over a large project froze the window.
    Statement plan(store.db(), "EXPLAIN QUERY PLAN SELECT id FROM label_history h WHERE mention_id = 1 AND "
                               "action = 'set' AND NOT EXISTS (SELECT 1 FROM label_history u WHERE u.reverts = h.id)");
    std::string steps;
    while (plan.step())
        steps += plan.text(3) + '\n';
    EXPECT_NE(steps.find("label_history_reverts"), std::string::npos) << steps;
    EXPECT_EQ(steps.find("SCAN u"), std::string::npos) << steps;

    EXPECT_FALSE(store.hasEntities());
    store.upsertEntity({0, "Q1", "A", "", "{}", ""});
    EXPECT_TRUE(store.hasEntities());
}
