// GHMF's and DWE's image match (ghmf.image_match, dwe.image_match): off by default, so old configs and
// checkpoints rank as before; on, the candidate's reference image is matched against the mention's patches, the
// match is a unit of the score, gradients reach the image tower through it, the top candidate's map is explained
// and read by the pointing game, and checkpoints round-trip.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "core/store/testproject.h"
#include "linkers/pairfeatures.h"
#include "linkers/torchlinker.h"
#include "mel/models/grounding.h"
#include "mel/models/linkers.h"
#include "models/linkers/modeltest.h"

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

std::shared_ptr<LinkerModelImpl> build(const ModelConfig& config, std::uint64_t seed = 1)
{
    torch::manual_seed(seed);
    ModelParts parts;
    parts.config = config;
    parts.vocabulary = Vocabulary::build(test::vocabularyTexts(), parts.config.text);
    return buildModel(parts);
}

std::vector<core::CandidateEntity> smithsWithImages()
{
    auto all = test::smiths();
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i].imagePath = test::demoImage(static_cast<int>(i) + 2);
    return all;
}

// Every Smith example's scores against the Smiths with images; `first` gets the explanation of the example with
// an image (smithExamples()[1]).
std::vector<double> rankSmiths(core::Linker& linker, bool explain = false, core::Explanation* first = nullptr)
{
    std::vector<core::MentionQuery> queries;
    std::vector<std::vector<core::CandidateEntity>> candidates;
    for (const auto& ex : test::smithExamples())
    {
        queries.push_back(ex.query);
        candidates.push_back(smithsWithImages());
    }
    std::vector<double> out;
    const auto results = linker.rank(queries, candidates, explain);
    for (const auto& r : results)
        for (const auto& c : r.ranked)
            out.push_back(c.score);
    if (first)
        *first = results.at(1).explanation;
    return out;
}

std::vector<double> scores(LinkerModelImpl& model, bool explain = false, core::Explanation* first = nullptr)
{
    TorchLinker linker(std::shared_ptr<LinkerModelImpl>(&model, [](LinkerModelImpl*) {}), torch::kCPU, 1);
    return rankSmiths(linker, explain, first);
}

std::set<std::string> parameterNames(const LinkerModelImpl& model)
{
    std::set<std::string> names;
    for (const auto& p : model.named_parameters())
        names.insert(p.key());
    return names;
}

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
        EXPECT_THROW(build(tiny(linker, "mean")), core::Error) << linker;
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
        auto a = build(base, 5);
        auto b = build(old, 5);
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
            auto model = build(tiny(linker, match), 7);
            ASSERT_TRUE(parameterNames(*model).count("image_match.weight"));

            model->train();
            std::vector<core::MentionQuery> mentions;
            for (const auto& ex : test::smithExamples())
                mentions.push_back(ex.query);
            const auto B = static_cast<std::int64_t>(mentions.size());
            auto m = model->encodeMentions(mentions, false);
            auto e = model->encodeEntities(smithsWithImages());
            auto s = model->score(m, e, torch::arange(4, torch::kLong).repeat({B, 1}),
                                  torch::rand({B, 4, kPairFeatureCount}));
            const auto& unit = unitOf(s, "image_match");
            ASSERT_EQ(unit.sizes(), (std::vector<std::int64_t>{B, 4}));
            EXPECT_LE(unit.abs().max().item<double>(), 1.0 + 1e-5) << "a cosine";
            const auto present = m.present.to(torch::kCPU);
            for (std::int64_t b = 0; b < B; ++b)
                if (!present[b].item<bool>())
                    EXPECT_EQ(unit[b].abs().sum().item<double>(), 0.0) << "no image, no match";
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
            double sum = 0;
            for (const auto v : candidate->values)
                sum += v;
            EXPECT_NEAR(sum, 1.0, 1e-4);
            EXPECT_TRUE(x.unitScores.count("image_match"));

            test::TempDir dir;
            const auto path = (dir / "match.pt").string();
            saveCheckpoint(path, *model, "{}");
            const auto saved = inspectCheckpoint(path).config;
            EXPECT_EQ(std::string(linker) == "ghmf" ? saved.ghmf.imageMatch : saved.dwe.imageMatch, match);
            EXPECT_EQ(before, rankSmiths(*loadLinker(path, {"cpu", 1})));
        }
}

} // namespace
} // namespace mel::models
