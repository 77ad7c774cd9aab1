// The train-label prior behind the label pair features: counts, leave-one-out, its JSON, the features it gives,
// that a trained checkpoint carries it, and that checkpoints written before it (7 features) still load and rank.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/store/testproject.h"
#include "linkers/labelprior.h"
#include "linkers/pairfeatures.h"
#include "mel/core/util/error.h"
#include "mel/models/linkers.h"
#include "modeltest.h"
#include "train/checkpoint.h"

namespace mel::models {
namespace {

LabelPrior smithPrior()
{
    LabelPrior p;
    p.add("smith", "Q1");
    p.add("smith", "Q1");
    p.add("smith", "Q2");
    p.add("john smith", "Q1");
    return p;
}

TEST(LabelPrior, CountsEntitiesPairsAndSurfaces)
{
    const auto p = smithPrior();
    EXPECT_EQ(p.labels(), 4u);
    const auto c = p.counts("smith", "Q1");
    EXPECT_EQ(c.entity, 3);
    EXPECT_EQ(c.pair, 2);
    EXPECT_EQ(c.surface, 3);
    const auto unseen = p.counts("jones", "Q9");
    EXPECT_EQ(unseen.entity + unseen.pair + unseen.surface, 0);
}

TEST(LabelPrior, LeaveOneOutRemovesOnlyTheMentionsOwnLabel)
{
    const auto p = smithPrior();
    // A training mention "smith" labelled Q2: its own label leaves the counts of Q2 and of the surface...
    const auto gold = p.counts("smith", "Q2", "Q2");
    EXPECT_EQ(gold.entity, 0);
    EXPECT_EQ(gold.pair, 0);
    EXPECT_EQ(gold.surface, 2);
    // ...but another candidate of the same mention keeps its counts (only the surface total drops).
    const auto other = p.counts("smith", "Q1", "Q2");
    EXPECT_EQ(other.entity, 3);
    EXPECT_EQ(other.pair, 2);
    EXPECT_EQ(other.surface, 2);
}

TEST(LabelPrior, JsonRoundTripAndBadInputNamesTheField)
{
    const auto p = LabelPrior::deserialize(smithPrior().serialize());
    EXPECT_EQ(p.labels(), 4u);
    EXPECT_EQ(p.counts("john smith", "Q1").pair, 1);
    EXPECT_THROW(LabelPrior::deserialize("{"), core::Error);
    try
    {
        LabelPrior::deserialize(R"({"entity":{"Q1":-3},"pair":{},"surface":{},"labels":1})");
        FAIL() << "a negative count must be refused";
    }
    catch (const core::Error& e)
    {
        EXPECT_NE(std::string(e.what()).find("entity"), std::string::npos) << e.what();
    }
    EXPECT_THROW(LabelPrior::deserialize(R"({"entity":{},"pair":{},"labels":0})"), core::Error);  // no "surface"
}

TEST(PairFeatures, LabelPriorAndDescriptionFeatures)
{
    core::MentionQuery q;
    q.surface = "Smith";
    q.text = "Smith at the conference";
    core::CandidateEntity q1{"Q1", "John Smith", "Occupation: economist. Birth: 1723, Kirkcaldy.", "", 90};
    core::CandidateEntity q3{"Q3", "Anna Smith", "", "", 90};
    const auto prior = smithPrior();
    const auto words = mentionWords(q);
    float a[kPairFeatureCount], b[kPairFeatureCount], none[kPairFeatureCount], loo[kPairFeatureCount];
    pairFeatures(words, q1, a, &prior);
    pairFeatures(words, q3, b, &prior);
    pairFeatures(words, q1, none);
    pairFeatures(words, q1, loo, &prior, "Q1");
    EXPECT_NEAR(a[7], std::log1p(2.0) / 3.0, 1e-6);   // "smith" -> Q1 twice
    EXPECT_NEAR(a[8], 2.0 / 3.0, 1e-6);               // p(Q1 | "smith")
    EXPECT_NEAR(a[9], std::log1p(3.0) / 5.0, 1e-6);   // Q1 under any surface
    EXPECT_EQ(b[7] + b[8] + b[9], 0.f) << "an entity no train label names";
    EXPECT_EQ(none[7] + none[8] + none[9], 0.f) << "no prior: the label features are 0";
    EXPECT_NEAR(loo[8], 1.0 / 2.0, 1e-6) << "its own label left out: 1 of the 2 other 'smith' labels";
    EXPECT_GT(a[10], 0.f);
    EXPECT_EQ(b[10], 0.f) << "empty description";
    EXPECT_EQ(pairFeatureNames()[8], std::string("label_share"));
}

TEST(LabelPrior, TrainedCheckpointCarriesTheTrainLabels)
{
    test::TempDir dir;
    TrainingData data;
    data.train = test::smithExamples();
    data.dev = data.train;
    auto o = test::tinyTrainOptions("mimic");
    o.epochs = 1;
    o.outPath = (dir / "prior.pt").string();
    const auto result = trainOnData(data, o);
    const auto loaded = loadCheckpoint(result.checkpointPath, torch::kCPU);
    EXPECT_EQ(loaded.model->labelPrior().labels(), data.train.size());
    EXPECT_EQ(loaded.model->config().pairFeatureCount, kPairFeatureCount);
    const auto& ex = data.train.front();
    EXPECT_GE(loaded.model->labelPrior().counts(mentionWords(ex.query).surfaceKey, ex.goldQid).pair, 1);
}

// Every entity the answer of exactly one mention (as in Richpedia-MEL, whose sample id is the answer): with its own
// label left out, "seen in train" marks the wrong candidates, and the head must not learn that artefact.
TEST(LabelPrior, LabelWeightsStayNonNegativeWhenCountsPointAway)
{
    ASSERT_EQ(std::string(pairFeatureNames()[7]), "label_pair");  // the trainer clips columns 7..9
    ASSERT_EQ(std::string(pairFeatureNames()[9]), "label_entity");
    ASSERT_EQ(std::string(pairFeatureNames()[10]), "description");
    test::TempDir dir;
    TrainingData data;
    auto all = test::smithExamples();
    data.train.assign(all.begin(), all.begin() + 4);  // golds 0, 1, 2, 3: each once
    data.dev = data.train;
    auto o = test::tinyTrainOptions("mimic");
    o.epochs = 10;
    o.outPath = (dir / "once.pt").string();
    const auto loaded = loadCheckpoint(trainOnData(data, o).checkpointPath, torch::kCPU);
    const auto weight = loaded.model->named_parameters()["feature_head.weight"];
    ASSERT_EQ(weight.size(1), kPairFeatureCount);
    EXPECT_GE(weight.narrow(1, 7, 3).min().item<double>(), 0.0) << weight;
}

// Ranks "Smith" in `text` against the four Smiths with the checkpoint at `path` and checks the scores are finite;
// returns the explanation's unit scores (one per feature the checkpoint was trained with).
std::map<std::string, std::vector<double>> rankSmithsWith(const std::string& path, const std::string& text)
{
    auto linker = loadLinker(path, {"cpu", 1});
    core::MentionQuery q;
    q.mentionId = 1;
    q.surface = "Smith";
    q.text = text;
    const auto entities = test::smiths();
    const auto results = linker->rank({q}, {entities}, true);
    EXPECT_EQ(results.size(), 1u);
    if (results.empty())
        return {};
    EXPECT_EQ(results[0].ranked.size(), entities.size());
    for (const auto& r : results[0].ranked)
        EXPECT_TRUE(std::isfinite(r.score));
    return results[0].explanation.unitScores;
}

// Written by the CLI before the label-prior features existed (tiny GHMF, 7 pair features, no "label_prior").
TEST(LabelPrior, CheckpointsWithSevenFeaturesStillLoadAndRank)
{
    const std::string path = std::string(MEL_TEST_DATA) + "/models/legacy-ghmf-7features.pt";
    const auto loaded = loadCheckpoint(path, torch::kCPU);
    EXPECT_EQ(loaded.model->config().pairFeatureCount, kLegacyPairFeatureCount);
    EXPECT_TRUE(loaded.model->labelPrior().empty());
    const auto units = rankSmithsWith(path, "Smith at the conference");
    EXPECT_EQ(units.count("feature/label_pair"), 0u) << "only the features it was trained with";
    EXPECT_EQ(units.count("feature/context"), 1u);
}

// Written by the CLI before the era features existed (tiny GHMF, 11 pair features, with a label prior).
TEST(LabelPrior, CheckpointsWithElevenFeaturesStillLoadAndRank)
{
    const std::string path = std::string(MEL_TEST_DATA) + "/models/legacy-ghmf-11features.pt";
    const auto loaded = loadCheckpoint(path, torch::kCPU);
    EXPECT_EQ(loaded.model->config().pairFeatureCount, kPreEraPairFeatureCount);
    EXPECT_EQ(loaded.model->named_parameters()["feature_head.weight"].size(1), kPreEraPairFeatureCount);
    const auto units = rankSmithsWith(path, "Smith at the conference in 1955");
    EXPECT_EQ(units.count("feature/label_pair"), 1u);
    EXPECT_EQ(units.count("feature/era_known"), 0u) << "only the features it was trained with";
}

} // namespace
} // namespace mel::models
