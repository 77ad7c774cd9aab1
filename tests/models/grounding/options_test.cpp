// The grounding options of the linkers: GHMF's entity-image pooling and MIMIC's candidate attention in VDLU
// (both off by default, so old configs and checkpoints rank as before), and the candidate map's pointing game.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/store/testproject.h"
#include "groundingtest.h"
#include "linkers/mimic/vdlu.h"
#include "mel/models/grounding.h"

namespace mel::models {
namespace {

using test::parameterNames;
using test::scores;
using test::scoresFromCheckpoint;
using test::smithsWithImages;
using test::tinyWith;

TEST(GroundingOptions, DefaultsAndJsonRoundTrip)
{
    const ModelConfig defaults;
    EXPECT_EQ(defaults.ghmf.entityImagePool, "mean");
    EXPECT_FALSE(defaults.mimic.vdluAttention);
    // A config written before the keys existed reads as the defaults.
    const auto old = modelConfigFromJson(R"({"ghmf": {"dim": 64}, "mimic": {"hidden": 64}})");
    EXPECT_EQ(old.ghmf.entityImagePool, "mean");
    EXPECT_FALSE(old.mimic.vdluAttention);
    EXPECT_EQ(old.mimic.vdluQuery, "image");
    EXPECT_EQ(old.mimic.vdluMatch, "lse");
    ModelConfig c;
    c.ghmf.entityImagePool = "max";
    c.mimic.vdluAttention = true;
    const auto back = modelConfigFromJson(toJson(c));
    EXPECT_EQ(back.ghmf.entityImagePool, "max");
    EXPECT_TRUE(back.mimic.vdluAttention);
    c.mimic.vdluQuery = "text";
    c.mimic.vdluMatch = "max";
    const auto text = modelConfigFromJson(toJson(c));
    EXPECT_EQ(text.mimic.vdluQuery, "text");
    EXPECT_EQ(text.mimic.vdluMatch, "max");
    for (const auto& [query, match] : {std::pair<std::string, std::string>{"colour", "lse"}, {"text", "mean"}})
    {
        auto mimic = test::tinyConfig("mimic");
        mimic.mimic.vdluAttention = true;
        mimic.mimic.vdluQuery = query;
        mimic.mimic.vdluMatch = match;
        EXPECT_THROW(tinyWith(mimic), core::Error) << query << " " << match;
    }
    auto bad = test::tinyConfig("ghmf");
    bad.ghmf.entityImagePool = "median";
    EXPECT_THROW(tinyWith(bad), core::Error);
}

TEST(GroundingOptions, DefaultsRankExactlyAsAConfigWithoutTheKeys)
{
    for (const char* kind : {"ghmf", "mimic"})
    {
        const auto base = test::tinyConfig(kind);
        auto json = nlohmann::json::parse(toJson(base));
        json["ghmf"].erase("entity_image_pool");
        json["mimic"].erase("vdlu_attention");
        json["mimic"].erase("vdlu_query");
        json["mimic"].erase("vdlu_match");
        json["mimic"].erase("vdlu_smooth");
        json["image"].erase("context");
        const auto old = modelConfigFromJson(json.dump());
        auto a = tinyWith(base, 5);
        auto b = tinyWith(old, 5);
        EXPECT_EQ(parameterNames(*a), parameterNames(*b)) << kind;
        EXPECT_EQ(scores(*a), scores(*b)) << kind;
    }
}

TEST(GroundingOptions, GhmfMaxPoolingChangesOnlyTheEntityImageFeature)
{
    auto mean = test::tinyConfig("ghmf");
    auto max = mean;
    max.ghmf.entityImagePool = "max";
    auto a = tinyWith(mean, 3);
    auto b = tinyWith(max, 3);
    EXPECT_EQ(parameterNames(*a), parameterNames(*b)) << "no new parameters: old checkpoints keep their shape";
    a->eval();
    b->eval();
    torch::NoGradGuard noGrad;
    const auto withImages = smithsWithImages();
    const auto ea = a->encodeEntities(withImages).vector;
    const auto eb = b->encodeEntities(withImages).vector;
    EXPECT_GT((ea - eb).abs().max().item<double>(), 1e-4);
    // Without images both read the learned no-image token (its max over one valid position is itself).
    const auto na = a->encodeEntities(test::smiths()).vector;
    const auto nb = b->encodeEntities(test::smiths()).vector;
    EXPECT_FALSE(torch::isnan(nb).any().item<bool>());
    EXPECT_EQ(na.sizes(), nb.sizes());
}

TEST(GroundingOptions, MimicCandidateAttentionIsTrainedExplainedAndSaved)
{
    auto config = test::tinyConfig("mimic");
    config.mimic.vdluAttention = true;
    auto model = tinyWith(config, 7);
    const auto names = parameterNames(*model);
    EXPECT_TRUE(names.count("vdlu.e2m_query.weight") && names.count("vdlu.e2m_key.weight"));
    EXPECT_FALSE(parameterNames(*tinyWith(test::tinyConfig("mimic"))).count("vdlu.e2m_query.weight"));

    // Gradients reach the attention's layers.
    model->train();
    const auto f = test::forwardSmiths(*model);
    const auto B = f.batch;
    const auto& s = f.scores;
    ASSERT_TRUE(s.extras.count("vdlu/e2m_attention"));
    EXPECT_EQ(s.extras.at("vdlu/e2m_attention").sizes(), (std::vector<std::int64_t>{B, 4, 9}));
    test::backwardSmithLoss(*model, f);
    for (const auto& p : model->named_parameters())
        if (p.key().rfind("vdlu.e2m_", 0) == 0 && p.key().find("query") != std::string::npos)
        {
            EXPECT_GT(p.value().grad().abs().sum().item<double>(), 0) << p.key();
        }
    model->eval();

    // The explanation carries the top candidate's map over the mention image, and the pointing game reads it.
    core::Explanation x;
    const auto before = scores(*model, true, &x);
    const core::AttentionMap* map = nullptr;
    for (const auto& a : x.attention)
        if (a.name == "vdlu/candidate->mention image (top candidate)")
            map = &a;
    ASSERT_NE(map, nullptr);
    EXPECT_EQ(map->rows, 1);
    EXPECT_EQ(map->gridRows * map->gridCols, 9);
    EXPECT_NEAR(test::sumOf(map->values), 1.0, 1e-4);
    const auto candidate = candidateAttention(x);
    ASSERT_TRUE(candidate);
    EXPECT_EQ(candidate->maps, std::vector<std::string>{"vdlu/candidate->mention image (top candidate)#0"});
    const auto text = mentionAttention(x);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->maps, std::vector<std::string>{"cmfu/text->image#0"}) << "the candidate map is not a text map";

