// TorchLinker: ranking contract, explanations the GUI draws, entity cache, checkpoint round trip.
#include <gtest/gtest.h>

#include <set>

#include "core/store/testproject.h"
#include "linkers/torchlinker.h"
#include "mel/core/linker/warmup.h"
#include "mel/models/linkers.h"
#include "modeltest.h"

namespace mel::models {
namespace {

std::vector<double> scoresOf(core::Linker& linker, const std::vector<TrainingExample>& examples)
{
    std::vector<core::MentionQuery> queries;
    std::vector<std::vector<core::CandidateEntity>> candidates;
    for (const auto& ex : examples)
    {
        queries.push_back(ex.query);
        candidates.push_back(ex.candidates);
    }
    std::vector<double> out;
    for (const auto& r : linker.rank(queries, candidates, false))
        for (const auto& c : r.ranked)
            out.push_back(c.score);
    return out;
}

void expectExplanation(const std::string& kind)
{
    TorchLinker linker(test::tinyModel(kind), torch::kCPU, 1);
    const auto examples = test::smithExamples();
    const auto& withImage = examples[1];
    ASSERT_FALSE(withImage.query.imagePath.empty());
    const auto results = linker.rank({withImage.query, examples[0].query},
                                     {withImage.candidates, examples[0].candidates}, true);
    ASSERT_EQ(results.size(), 2u);
    const auto& r = results[0];
    ASSERT_EQ(r.ranked.size(), 4u);
    std::set<std::string> qids;
    for (std::size_t i = 0; i < r.ranked.size(); ++i)
    {
        qids.insert(r.ranked[i].qid);
        if (i)
        {
            EXPECT_GE(r.ranked[i - 1].score, r.ranked[i].score);
        }
    }
    EXPECT_EQ(qids.size(), 4u) << "every candidate exactly once";
    const auto& x = r.explanation;
    ASSERT_FALSE(x.attention.empty());
    bool gridMap = false;
    for (const auto& map : x.attention)
    {
        ASSERT_EQ(map.values.size(), static_cast<std::size_t>(map.rows * map.cols)) << map.name;
        EXPECT_EQ(map.rowLabels.size(), static_cast<std::size_t>(map.rows)) << map.name;
        EXPECT_EQ(map.colLabels.size(), static_cast<std::size_t>(map.cols)) << map.name;
        if (map.gridRows > 0)
        {
            gridMap = true;
            EXPECT_EQ(map.gridRows * map.gridCols, 9) << map.name;
        }
        for (int row = 0; row < map.rows; ++row)
        {
            double sum = 0;
            for (int col = 0; col < map.cols; ++col)
                sum += map.values[static_cast<std::size_t>(row * map.cols + col)];
            EXPECT_NEAR(sum, 1.0, 1e-4) << map.name << " row " << row;
        }
    }
    EXPECT_TRUE(gridMap) << "text->patch maps carry the grid shape";
    EXPECT_FALSE(x.gates.empty());
    EXPECT_FALSE(x.unitScores.empty());
    for (const auto& [name, values] : x.unitScores)
        EXPECT_EQ(values.size(), 4u) << name;
    EXPECT_EQ(x.unitScores.at("total")[0], r.ranked[0].score);
    // The mention without an image says so instead of drawing a heatmap over nothing.
    EXPECT_FALSE(results[1].explanation.notes.empty());
}

TEST(TorchLinker, GhmfExplainsWithCoAttentionMapsAndGates)
{
    expectExplanation("ghmf");
    TorchLinker linker(test::tinyModel("ghmf"), torch::kCPU, 1);
    const auto ex = test::smithExamples()[1];
    const auto x = linker.rank({ex.query}, {ex.candidates}, true)[0].explanation;
    std::set<std::string> names;
    for (const auto& m : x.attention)
        names.insert(m.name);
    EXPECT_TRUE(names.count("word/text->image") && names.count("word/image->text") &&
                names.count("phrase/text->image") && names.count("phrase/image->text"));
    EXPECT_NEAR(x.gates.at("text") + x.gates.at("image"), 1.0, 1e-6);
}

TEST(TorchLinker, MimicExplainsWithUnitScores)
{
    expectExplanation("mimic");
    TorchLinker linker(test::tinyModel("mimic"), torch::kCPU, 1);
    const auto ex = test::smithExamples()[1];
    const auto x = linker.rank({ex.query}, {ex.candidates}, true)[0].explanation;
    for (const char* unit : {"S_T", "S_V", "S_C", "total", "feature/wratio"})
        EXPECT_TRUE(x.unitScores.count(unit)) << unit;
}

TEST(TorchLinker, EntityFeaturesAreCachedAndBatchesAgreeWithSingleCalls)
{
    TorchLinker linker(test::tinyModel("mimic"), torch::kCPU, 1);
    const auto examples = test::smithExamples();
    const auto batched = scoresOf(linker, examples);
    EXPECT_EQ(linker.cachedEntities(), 4u);
    std::vector<double> single;
    for (const auto& ex : examples)
        for (const auto v : scoresOf(linker, {ex}))
            single.push_back(v);
    ASSERT_EQ(batched.size(), single.size());
    for (std::size_t i = 0; i < batched.size(); ++i)
        EXPECT_NEAR(batched[i], single[i], 1e-5);
}

// Without explanations, several mentions share one scoring pass over the union of their candidates (the GPU
// default); each mention still gets the scores of its own candidates, whatever their number and order, and lists
// that share entities or repeat one are handled.
TEST(TorchLinker, MentionsSharingAScoringPassGetTheirOwnScores)
{
    for (const char* kind : {"ghmf", "mimic", "dwe"})
    {
        SCOPED_TRACE(kind);
        const auto model = test::tinyModel(kind, 7);
        std::vector<core::MentionQuery> queries;
        std::vector<std::vector<core::CandidateEntity>> candidates;
        const auto examples = test::smithExamples();
        for (std::size_t i = 0; i < examples.size(); ++i)
        {
            queries.push_back(examples[i].query);
            auto cands = examples[i].candidates;
            std::rotate(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(i % cands.size()), cands.end());
            cands.resize(1 + i % cands.size());  // 1..4 candidates, in different orders
            if (i == 2)
                cands.clear();  // a mention without candidates in the middle of a group
            if (i == 3)
                cands.push_back(cands.front());  // the same entity twice in one list
            candidates.push_back(cands);
        }
        TorchLinker alone(model, torch::kCPU, 1);
        alone.setPairBudget(1);
        TorchLinker shared(model, torch::kCPU, 1);
        shared.setPairBudget(1000);
        EXPECT_GT(TorchLinker(model, torch::kCPU, 1).pairBudget(), 100) << "mentions share passes by default";
        const auto a = alone.rank(queries, candidates, false);
        const auto b = shared.rank(queries, candidates, false);
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
        {
            ASSERT_EQ(a[i].ranked.size(), candidates[i].size()) << i;
            ASSERT_EQ(b[i].ranked.size(), candidates[i].size()) << i;
            for (std::size_t r = 0; r < a[i].ranked.size(); ++r)
            {
                EXPECT_EQ(a[i].ranked[r].qid, b[i].ranked[r].qid) << i << " #" << r;
                EXPECT_NEAR(a[i].ranked[r].score, b[i].ranked[r].score, 1e-5) << i << " #" << r;
            }
        }
    }
}

// Warming the entity side ahead (what the app does in the background after loading a checkpoint) fills the cache
// with every entity and changes no score: a later ranking encodes only its mention. The app and `bench link` warm up
// exactly the kinds models::cachesEntityFeatures names.
TEST(TorchLinker, WarmUpCachesEveryEntityAndLeavesScoresUnchanged)
{
    EXPECT_FALSE(models::cachesEntityFeatures("gemel"));
    EXPECT_FALSE(models::cachesEntityFeatures("name"));
    for (const char* kind : {"ghmf", "mimic", "dwe"})
    {
        SCOPED_TRACE(kind);
        EXPECT_TRUE(models::cachesEntityFeatures(kind));
        const auto model = test::tinyModel(kind, 5);
        const auto examples = test::smithExamples();
        TorchLinker cold(model, torch::kCPU, 1);
        const auto expected = scoresOf(cold, examples);
        TorchLinker warm(model, torch::kCPU, 1);
        std::vector<core::CandidateEntity> kb;
        std::set<std::string> qids;
        for (const auto& ex : examples)
            for (const auto& c : ex.candidates)
                if (qids.insert(c.qid).second)
                    kb.push_back(c);
        EXPECT_EQ(core::warmEntityFeatures(warm, kb, {}, 3), kb.size());
        EXPECT_EQ(warm.cachedEntities(), kb.size());
        const auto got = scoresOf(warm, examples);
        EXPECT_EQ(warm.cachedEntities(), kb.size()) << "nothing left to encode";
        ASSERT_EQ(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i)
            EXPECT_NEAR(got[i], expected[i], 1e-5);
    }
}

TEST(TorchLinker, ReportsTheImagesItCouldNotDecodeAndThePlacementItUses)
{
    // Such an image used to become "no image" with nothing said (the import checks headers only).
    const std::string corrupt = std::string(MEL_TEST_DATA) + "/images/corrupt.jpg";
    TorchLinker linker(test::tinyModel("ghmf"), torch::kCPU, 1);
    auto examples = test::smithExamples();
    ASSERT_FALSE(examples[1].query.imagePath.empty());  // a good image, not listed
    examples[0].query.imagePath = corrupt;
    examples[0].candidates[2].imagePath = corrupt + "-gone.png";  // an entity image gone since the import
    EXPECT_TRUE(linker.undecodableImages().empty());
    linker.rank({examples[0].query, examples[1].query}, {examples[0].candidates, examples[1].candidates}, false);
    EXPECT_EQ(linker.undecodableImages(), (std::vector<std::string>{corrupt, corrupt + "-gone.png"}));

    const auto used = linker.placement();
    EXPECT_EQ(used.device, "cpu");
    EXPECT_EQ(used.precision, "fp32");
    EXPECT_EQ(used.threads, 1);
    EXPECT_EQ(used.pairBudget, linker.pairBudget());
    EXPECT_GT(used.pairBudget, 1);
}

TEST(Checkpoint, RoundTripGivesIdenticalScores)
{
    test::TempDir dir;
    for (const char* kind : {"ghmf", "mimic"})
    {
        auto model = test::tinyModel(kind, 11);
        TorchLinker original(model, torch::kCPU, 1);
        const auto before = scoresOf(original, test::smithExamples());
        const auto path = (dir / (std::string(kind) + ".pt")).string();
        saveCheckpoint(path, *model, "{\"note\":\"test\"}");
        const auto info = inspectCheckpoint(path);
        EXPECT_EQ(info.linker, kind);
        EXPECT_EQ(info.config.text.dim, 16);
        auto loaded = loadLinker(path, {"cpu", 1});
        EXPECT_EQ(loaded->name(), kind);
        const auto after = scoresOf(*loaded, test::smithExamples());
        ASSERT_EQ(before.size(), after.size());
        for (std::size_t i = 0; i < before.size(); ++i)
            EXPECT_EQ(before[i], after[i]) << kind << " score " << i;
    }
    EXPECT_THROW(loadLinker((dir / "missing.pt").string()), core::Error);
    EXPECT_THROW(loadLinker(std::string(MEL_TEST_DATA) + "/images/corrupt.jpg"), core::Error);
}

} // namespace
} // namespace mel::models
