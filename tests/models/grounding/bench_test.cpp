// A tiny end-to-end grounding bench run: the table comes out with sane values (quality is the CLI's job).
#include <algorithm>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mel/models/grounding.h"

using namespace mel;

namespace {

models::ModelConfig tinyModel()
{
    models::ModelConfig c;
    c.text.dim = 16;
    c.text.heads = 2;
    c.text.ffn = 32;
    c.text.minCount = 1;
    c.text.buckets = 512;
    c.image.imageSize = 32;
    c.image.dim = 16;
    c.image.grid = 3;
    c.image.channels = {8};
    c.ghmf.dim = 16;
    c.ghmf.heads = 2;
    c.ghmf.layers = 1;
    c.ghmf.ffn = 32;
    c.ghmf.outDim = 16;
    c.mimic.hidden = 16;
    c.gemel.dim = 16;
    c.gemel.heads = 2;
    c.gemel.ffn = 32;
    c.gemel.prefixTokens = 2;
    c.gemel.demonstrations = 0;
    c.gemel.prefixSource = "attention";  // GEMEL's text->image map (its own model: its own random-init control)
    return c;
}

} // namespace

TEST(GroundingBench, TinyRunProducesTheTable)
{
    models::GroundingBenchOptions o;
    o.spec.seed = 3;
    o.spec.trainSamples = 12;
    o.spec.devSamples = 3;
    o.spec.testSamples = 10;
    o.spec.imageSize = 64;  // small scenes: the run stays well under 30 s
    o.spec.families = 4;
    o.spec.minObjectSize = 16;
    o.spec.maxObjectSize = 20;
    o.epochs = 1;
    o.batchSize = 8;
    o.threads = 2;
    o.model = tinyModel();
    o.model.mimic.vdluAttention = true;  // MIMIC shows the candidate-conditioned map, GHMF has none
    o.model.mimic.vdluQuery = "text";    // the candidate-text query and best-patch match run end to end too
    o.model.mimic.vdluMatch = "max";
    o.linkers = {"ghmf", "mimic", "gemel", "no-such-linker"};
    const auto r = models::runGroundingBench(o);
    EXPECT_EQ(r.testMentions, 10);
    EXPECT_EQ(r.trainMentions, 12);
    EXPECT_GT(r.chance, 0.2);
    EXPECT_LT(r.chance, 0.55);
    EXPECT_GE(r.randomCell, 0.0);
    EXPECT_LT(r.randomCell, 0.5);
    ASSERT_EQ(r.linkers.size(), 3u);
    ASSERT_EQ(r.notes.size(), 1u);
    EXPECT_NE(r.notes[0].find("no-such-linker"), std::string::npos);
    for (const auto& l : r.linkers)
    {
        SCOPED_TRACE(l.linker);
        EXPECT_EQ(l.full.n, 10);
        EXPECT_EQ(l.textOnly.n, 10);
        EXPECT_DOUBLE_EQ(l.full.recallAtK, 1.0);  // every entity is a candidate
        for (const double v : {l.full.hits1, l.textOnly.hits1, l.full.mrr, l.textOnly.mrr})
        {
            EXPECT_GE(v, 0.0);
            EXPECT_LE(v, 1.0);
        }
        EXPECT_EQ(l.pointingMentions, 10);  // every test mention has an image, a box and a map
        EXPECT_GE(l.pointingTrained, 0.0);
        EXPECT_LE(l.pointingTrained, 1.0);
        EXPECT_GE(l.pointingRandomInit, 0.0);
        EXPECT_LE(l.pointingRandomInit, 1.0);
        EXPECT_FALSE(l.pointingPerMap.empty());
        // The tolerant figures count the same argmax cells with a larger box.
        EXPECT_GE(l.pointingTrainedTolerant, l.pointingTrained);
        EXPECT_GE(l.pointingRandomInitTolerant, l.pointingRandomInit);
        EXPECT_LE(l.pointingTrainedTolerant, 1.0);
        if (l.linker == "mimic")
        {
            EXPECT_EQ(l.pointingCandidateMentions, 10);
            for (const double v : {l.pointingCandidateTrained, l.pointingCandidateRandomInit})
            {
                EXPECT_GE(v, 0.0);
                EXPECT_LE(v, 1.0);
            }
            EXPECT_GE(l.pointingCandidateTrainedTolerant, l.pointingCandidateTrained);
            EXPECT_GE(l.pointingCandidateRandomInitTolerant, l.pointingCandidateRandomInit);
        }
        else
        {
            EXPECT_EQ(l.pointingCandidateMentions, 0);
            EXPECT_EQ(l.pointingCandidateTrained, -1);
            EXPECT_EQ(l.pointingCandidateRandomInit, -1);
        }
        // The learning curves: one point per finished epoch, CPU time measured.
        ASSERT_EQ(l.curveFull.size(), 1u);
        ASSERT_EQ(l.curveTextOnly.size(), 1u);
        EXPECT_EQ(l.curveFull[0].epoch, 1);
        EXPECT_GT(l.curveFull[0].trainLoss, 0.0);
        EXPECT_GE(l.curveFull[0].devHits1, 0.0);
        EXPECT_LE(l.curveFull[0].devHits1, 1.0);
        EXPECT_GT(l.trainCpuSecondsFull, 0.0);
        EXPECT_EQ(l.trainMentions, 12);  // the recipe's count, capped by the 12 generated
        EXPECT_EQ(l.epochs, 1);
    }
    const auto table = models::groundingTable(r);
    EXPECT_NE(table.find("| ghmf |"), std::string::npos);
    EXPECT_NE(table.find("| mimic |"), std::string::npos);
    EXPECT_NE(table.find("chance"), std::string::npos);
    EXPECT_NE(table.find("ghmf full by epoch"), std::string::npos);
    EXPECT_NE(table.find("15 px tolerance"), std::string::npos);
    EXPECT_DOUBLE_EQ(r.pointingTolerance, models::kPointingTolerance);
    EXPECT_GE(r.randomCellTolerant, r.randomCell);
    const auto json = nlohmann::json::parse(models::groundingJson(r));
    EXPECT_TRUE(json["linkers"][0]["pointing_candidate_trained"].is_null());  // ghmf: n/a
    EXPECT_TRUE(json["linkers"][1]["pointing_candidate_trained"].is_number());
    EXPECT_TRUE(json["random_cell_tolerant"].is_number());
    EXPECT_EQ(json["linkers"].size(), 3u);
    EXPECT_TRUE(json["linkers"][2]["pointing_random_init"].is_number());  // gemel: its own random-init control
    EXPECT_EQ(json["test_mentions"], 10);
    EXPECT_EQ(json["linkers"][0]["curve_full"].size(), 1u);
    EXPECT_EQ(json["linkers"][0]["curve_text_only"].size(), 1u);
}