    // Checkpoint round trip: the option and its weights come back, scores identical.
    test::TempDir dir;
    const auto path = (dir / "mimic-attention.pt").string();
    saveCheckpoint(path, *model, "{}");
    EXPECT_TRUE(inspectCheckpoint(path).config.mimic.vdluAttention);
    EXPECT_EQ(before, scoresFromCheckpoint(path));
}

// The candidate's text (its description says what it looks like) as the query, and the best patch alone as the
// match: own layers only where needed, gradients reach them, the map still sums to one, checkpoints round-trip.
TEST(GroundingOptions, MimicTextQueryAndMaxMatch)
{
    auto config = test::tinyConfig("mimic");
    config.mimic.vdluAttention = true;
    config.mimic.vdluQuery = "text";
    config.mimic.vdluMatch = "max";
    auto model = tinyWith(config, 11);
    auto names = parameterNames(*model);
    EXPECT_TRUE(names.count("vdlu.e2m_text_query.weight") && names.count("vdlu.e2m_key.weight"));
    EXPECT_FALSE(names.count("vdlu.e2m_query.weight")) << "a text query has no image-global query layer";
    auto both = config;
    both.mimic.vdluQuery = "both";
    names = parameterNames(*tinyWith(both));
    EXPECT_TRUE(names.count("vdlu.e2m_text_query.weight") && names.count("vdlu.e2m_query.weight"));

    model->train();
    const auto f = test::forwardSmiths(*model);
    test::backwardSmithLoss(*model, f);
    for (const char* name : {"vdlu.e2m_text_query.weight", "vdlu.e2m_key.weight"})
        EXPECT_GT(model->named_parameters()[name].grad().abs().sum().item<double>(), 0) << name;
    model->eval();

    core::Explanation x;
    const auto before = scores(*model, true, &x);
    const auto candidate = candidateAttention(x);
    ASSERT_TRUE(candidate);
    EXPECT_NEAR(test::sumOf(candidate->values), 1.0, 1e-4);

    test::TempDir dir;
    const auto path = (dir / "mimic-text-max.pt").string();
    saveCheckpoint(path, *model, "{}");
    const auto saved = inspectCheckpoint(path).config.mimic;
    EXPECT_EQ(saved.vdluQuery, "text");
    EXPECT_EQ(saved.vdluMatch, "max");
    EXPECT_EQ(before, scoresFromCheckpoint(path));
}

// "max" reads the best patch's logit where "lse" reads the log-sum-exp of them all: with the same weights E2M's
// score differs by exactly logsumexp - max >= 0, and the map (the softmax of the same logits) is the same.
TEST(GroundingOptions, VdluMaxMatchIsTheBestPatchLogit)
{
    torch::manual_seed(5);
    Vdlu lse(8, true, 8, "image", "lse");
    Vdlu max(8, true, 8, "image", "max");
    {
        torch::NoGradGuard noGrad;
        auto from = lse->named_parameters();
        for (auto& p : max->named_parameters())
            p.value().copy_(from[p.key()]);
    }
    const auto mentionPatches = torch::randn({2, 9, 8});
    const auto mask = torch::ones({2, 9}, torch::kBool);
    const auto args = std::make_tuple(torch::randn({2, 8}), mentionPatches, mask, torch::randn({3, 8}),
                                      torch::randn({3, 9, 8}), torch::ones({3, 9}, torch::kBool));
    const auto columns = torch::tensor({0, 1, 2, 2, 1, 0}, torch::kLong).view({2, 3});
    auto a = std::apply([&](auto&&... x) { return lse->forward(x..., columns); }, args);
    auto b = std::apply([&](auto&&... x) { return max->forward(x..., columns); }, args);
    EXPECT_TRUE(torch::allclose(a.e2mAttention, b.e2mAttention));
    EXPECT_TRUE(torch::allclose(a.m2e, b.m2e));
    const auto gap = a.e2m - b.e2m;
    EXPECT_GT(gap.min().item<double>(), 0);
    EXPECT_LT(gap.max().item<double>(), std::log(9.0) + 1e-4);
}

// The image encoder's context blocks and VDLU's smoothed readout: off by default (no parameters, configs without
// the keys read as off), own weights only when on, gradients reach them, checkpoints round-trip with equal scores.
TEST(GroundingOptions, ImageContextAndVdluSmooth)
{
    const auto old = modelConfigFromJson(R"({"image": {"dim": 16}, "mimic": {"hidden": 16}})");
    EXPECT_TRUE(old.image.context.empty());
    EXPECT_EQ(old.mimic.vdluSmooth, 0);
    auto config = test::tinyConfig("mimic");
    config.image.context = {1, 2};
    config.mimic.vdluAttention = true;
    config.mimic.vdluQuery = "text";
    config.mimic.vdluMatch = "max";
    config.mimic.vdluSmooth = 1;
    const auto back = modelConfigFromJson(toJson(config));
    EXPECT_EQ(back.image.context, (std::vector<int>{1, 2}));
    EXPECT_EQ(back.mimic.vdluSmooth, 1);
    auto countContext = [](const LinkerModelImpl& model) {
        int n = 0;
        for (const auto& name : parameterNames(model))
            n += name.find("context") != std::string::npos;
        return n;
    };
    EXPECT_EQ(countContext(*tinyWith(test::tinyConfig("mimic"))), 0) << "old checkpoints keep their parameter set";
    auto model = tinyWith(config, 13);
    EXPECT_EQ(countContext(*model), 2 * 4) << "two blocks of conv (weight, bias) + GroupNorm (weight, bias)";
    auto badSmooth = config;
    badSmooth.mimic.vdluSmooth = -1;
    EXPECT_THROW(tinyWith(badSmooth), core::Error);
    auto badDilation = config;
    badDilation.image.context = {0};
    EXPECT_THROW(tinyWith(badDilation), core::Error);

    model->train();
    const auto f = test::forwardSmiths(*model);
    test::backwardSmithLoss(*model, f);
    for (const auto& p : model->named_parameters())
        if (p.key().find("context") != std::string::npos && p.key().find("weight") != std::string::npos)
        {
            EXPECT_GT(p.value().grad().abs().sum().item<double>(), 0) << p.key();
        }
    model->eval();

    core::Explanation x;
    const auto before = scores(*model, true, &x);
    const auto candidate = candidateAttention(x);
    ASSERT_TRUE(candidate);
    EXPECT_NEAR(test::sumOf(candidate->values), 1.0, 1e-4);
    test::TempDir dir;
    const auto path = (dir / "mimic-context-smooth.pt").string();
    saveCheckpoint(path, *model, "{}");
    const auto saved = inspectCheckpoint(path).config;
    EXPECT_EQ(saved.image.context, (std::vector<int>{1, 2}));
    EXPECT_EQ(saved.mimic.vdluSmooth, 1);
    EXPECT_EQ(before, scoresFromCheckpoint(path));
}

// Smoothing replaces each patch logit by the mean of its valid 3x3 neighbourhood: the smoothed map is the softmax
// of the box-averaged log of the raw map (a per-candidate constant passes through the mean); a row whose only
// valid patch is the first (no image) keeps a one-hot map.
TEST(GroundingOptions, VdluSmoothAveragesNeighbouringLogits)
{
    torch::manual_seed(9);
    Vdlu raw(8, true, 8, "image", "max");
    Vdlu smooth(8, true, 8, "image", "max", 1);
    {
        torch::NoGradGuard noGrad;
        auto from = raw->named_parameters();
        for (auto& p : smooth->named_parameters())
            p.value().copy_(from[p.key()]);
    }
    auto mask = torch::ones({2, 9}, torch::kBool);
    mask[1].fill_(false);
    mask[1][0] = true;
    const auto args = std::make_tuple(torch::randn({2, 8}), torch::randn({2, 9, 8}), mask, torch::randn({3, 8}),
                                      torch::randn({3, 9, 8}), torch::ones({3, 9}, torch::kBool));
    const auto columns = torch::tensor({0, 1, 2, 2, 1, 0}, torch::kLong).view({2, 3});
    auto a = std::apply([&](auto&&... x) { return raw->forward(x..., columns, torch::Tensor(), 3, 3); }, args);
    auto b = std::apply([&](auto&&... x) { return smooth->forward(x..., columns, torch::Tensor(), 3, 3); }, args);
    auto unsmoothed = std::apply([&](auto&&... x) { return smooth->forward(x..., columns); }, args);
    EXPECT_TRUE(torch::allclose(a.e2mAttention, unsmoothed.e2mAttention)) << "no grid given: raw logits";
    const auto logAlpha = a.e2mAttention[0].log().view({3, 1, 3, 3});
    const auto averaged = torch::nn::functional::avg_pool2d(
        logAlpha, torch::nn::functional::AvgPool2dFuncOptions(3).stride(1).padding(1).count_include_pad(false));
    EXPECT_TRUE(torch::allclose(torch::softmax(averaged.view({3, 9}), -1), b.e2mAttention[0], 1e-4, 1e-5));
    EXPECT_FALSE(torch::isnan(b.e2mAttention).any().item<bool>());
    EXPECT_TRUE(torch::allclose(b.e2mAttention[1].select(1, 0), torch::ones({3})));
}

TEST(GroundingOptions, CandidateMapPointingAndTolerance)
{
    core::Explanation e;
    core::AttentionMap m;
    m.name = "vdlu/candidate->mention image (top candidate)";
    m.rows = 1;
    m.cols = 4;
    m.rowLabels = {"[candidate image]"};
    m.colLabels = {"r0c0", "r0c1", "r1c0", "r1c1"};
    m.values = {0.1f, 0.1f, 0.1f, 0.7f};
    m.gridRows = 2;
    m.gridCols = 2;
    e.attention.push_back(m);
    EXPECT_FALSE(mentionAttention(e)) << "a candidate map is not the mention's text->image map";
    const auto a = candidateAttention(e);
    ASSERT_TRUE(a);
    // 100 x 100 image: cell (1,1) has its centre at (75, 75).
    EXPECT_TRUE(pointingGame(*a, 100, 100, core::BoundingBox{70, 70, 10, 10}).hit);
    EXPECT_FALSE(pointingGame(*a, 100, 100, core::BoundingBox{40, 40, 20, 20}).hit);
    EXPECT_TRUE(pointingGame(*a, 100, 100, core::BoundingBox{40, 40, 20, 20}, kPointingTolerance).hit);
    EXPECT_DOUBLE_EQ(randomCellHitRate(2, 2, 100, 100, core::BoundingBox{40, 40, 20, 20}), 0.0);
    EXPECT_DOUBLE_EQ(randomCellHitRate(2, 2, 100, 100, core::BoundingBox{40, 40, 20, 20}, kPointingTolerance), 1.0);
}

} // namespace
} // namespace mel::models
