// linkSplit with a linker that caches entity features: the project keeps them between runs, and a project that
// cannot store them does not stop the run; and what a run row and the outcome say about how the run was made.
#include <gtest/gtest.h>

#include <atomic>

#include <nlohmann/json.hpp>

#include "../store/encodinglinker.h"
#include "../store/testproject.h"
#include "mel/core/pipeline/linkjob.h"
#include "mel/core/store/entityfeatures.h"
#include "mel/core/util/error.h"

using namespace mel::core;
using mel::test::EncodingLinker;

namespace {

struct LinkJobFeatures : ::testing::Test
{
    mel::test::TempDir dir;
    std::unique_ptr<Store> store = std::make_unique<Store>(dir / "p.melproj");
    std::unique_ptr<KbCandidates> kb;

    void SetUp() override
    {
        for (const auto& [qid, name] : std::vector<std::pair<std::string, std::string>>{
                 {"Q2105", "François Hollande"}, {"Q76", "Barack Obama"}, {"Q13133", "Michelle Obama"}}) {
            Entity e;
            e.qid = qid;
            e.name = name;
            e.description = "politician";
            store->upsertEntity(e);
        }
        const RowId dataset = store->insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
        int ordinal = 0;
        for (const auto& [surface, gold] : std::vector<std::pair<std::string, std::string>>{
                 {"Hollande", "Q2105"}, {"Obama", "Q76"}, {"Michelle Obama", "Q13133"}}) {
            Sample s;
            s.datasetId = dataset;
            s.sourceId = "s" + std::to_string(ordinal);
            s.split = "dev";
            s.text = surface + " spoke";
            s.ordinal = ordinal++;
            Mention m;
            m.sampleId = store->insertSample(s);
            m.surface = surface;
            const RowId mention = store->insertMention(m);
            store->setLabel(mention, gold, LabelSource::Dataset, "", "import");
        }
        kb = std::make_unique<KbCandidates>(*store);
    }

    LinkOutcome link(Linker& linker)
    {
        LinkOptions options;
        options.dataset = "ds";
        options.split = "dev";
        options.batchSize = 2;
        return linkSplit(*store, linker, *kb, options);
    }

    // Links after a trigger makes every insert into `table` fail with `message`: the run must go on regardless.
    LinkOutcome linkRefusedBy(const std::string& table, const std::string& message)
    {
        store->db().exec("CREATE TRIGGER refuse BEFORE INSERT ON " + table + " BEGIN SELECT RAISE(ABORT, '" +
                         message + "'); END");
        EncodingLinker linker("k/1");
        const auto outcome = link(linker);
        EXPECT_EQ(outcome.mentionsLinked, 3);
        EXPECT_EQ(outcome.metrics.n, 3);
        EXPECT_NE(outcome.entityFeaturesWarning.find(message), std::string::npos) << outcome.entityFeaturesWarning;
        EXPECT_NE(outcome.runId, 0);
        return outcome;
    }
};

} // namespace

TEST_F(LinkJobFeatures, ASecondRunReadsTheFeaturesTheFirstStored)
{
    EncodingLinker first("k/1");
    const auto a = link(first);
    EXPECT_EQ(a.entityFeaturesLoaded, 0);
    EXPECT_EQ(a.entityFeaturesStored, static_cast<std::int64_t>(first.encoded.size()));
    EXPECT_EQ(first.encoded.size(), 3u) << "every candidate entity once";

    EncodingLinker second("k/1");
    const auto b = link(second);
    EXPECT_TRUE(second.encoded.empty());
    EXPECT_EQ(b.entityFeaturesLoaded, 3);
    EXPECT_EQ(b.entityFeaturesStored, 0);
    EXPECT_EQ(b.metrics.n, a.metrics.n);
    EXPECT_EQ(b.metrics.mrr, a.metrics.mrr);
    EXPECT_TRUE(b.entityFeaturesWarning.empty());
}

