// GHMF's and DWE's image match (ghmf.image_match, dwe.image_match): off by default, so old configs and
// checkpoints rank as before; on, the candidate's reference image is matched against the mention's patches, the
// match is a unit of the score, gradients reach the image tower through it, the top candidate's map is explained
// and read by the pointing game, and checkpoints round-trip.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "core/store/testproject.h"
#include "groundingtest.h"
#include "mel/models/grounding.h"

namespace mel::models {
namespace {

ModelConfig tiny(const std::string& linker, const std::string& match = "none")
{
    auto c = test::tinyConfig(linker);
    c.dwe.hidden = 16;
    c.dwe.heads = 2;
    c.dwe.dropout = 0.0;
    c.dwe.faces = false;
    c.ghmf.imageMatch = match;
    c.dwe.imageMatch = match;
    return c;
}

using test::parameterNames;
using test::scores;
using test::scoresFromCheckpoint;

const torch::Tensor& unitOf(const ScoreOutput& s, const std::string& name)
{
    for (const auto& [key, value] : s.units)
        if (key == name)
            return value;
    throw std::logic_error("no unit " + name);
}

TEST(GroundingImageMatch, DefaultsJsonAndValidation)
{
    const ModelConfig defaults;
    EXPECT_EQ(defaults.ghmf.imageMatch, "none");
    EXPECT_EQ(defaults.dwe.imageMatch, "none");
    const auto old = modelConfigFromJson(R"({"ghmf": {"dim": 64}, "dwe": {"hidden": 64}})");
    EXPECT_EQ(old.ghmf.imageMatch, "none");
    EXPECT_EQ(old.dwe.imageMatch, "none");
    ModelConfig c;
    c.ghmf.imageMatch = "max";
    c.dwe.imageMatch = "attention";
    const auto back = modelConfigFromJson(toJson(c));
    EXPECT_EQ(back.ghmf.imageMatch, "max");
    EXPECT_EQ(back.dwe.imageMatch, "attention");
    for (const char* linker : {"ghmf", "dwe"})
        EXPECT_THROW(test::tinyWith(tiny(linker, "mean")), core::Error) << linker;
    // The bench turns the match on for both.
    EXPECT_NE(groundingModelConfig().ghmf.imageMatch, "none");
    EXPECT_NE(groundingModelConfig().dwe.imageMatch, "none");
}

TEST(GroundingImageMatch, OffRanksExactlyAsAConfigWithoutTheKey)
{
    for (const char* linker : {"ghmf", "dwe"})
    {
        const auto base = tiny(linker);
        auto json = nlohmann::json::parse(toJson(base));
        json["ghmf"].erase("image_match");
        json["dwe"].erase("image_match");
        const auto old = modelConfigFromJson(json.dump());
        auto a = test::tinyWith(base, 5);
        auto b = test::tinyWith(old, 5);
        EXPECT_EQ(parameterNames(*a), parameterNames(*b)) << linker;
        EXPECT_FALSE(parameterNames(*a).count("image_match.weight")) << linker;
        EXPECT_EQ(scores(*a), scores(*b)) << linker;
    }
}

TEST(GroundingImageMatch, IsAUnitTrainedExplainedAndSaved)
{
    for (const char* linker : {"ghmf", "dwe"})
        for (const char* match : {"max", "attention"})
        {
            SCOPED_TRACE(std::string(linker) + " " + match);
            auto model = test::tinyWith(tiny(linker, match), 7);
            ASSERT_TRUE(parameterNames(*model).count("image_match.weight"));

            model->train();
            const auto f = test::forwardSmiths(*model);
            const auto B = f.batch;
            const auto& s = f.scores;
            const auto& unit = unitOf(s, "image_match");
            ASSERT_EQ(unit.sizes(), (std::vector<std::int64_t>{B, 4}));
            EXPECT_LE(unit.abs().max().item<double>(), 1.0 + 1e-5) << "a cosine";
            const auto present = f.mentions.present.to(torch::kCPU);
            for (std::int64_t b = 0; b < B; ++b)
                if (!present[b].item<bool>())
                {
                    EXPECT_EQ(unit[b].abs().sum().item<double>(), 0.0) << "no image, no match";
                }
            // The match alone sends gradient to its projection and into the CNN.
            model->zero_grad();
            unit.sum().backward();
            auto params = model->named_parameters();
            EXPECT_GT(params["image_match.weight"].grad().abs().sum().item<double>(), 0);
            double cnn = 0;
            for (const auto& p : params)
                if (p.key().rfind("image.cnn", 0) == 0 && p.value().grad().defined())
                    cnn += p.value().grad().abs().sum().item<double>();
            EXPECT_GT(cnn, 0);
            model->eval();

            core::Explanation x;
            const auto before = scores(*model, true, &x);
            const auto candidate = candidateAttention(x);
            ASSERT_TRUE(candidate);
            EXPECT_EQ(candidate->maps,
                      std::vector<std::string>{std::string(linker) + "/candidate->mention image (top candidate)#0"});
            EXPECT_NEAR(test::sumOf(candidate->values), 1.0, 1e-4);
            EXPECT_TRUE(x.unitScores.count("image_match"));

            test::TempDir dir;
            const auto path = (dir / "match.pt").string();
            saveCheckpoint(path, *model, "{}");
            const auto saved = inspectCheckpoint(path).config;
            EXPECT_EQ(std::string(linker) == "ghmf" ? saved.ghmf.imageMatch : saved.dwe.imageMatch, match);
            // Loaded back it ranks exactly as before (both without explanations, so with the same scoring passes);
            // the explained ranking scores each mention alone, equal up to float rounding.
            const auto after = scoresFromCheckpoint(path);
            EXPECT_EQ(scores(*model), after);
            ASSERT_EQ(before.size(), after.size());
            for (std::size_t i = 0; i < before.size(); ++i)
                EXPECT_NEAR(before[i], after[i], 1e-5) << i;
        }
}

} // namespace
} // namespace mel::models
