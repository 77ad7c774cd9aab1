// TorchLinker's entity features as bytes for the project: exact round trip, damaged bytes refused, a key that names
// the checkpoint, and a second linker that encodes nothing the project already holds.
#include <gtest/gtest.h>

#include "core/store/testproject.h"
#include "linkers/featurebytes.h"
#include "linkers/torchlinker.h"
#include "mel/core/pipeline/storedfeatures.h"
#include "mel/models/linkers.h"
#include "modeltest.h"

namespace mel::models {
namespace {

// The Smith examples with images on two of the four entities (so patch tensors are stored too).
std::vector<TrainingExample> examplesWithEntityImages()
{
    auto examples = test::smithExamples();
    for (auto& ex : examples)
    {
        ex.candidates[0].imagePath = test::demoImage(2);
        ex.candidates[2].imagePath = test::demoImage(3);
    }
    return examples;
}

std::vector<core::LinkResult> rankAll(core::Linker& linker, const std::vector<TrainingExample>& examples,
                                      bool explain)
{
    std::vector<core::MentionQuery> queries;
    std::vector<std::vector<core::CandidateEntity>> candidates;
    for (const auto& ex : examples)
    {
        queries.push_back(ex.query);
        candidates.push_back(ex.candidates);
    }
    return linker.rank(queries, candidates, explain);
}

// tolerance 0: bit-identical. (An entity encoded in a batch of another size may differ in the last bits.)
void expectSameRanking(const std::vector<core::LinkResult>& a, const std::vector<core::LinkResult>& b,
                       double tolerance = 0)
{
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        ASSERT_EQ(a[i].ranked.size(), b[i].ranked.size());
        for (std::size_t k = 0; k < a[i].ranked.size(); ++k)
        {
            if (tolerance == 0)
            {
                EXPECT_EQ(a[i].ranked[k].qid, b[i].ranked[k].qid) << i << " #" << k;
                EXPECT_EQ(a[i].ranked[k].score, b[i].ranked[k].score) << i << " #" << k;
            }
            else
            {
                EXPECT_NEAR(a[i].ranked[k].score, b[i].ranked[k].score, tolerance) << i << " #" << k;
            }
        }
        if (tolerance == 0)
        {
            EXPECT_EQ(a[i].explanation.unitScores, b[i].explanation.unitScores) << i;
        }
    }
}

TEST(StoredFeatures, RowsRoundTripExactlyAndASecondLinkerEncodesNothing)
{
    const auto examples = examplesWithEntityImages();
    for (const char* kind : {"ghmf", "mimic", "dwe"})
    {
        SCOPED_TRACE(kind);
        const auto model = test::tinyModel(kind, 7);
        TorchLinker first(model, torch::kCPU, 1);
        first.setEntityFeatureKey("test");
        const auto plain = rankAll(first, examples, false);
        const auto explained = rankAll(first, examples, true);
        auto records = first.takeNewEntityFeatures();
        ASSERT_EQ(records.size(), 4u);
        EXPECT_TRUE(first.takeNewEntityFeatures().empty()) << "handed out once";
        for (const auto& r : records)
        {
            EXPECT_EQ(r.inputKey, core::entityInputKey(*std::find_if(
                                      examples[0].candidates.begin(), examples[0].candidates.end(),
                                      [&](const auto& c) { return c.qid == r.qid; })));
            const auto row = entityRowFromBytes(r.data, torch::kCPU);
            EXPECT_EQ(entityRowToBytes(row), r.data) << "bytes -> row -> the same bytes";
        }

        TorchLinker second(model, torch::kCPU, 1);
        second.setEntityFeatureKey("test");
        EXPECT_EQ(second.putEntityFeatures(records), 4u);
        EXPECT_EQ(second.putEntityFeatures(records), 0u) << "already cached";
        expectSameRanking(rankAll(second, examples, false), plain);
        expectSameRanking(rankAll(second, examples, true), explained);
        EXPECT_EQ(second.cachedEntities(), 4u);
        EXPECT_TRUE(second.takeNewEntityFeatures().empty()) << "nothing was encoded";
    }
}

TEST(StoredFeatures, DamagedBytesAreRefusedAndTheEntityIsEncodedAgain)
{
    const auto examples = examplesWithEntityImages();
    const auto model = test::tinyModel("mimic", 3);
    TorchLinker first(model, torch::kCPU, 1);
    first.setEntityFeatureKey("test");
    const auto expected = rankAll(first, examples, false);
    auto records = first.takeNewEntityFeatures();
    ASSERT_EQ(records.size(), 4u);
    const std::string good = records[0].data;
    EXPECT_THROW(entityRowFromBytes(good.substr(0, good.size() - 1), torch::kCPU), core::Error);
    EXPECT_THROW(entityRowFromBytes(good + "x", torch::kCPU), core::Error);
    EXPECT_THROW(entityRowFromBytes("PNG" + good.substr(3), torch::kCPU), core::Error);
    EXPECT_THROW(entityRowFromBytes("", torch::kCPU), core::Error);
    auto huge = good;
    huge[16] = 0x7f;  // the first tensor's first dimension (bytes 9-16) now claims far more bytes than there are
    EXPECT_THROW(entityRowFromBytes(huge, torch::kCPU), core::Error);

    records[0].data = good.substr(0, 20);
    records[1].data = "garbage";
    TorchLinker second(model, torch::kCPU, 1);
    second.setEntityFeatureKey("test");
    EXPECT_EQ(second.putEntityFeatures(records), 2u);
    expectSameRanking(rankAll(second, examples, false), expected, 1e-5);
    EXPECT_EQ(second.takeNewEntityFeatures().size(), 2u) << "the two damaged ones were encoded again";
}

// Well-formed rows of another layout (another linker's, or a grid no image encoder makes) are refused too: cached,
// they would make every ranking that meets the entity fail.
TEST(StoredFeatures, RowsOfAnotherLayoutAreRefused)
{
    const auto examples = examplesWithEntityImages();
    TorchLinker ghmf(test::tinyModel("ghmf", 3), torch::kCPU, 1);
    ghmf.setEntityFeatureKey("test");
    rankAll(ghmf, examples, false);
    const auto ghmfRows = ghmf.takeNewEntityFeatures();
    TorchLinker mimic(test::tinyModel("mimic", 3), torch::kCPU, 1);
    mimic.setEntityFeatureKey("test");
    const auto expected = rankAll(mimic, examples, false);
    auto mimicRows = mimic.takeNewEntityFeatures();
    ASSERT_EQ(mimicRows.size(), 4u);

    TorchLinker fresh(test::tinyModel("mimic", 3), torch::kCPU, 1);
    EXPECT_EQ(fresh.putEntityFeatures(ghmfRows), 0u);
    EXPECT_EQ(fresh.cachedEntities(), 0u);
    expectSameRanking(rankAll(fresh, examples, false), expected, 1e-5);

    // A patch grid far beyond any image encoder's (the explanation would build its labels) is damage.
    auto row = entityRowFromBytes(mimicRows[0].data, torch::kCPU);
    row.gridRows = row.gridCols = 100000;
    EXPECT_THROW(entityRowFromBytes(entityRowToBytes(row), torch::kCPU), core::Error);
    // A row whose token features have another width.
    row = entityRowFromBytes(mimicRows[0].data, torch::kCPU);
    row.tokens = torch::zeros({1, row.tokens.size(1), row.tokens.size(2) + 1});
    TorchLinker other(test::tinyModel("mimic", 3), torch::kCPU, 1);
    EXPECT_EQ(other.putEntityFeatures({{"Q1", mimicRows[0].inputKey, entityRowToBytes(row)}}), 0u);
    EXPECT_EQ(other.putEntityFeatures({mimicRows[0]}), 1u) << "its own layout is taken";
}

TEST(StoredFeatures, WithoutAKeyNothingIsTracked)
{
    TorchLinker linker(test::tinyModel("ghmf", 1), torch::kCPU, 1);
    EXPECT_EQ(linker.entityFeatureKey(), "");
    rankAll(linker, test::smithExamples(), false);
    EXPECT_TRUE(linker.takeNewEntityFeatures().empty());
}

// loadLinker names the checkpoint's content, the device and the precision in the key; through the project a second
// loaded linker ranks exactly like the first without encoding an entity.
TEST(StoredFeatures, LoadedLinkersShareFeaturesThroughTheProject)
{
    test::TempDir dir;
    const auto a = (dir / "a.pt").string(), b = (dir / "b.pt").string();
    saveCheckpoint(a, *test::tinyModel("ghmf", 1), "{}");
    saveCheckpoint(b, *test::tinyModel("ghmf", 2), "{}");
    auto linkerA = loadLinker(a, {"cpu", 1});
    const auto key = linkerA->entityFeatureKey();
    EXPECT_EQ(key.rfind("ghmf/", 0), 0u) << key;
    EXPECT_NE(key.find("/cpu/fp32/" + std::string(kEntityRowFormat)), std::string::npos) << key;
    EXPECT_EQ(loadLinker(a, {"cpu", 1})->entityFeatureKey(), key) << "same file, same key";
    EXPECT_NE(loadLinker(b, {"cpu", 1})->entityFeatureKey(), key) << "other weights, other key";

    const auto examples = examplesWithEntityImages();
    core::Store store(dir / "p.melproj");
    std::vector<std::vector<core::CandidateEntity>> lists;
    for (const auto& ex : examples)
        lists.push_back(ex.candidates);
    std::vector<core::LinkResult> expected;
    {
        core::StoredEntityFeatures stored(store, *linkerA, a);
        stored.load(lists);
        expected = rankAll(*linkerA, examples, false);
        EXPECT_EQ(stored.save(), 4u);
    }
    auto linkerB = loadLinker(a, {"cpu", 1});
    core::StoredEntityFeatures stored(store, *linkerB, a);
    EXPECT_EQ(stored.load(lists), 4u);
    expectSameRanking(rankAll(*linkerB, examples, false), expected);
    EXPECT_EQ(stored.save(), 0u) << "the second linker encoded no entity";
}

} // namespace
} // namespace mel::models