TEST_F(LinkJobFeatures, AProjectThatCannotStoreThemStillLinks)
{
    const auto outcome = linkRefusedBy("entity_feature", "no room for features");
    EXPECT_EQ(outcome.entityFeaturesStored, 0);
    Statement rows(store->db(), "SELECT count(*) FROM prediction WHERE run_id = ?");
    rows.bind(1, outcome.runId);
    ASSERT_TRUE(rows.step());
    EXPECT_GT(rows.int64(0), 0) << "the predictions were stored";
    Statement features(store->db(), "SELECT count(*) FROM entity_feature");
    ASSERT_TRUE(features.step());
    EXPECT_EQ(features.int64(0), 0);
}

TEST_F(LinkJobFeatures, OffWhenTheOptionSaysSo)
{
    EncodingLinker linker("k/1");
    LinkOptions options;
    options.dataset = "ds";
    options.storedEntityFeatures = false;
    const auto outcome = linkSplit(*store, linker, *kb, options);
    EXPECT_EQ(outcome.entityFeaturesStored, 0);
    EXPECT_TRUE(featureModels(*store).empty());
}

TEST_F(LinkJobFeatures, AProjectThatCannotEvenRegisterTheModelStillLinks)
{
    const auto outcome = linkRefusedBy("feature_model", "read-only features");
    EXPECT_EQ(outcome.entityFeaturesLoaded, 0);
    EXPECT_TRUE(featureModels(*store).empty());
}

TEST_F(LinkJobFeatures, ARunThatFailsOrIsCancelledSaysSoInItsRow)
{
    // Before, only a cancel finished the row; any other error left the run "running" for ever.
    store->db().exec("CREATE TRIGGER refuse BEFORE INSERT ON prediction BEGIN SELECT RAISE(ABORT, 'disk is full'); "
                     "END");
    EncodingLinker failing("k/1");
    EXPECT_THROW(link(failing), Error);
    auto runs = store->runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, "failed");
    EXPECT_NE(runs[0].metricsJson.find("disk is full"), std::string::npos) << runs[0].metricsJson;
    EXPECT_FALSE(runs[0].finishedAt.empty());

    store->db().exec("DROP TRIGGER refuse");
    std::atomic<bool> cancel{true};
    JobContext job;
    job.cancelled = &cancel;
    EncodingLinker cancelled("k/1");
    LinkOptions options;
    options.dataset = "ds";
    try {
        linkSplit(*store, cancelled, *kb, options, job);
        FAIL() << "expected a cancel";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::Cancelled);
    }
    runs = store->runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[1].status, "cancelled");
}

// The run row keeps how it was made, whoever started it (the GUI gives no config of its own: its runs kept "{}"),
// and the outcome names the images the linker could not decode.
TEST_F(LinkJobFeatures, TheRunKeepsThePlacementAndTheOutcomeNamesUndecodableImages)
{
    EncodingLinker linker("");
    linker.placementUsed = {"cpu", "fp32", 2, 64};
    linker.undecodable = {"/data/broken.jpg"};
    LinkOptions options;
    options.dataset = "ds";
    options.topK = 7;
    const auto outcome = linkSplit(*store, linker, *kb, options);
    EXPECT_EQ(outcome.undecodableImages, linker.undecodable);
    const auto config = nlohmann::json::parse(store->run(outcome.runId)->configJson);
    EXPECT_EQ(config["linker"], "encoding");
    EXPECT_EQ(config["top_k"], 7);
    EXPECT_EQ(config["device"], "cpu");
    EXPECT_EQ(config["precision"], "fp32");
    EXPECT_EQ(config["threads"], 2);
    EXPECT_EQ(config["pair_budget"], 64);

    options.configJson = R"({"note": "kept"})";
    linker.placementUsed = {};  // a linker that uses no device (the name baseline)
    const auto plain = nlohmann::json::parse(store->run(linkSplit(*store, linker, *kb, options).runId)->configJson);
    EXPECT_EQ(plain["note"], "kept");
    EXPECT_EQ(plain["top_k"], 7);
    EXPECT_FALSE(plain.contains("device"));
}

TEST_F(LinkJobFeatures, AProjectWithoutAKnowledgeBaseIsRefused_AndKeepsNoRun)
{
    // It used to end "done" with all-zero metrics (every mention without candidates), as if linked.
    store->db().exec("DELETE FROM entity");
    kb = std::make_unique<KbCandidates>(*store);
    EncodingLinker linker("k/1");
    try {
        link(linker);
        FAIL() << "linked against an empty KB";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no knowledge base entities"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(store->runs().empty());
}