TEST(GroundingBench, WithoutTheTextOnlyRunItsColumnsAreNotAvailable)
{
    models::GroundingBenchOptions o;
    o.spec.seed = 4;
    o.spec.trainSamples = 6;
    o.spec.devSamples = 2;
    o.spec.testSamples = 4;
    o.spec.imageSize = 64;
    o.spec.families = 3;
    o.spec.minObjects = 2;
    o.spec.maxObjects = 3;
    o.spec.minObjectSize = 16;
    o.spec.maxObjectSize = 18;
    o.epochs = 2;
    o.trainMentions = 4;  // the first 4 of the 6 train mentions, for every linker
    o.batchSize = 8;
    o.threads = 1;
    o.model = tinyModel();
    o.linkers = {"ghmf"};
    o.textOnly = false;
    const auto r = models::runGroundingBench(o);
    EXPECT_EQ(r.trainMentions, 6);
    ASSERT_EQ(r.linkers.size(), 1u);
    const auto& l = r.linkers[0];
    EXPECT_EQ(l.trainMentions, 4);
    EXPECT_EQ(l.epochs, 2);
    EXPECT_EQ(l.full.n, 4);
    EXPECT_EQ(l.textOnly.n, 0);  // not run
    EXPECT_TRUE(l.curveTextOnly.empty());
    EXPECT_EQ(l.curveFull.size(), 2u);
    const auto table = models::groundingTable(r);
    EXPECT_NE(table.find("| ghmf | 4 x 2 | "), std::string::npos);
    const auto json = nlohmann::json::parse(models::groundingJson(r));
    EXPECT_EQ(json["linkers"][0]["train_mentions"], 4);
    EXPECT_EQ(json["linkers"][0]["epochs"], 2);
    EXPECT_NE(table.find("| n/a |"), std::string::npos);
    EXPECT_EQ(table.find("ghmf text-only by epoch"), std::string::npos);
}

TEST(GroundingBench, TextOnlyFlagRoundTripsInTheConfig)
{
    models::ModelConfig c;
    c.ignoreImages = true;
    EXPECT_TRUE(models::modelConfigFromJson(models::toJson(c)).ignoreImages);
    EXPECT_FALSE(models::modelConfigFromJson("{}").ignoreImages);
}

TEST(GroundingBench, EachLinkerHasTheRecipeItWasMeasuredWith)
{
    // The default run trains each linker as much as it needs on the same generated data (README's table).
    EXPECT_EQ(models::groundingRecipe("ghmf").trainMentions, 2000);
    EXPECT_EQ(models::groundingRecipe("dwe").epochs, 8);
    EXPECT_EQ(models::groundingRecipe("mimic").trainMentions, 4000);
    EXPECT_EQ(models::groundingRecipe("gemel").epochs, 16);
    int most = 0;
    for (const auto& linker : models::kGroundingLinkers)
        most = std::max(most, models::groundingRecipe(linker).trainMentions);
    EXPECT_EQ(most, models::groundingBenchSpec().trainSamples);  // the data holds what the hungriest one needs
}
