// GEMEL's attention prefix (gemel.prefix_source "attention"): the mention's characters query the image's patch
// grid; shapes, gradients into the image encoder, the explanation's "prefix/text->image" map and the checkpoint.
#include <filesystem>

#include <gtest/gtest.h>

#include "gemeltest.h"
#include "linkers/gemel/gemelcheckpoint.h"
#include "linkers/gemel/gemelinput.h"
#include "linkers/gemel/gemeltrainer.h"
#include "mel/core/util/error.h"
#include "mel/models/grounding.h"

namespace mel::models::gemel {
namespace {

using test::gemel::smithExamples;
using test::gemel::tinyChars;

ModelConfig attentionConfig()
{
    auto c = test::gemel::tinyConfig();
    c.gemel.prefixSource = "attention";
    return c;
}

GemelModel attentionModel(std::uint64_t seed = 1)
{
    torch::manual_seed(seed);
    GemelParts parts;
    parts.config = attentionConfig();
    parts.chars = tinyChars();
    return buildGemelModel(parts);
}

std::vector<core::MentionQuery> queriesOf(const std::vector<TrainingExample>& examples)
{
    std::vector<core::MentionQuery> out;
    for (const auto& ex : examples)
        out.push_back(ex.query);
    return out;
}

std::vector<std::vector<core::CandidateEntity>> candidatesOf(const std::vector<TrainingExample>& examples)
{
    std::vector<std::vector<core::CandidateEntity>> out;
    for (const auto& ex : examples)
        out.push_back(ex.candidates);
    return out;
}

EncoderInput inputOf(const std::vector<core::MentionQuery>& queries)
{
    const auto retriever = test::gemel::tinyRetriever();
    std::vector<std::vector<Retrieved>> demos;
    for (const auto& q : queries)
        demos.push_back(retriever->nearest(q, 2));
    return buildEncoderInput(queries, demos, *retriever, tinyChars(), attentionConfig().gemel);
}

TEST(GemelPrefixAttention, PrefixShapesAndAttentionOverThePatchGrid)
{
    auto model = attentionModel();
    model->eval();
    const auto examples = smithExamples();  // row 0 has no image, row 1 has one
    const auto input = inputOf({examples[0].query, examples[1].query});
    const auto memory = model->encode(input);
    EXPECT_EQ(memory.states.sizes().vec(), (std::vector<std::int64_t>{2, input.tokens.size(1) + 2, 16}));
    EXPECT_EQ(memory.prefixNorms.sizes().vec(), (std::vector<std::int64_t>{2, 2}));
    ASSERT_TRUE(memory.imageAttention.defined());
    EXPECT_EQ(memory.gridRows, 2);
    EXPECT_EQ(memory.gridCols, 2);
    ASSERT_EQ(memory.imageAttention.sizes().vec(), (std::vector<std::int64_t>{2, 4}));
    for (std::int64_t b = 0; b < 2; ++b)
        EXPECT_NEAR(memory.imageAttention[b].sum().item<double>(), 1.0, 1e-5);
    // The image row spreads its attention over real patches; the row without one puts it all on its one valid
    // entry (the "no image" token).
    EXPECT_GT(memory.imageAttention[1].min().item<double>(), 0.0);
    EXPECT_NEAR(memory.imageAttention[0].max().item<double>(), 1.0, 1e-5);
    // Another mention text gives another query, so another map over the same image.
    auto other = examples[1].query;
    other.surface = "Adam";
    other.text = "Adam scored twice for the team";
    other.end = 4;
    const auto otherMemory = model->encode(inputOf({examples[0].query, other}));
    EXPECT_FALSE(torch::allclose(otherMemory.imageAttention[1], memory.imageAttention[1]));
    // The global prefix keeps no attention.
    const auto global = test::gemel::tinyModel(1)->encode(input);
    EXPECT_FALSE(global.imageAttention.defined());
}

TEST(GemelPrefixAttention, GradientReachesTheImageEncoderThroughTheAttention)
{
    auto model = attentionModel(3);
    model->train();
    const auto examples = smithExamples();
    std::vector<core::MentionQuery> queries;
    std::vector<std::string> golds;
    for (std::size_t i = 0; i < 4; ++i)
    {
        queries.push_back(examples[i].query);
        golds.push_back(examples[i].gold.name);
    }
    const auto chars = tinyChars();
    const auto memory = model->encode(inputOf(queries));
    const auto names = nameBatch(golds, chars, 64);
    auto loss = torch::nn::functional::cross_entropy(
        model->decode(memory, names.inputs).reshape({-1, chars.size()}), names.targets.reshape({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(CharTable::Pad));
    loss.backward();
    int imageTensors = 0;
    for (const auto& p : model->named_parameters())
    {
        // The attention prefix reads the patches less their mean, never the global feature; a row without an image
        // (its one "no image" token less itself) gives the prefix its bias alone.
        if (p.key() == "image.global_norm.weight" || p.key() == "image.global_norm.bias" ||
            p.key() == "image.no_image_global" || p.key() == "image.no_image_token")
            continue;
        ASSERT_TRUE(p.value().grad().defined()) << p.key();
        EXPECT_GT(p.value().grad().abs().sum().item<double>(), 0) << p.key();
        imageTensors += p.key().rfind("image.cnn", 0) == 0;
    }
    EXPECT_GT(imageTensors, 0);
    for (const char* name : {"prefix_query_hidden.weight", "prefix_query.weight", "prefix_key.weight"})
        EXPECT_TRUE(model->named_parameters().contains(name)) << name;
}

TEST(GemelPrefixAttention, ExplanationHoldsTheTextToImageMapThePointingGameReads)
{
    GemelLinker linker(attentionModel(4), tinyChars(), test::gemel::tinyRetriever(), torch::kCPU, 1);
    const auto examples = smithExamples();
    const auto results = linker.rank(queriesOf(examples), candidatesOf(examples), true);
    for (std::size_t i = 0; i < examples.size(); ++i)
    {
        const auto& ex = results[i].explanation;
        const auto attention = mentionAttention(ex);
        if (examples[i].query.imagePath.empty())
        {
            EXPECT_TRUE(ex.attention.empty()) << i;
            EXPECT_FALSE(attention) << i;
            continue;
        }
        ASSERT_EQ(ex.attention.size(), 1u) << i;
        const auto& map = ex.attention[0];
        EXPECT_EQ(map.name, "prefix/text->image");
        EXPECT_EQ(map.rows, 1);
        EXPECT_EQ(map.cols, 4);
        EXPECT_EQ(map.gridRows, 2);
        EXPECT_EQ(map.gridCols, 2);
        EXPECT_EQ(map.rowLabels, std::vector<std::string>{examples[i].query.surface});
        EXPECT_EQ(map.colLabels.size(), 4u);
        ASSERT_EQ(map.values.size(), 4u);
        double sum = 0;
        for (const float v : map.values)
            sum += v;
        EXPECT_NEAR(sum, 1.0, 1e-5);
        ASSERT_TRUE(attention) << i;
        EXPECT_EQ(attention->gridRows, 2);
        EXPECT_EQ(attention->gridCols, 2);
        EXPECT_EQ(attention->maps, std::vector<std::string>{"prefix/text->image#0"});
        const auto point = pointingGame(*attention, 32, 32, core::BoundingBox{0, 0, 32, 32});
        EXPECT_TRUE(point.hit);
    }
    // Without explain, or with the global prefix, there is no map.
    EXPECT_TRUE(linker.rank(queriesOf(examples), candidatesOf(examples), false)[1].explanation.attention.empty());
    GemelLinker global(test::gemel::tinyModel(4), tinyChars(), test::gemel::tinyRetriever(), torch::kCPU, 1);
    EXPECT_TRUE(global.rank(queriesOf(examples), candidatesOf(examples), true)[1].explanation.attention.empty());
}

TEST(GemelPrefixAttention, OptionSurvivesConfigJsonAndCheckpoint)
{
    const auto json = toJson(attentionConfig());
    EXPECT_EQ(modelConfigFromJson(json).gemel.prefixSource, "attention");
    EXPECT_EQ(modelConfigFromJson("{}").gemel.prefixSource, "global");  // old checkpoints: GEMEL's global prefix
    auto bad = attentionConfig();
    bad.gemel.prefixSource = "everywhere";
    GemelParts parts;
    parts.config = bad;
    parts.chars = tinyChars();
    EXPECT_THROW(buildGemelModel(parts), core::Error);

    TrainingData data;
    data.train = smithExamples();
    data.dev = smithExamples();
    auto o = test::gemel::tinyTrainOptions();
    o.model = attentionConfig();
    o.epochs = 1;
    o.outPath = (std::filesystem::temp_directory_path() /
                 ("gemel-prefix-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".pt"))
                    .string();
    const auto result = trainGemel(data, o);
    ASSERT_EQ(result.bestEpoch, 1);
    auto a = loadGemelLinker(o.outPath, torch::kCPU, 1);
    auto b = loadGemelLinker(o.outPath, torch::kCPU, 1);
    EXPECT_EQ(a->model()->config().gemel.prefixSource, "attention");
    const auto examples = smithExamples();
    const auto ra = a->rank(queriesOf(examples), candidatesOf(examples), true);
    const auto rb = b->rank(queriesOf(examples), candidatesOf(examples), true);
    for (std::size_t i = 0; i < examples.size(); ++i)
    {
        ASSERT_EQ(ra[i].ranked.size(), rb[i].ranked.size());
        for (std::size_t k = 0; k < ra[i].ranked.size(); ++k)
            EXPECT_EQ(ra[i].ranked[k].score, rb[i].ranked[k].score);
        ASSERT_EQ(ra[i].explanation.attention.size(), examples[i].query.imagePath.empty() ? 0u : 1u);
        if (!ra[i].explanation.attention.empty())
        {
            EXPECT_EQ(ra[i].explanation.attention[0].values, rb[i].explanation.attention[0].values);
        }
    }
    std::filesystem::remove(o.outPath);
}

} // namespace
} // namespace mel::models::gemel
