// DWE: shapes, every parameter trained, tiny overfit, checkpoint round trip, explanation contents (faces too).
#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "core/store/testproject.h"
#include "dwetest.h"
#include "linkers/dwe/dwemodel.h"
#include "linkers/pairfeatures.h"
#include "linkers/torchlinker.h"
#include "mel/models/linkers.h"
#include "train/checkpoint.h"

namespace mel::models {
namespace {

// The examples' mention queries, in order (what encodeMentions takes).
std::vector<core::MentionQuery> queriesOf(const std::vector<TrainingExample>& examples)
{
    std::vector<core::MentionQuery> out;
    for (const auto& ex : examples)
        out.push_back(ex.query);
    return out;
}

// Mentions: a face photo, a blank image, the demo images and none (smithExamples alternates image / none).
std::vector<TrainingExample> examplesWithFaces(const std::filesystem::path& dir)
{
    auto examples = test::smithExamples();
    examples[1].query.imagePath = test::facePhoto();
    examples[3].query.imagePath = test::blankImage(dir);
    // Five faces: the face query's q/k only learn where a mention has more than one face to choose from.
    examples[5].query.imagePath = (std::filesystem::path(MEL_DEMO_IMAGES) / "1342.jpg").string();
    return examples;
}

TEST(Dwe, ShapesOfQueriesEntitiesAndScores)
{
    test::TempDir dir;
    auto model = test::tinyDwe();
    auto& dwe = dynamic_cast<DweModelImpl&>(*model);
    EXPECT_EQ(model->kind(), "dwe");
    const auto examples = examplesWithFaces(dir.path());
    const auto mentions = queriesOf(examples);
    const auto B = static_cast<std::int64_t>(mentions.size());
    auto m = model->encodeMentions(mentions, true);
    EXPECT_EQ(m.vector.sizes(), (std::vector<std::int64_t>{B, 2, 16}));  // text query, visual query
    EXPECT_EQ(m.present.sizes(), (std::vector<std::int64_t>{B}));
    auto e = model->encodeEntities(test::smiths());
    EXPECT_EQ(e.vector.sizes(), (std::vector<std::int64_t>{4, 16}));
    auto columns = torch::tensor({3, 1, 0}, torch::kLong).repeat({B, 1});
    auto scores = model->score(m, e, columns, torch::zeros({B, 3, kPairFeatureCount}));
    EXPECT_EQ(scores.total.sizes(), (std::vector<std::int64_t>{B, 3}));
    for (const char* unit : {"text_query", "visual_query", "features"})
    {
        bool found = false;
        for (const auto& [name, value] : scores.units)
            if (name == unit)
            {
                found = true;
                EXPECT_EQ(value.sizes(), scores.total.sizes()) << unit;
            }
        EXPECT_TRUE(found) << unit;
    }
    // Mentions without an image: the visual query is left out (its unit is 0) and the text query alone ranks.
    const auto visual = scores.units[1].second;
    EXPECT_EQ(visual[0].abs().sum().item<double>(), 0.0);
    auto w = dwe.queryWeights();
    EXPECT_NEAR(w.sum().item<double>(), 1.0, 1e-6);
    auto expected = dwe.scale() * scores.units[0].second[0];
    EXPECT_TRUE(torch::allclose(scores.total[0], expected, 1e-5, 1e-5));
}

// Every trainable parameter gets a non-zero gradient from one training loss (faces, a face-less image, no image).
TEST(Dwe, GradientsReachEveryParameter)
{
    test::TempDir dir;
    if (test::facePhoto().empty())
        GTEST_SKIP() << "demo photo missing";
    auto model = test::tinyDwe();
    model->train();
    const auto examples = examplesWithFaces(dir.path());
    const auto mentions = queriesOf(examples);
    const auto B = static_cast<std::int64_t>(mentions.size());
    auto m = model->encodeMentions(mentions, false);
    auto e = model->encodeEntities(test::smiths());
    auto columns = torch::arange(4, torch::kLong).repeat({B, 1});
    auto scores = model->score(m, e, columns, torch::rand({B, 4, kPairFeatureCount}));
    auto loss = model->loss(m, scores, torch::tensor({0, 1, 2, 3, 0, 1}, torch::kLong), torch::ones({B, 4}, torch::kBool));
    loss.backward();
    int checked = 0;
    for (const auto& p : model->named_parameters())
    {
        if (!p.value().requires_grad())
            continue;
        // DWE leaves the visual query out for a mention without an image (not zero-filled), and it matches
        // entities by their text: the image encoder's "no image" vectors never reach a score.
        if (p.key() == "image.no_image_global" || p.key() == "image.no_image_token")
            continue;
        ++checked;
        ASSERT_TRUE(p.value().grad().defined()) << "no gradient for " << p.key();
        EXPECT_GT(p.value().grad().abs().sum().item<double>(), 0) << "zero gradient for " << p.key();
    }
    EXPECT_GT(checked, 40);
}

TEST(Dwe, TinyConfigOverfitsAndTheCheckpointRanksIdentically)
{
    test::TempDir dir;
    TrainingData data;
    data.train = examplesWithFaces(dir.path());
    data.dev = data.train;
    auto o = test::tinyTrainOptions("dwe");
    o.model = test::tinyDweConfig();
    o.model.usePairFeatures = false;  // every candidate has the same name: only the model can tell them apart
    o.epochs = 40;
    o.outPath = (dir / "dwe.pt").string();
    const auto result = trainOnData(data, o);
    EXPECT_EQ(result.bestDev.hits1, 1.0) << "after " << result.epochs.size() << " epochs";
    EXPECT_LT(result.epochs.back().trainLoss, result.epochs.front().trainLoss);

    const auto info = inspectCheckpoint(result.checkpointPath);
    EXPECT_EQ(info.linker, "dwe");
    EXPECT_EQ(info.config.dwe.hidden, 16);
    EXPECT_EQ(info.config.dwe.maxFaces, 4);
    auto first = loadLinker(result.checkpointPath, {"cpu", 1});
    auto second = loadLinker(result.checkpointPath, {"cpu", 1});
    EXPECT_EQ(first->name(), "dwe");
    EXPECT_EQ(evaluateLinker(*first, data.dev).hits1, 1.0);
    std::vector<core::MentionQuery> queries;
    std::vector<std::vector<core::CandidateEntity>> candidates;
    for (const auto& ex : data.dev)
    {
        queries.push_back(ex.query);
        candidates.push_back(ex.candidates);
    }
    const auto a = first->rank(queries, candidates, false);
    const auto b = second->rank(queries, candidates, false);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t k = 0; k < a[i].ranked.size(); ++k)
        {
            EXPECT_EQ(a[i].ranked[k].qid, b[i].ranked[k].qid);
            EXPECT_EQ(a[i].ranked[k].score, b[i].ranked[k].score);
        }
}

void expectRowsSumToOne(const core::AttentionMap& map)
{
    ASSERT_EQ(map.values.size(), static_cast<std::size_t>(map.rows * map.cols)) << map.name;
    EXPECT_EQ(map.rowLabels.size(), static_cast<std::size_t>(map.rows)) << map.name;
    EXPECT_EQ(map.colLabels.size(), static_cast<std::size_t>(map.cols)) << map.name;
    for (int r = 0; r < map.rows; ++r)
    {
        double sum = 0;
        for (int c = 0; c < map.cols; ++c)
            sum += map.values[static_cast<std::size_t>(r * map.cols + c)];
        EXPECT_NEAR(sum, 1.0, 1e-4) << map.name << " row " << r;
    }
}

const core::AttentionMap* findMap(const core::Explanation& x, const std::string& name)
{
    for (const auto& map : x.attention)
        if (map.name == name)
            return &map;
    return nullptr;
}

TEST(Dwe, ExplanationHasEnhancerMapsFacesAndContributions)
{
    test::TempDir dir;
    if (test::facePhoto().empty())
        GTEST_SKIP() << "demo photo missing";
    TorchLinker linker(test::tinyDwe(), torch::kCPU, 1);
    const auto examples = examplesWithFaces(dir.path());
    const auto results = linker.rank({examples[1].query, examples[3].query, examples[0].query},
                                     {examples[1].candidates, examples[3].candidates, examples[0].candidates}, true);
    ASSERT_EQ(results.size(), 3u);

    // The face photo: enhancer maps both ways over the 3x3 grid, the mention's attention over its faces.
    const auto& face = results[0].explanation;
    for (const auto& map : face.attention)
        expectRowsSumToOne(map);
    for (const char* name : {"enhancer/text->image", "enhancer/image->text", "query/mention->image"})
    {
        const auto* map = findMap(face, name);
        ASSERT_NE(map, nullptr) << name;
        EXPECT_EQ(map->gridRows * map->gridCols, 9) << name;
    }
    ASSERT_NE(findMap(face, "query/mention->text"), nullptr);
    const auto* faces = findMap(face, "query/mention->faces");
    ASSERT_NE(faces, nullptr);
    EXPECT_GE(faces->cols, 1);
    EXPECT_EQ(faces->colLabels[0].rfind("face 1 (", 0), 0u) << faces->colLabels[0];
    for (const char* gate : {"query weight/text", "query weight/visual", "scene gate", "contribution/text query/mention",
                             "contribution/text query/text enhancer", "contribution/visual query/faces",
                             "contribution/visual query/image enhancer", "contribution/visual query/scene"})
        EXPECT_TRUE(face.gates.count(gate)) << gate;
    EXPECT_GT(face.gates.at("contribution/visual query/faces"), 0.0);
    EXPECT_NEAR(face.gates.at("contribution/visual query/mention") + face.gates.at("contribution/visual query/image enhancer") +
                    face.gates.at("contribution/visual query/faces") + face.gates.at("contribution/visual query/scene"),
                1.0, 1e-5);
    for (const char* unit : {"text_query", "visual_query", "features", "total", "feature/wratio"})
    {
        ASSERT_TRUE(face.unitScores.count(unit)) << unit;
        EXPECT_EQ(face.unitScores.at(unit).size(), 4u) << unit;
    }
    EXPECT_EQ(face.unitScores.at("total")[0], results[0].ranked[0].score);
    bool faceNote = false;
    for (const auto& note : face.notes)
        faceNote = faceNote || note.find("face(s) found") != std::string::npos;
    EXPECT_TRUE(faceNote);

    // The blank image: maps over the grid but no faces (the learned no-face slot answers, said in a note).
    const auto& blank = results[1].explanation;
    EXPECT_EQ(findMap(blank, "query/mention->faces"), nullptr);
    EXPECT_NE(findMap(blank, "enhancer/text->image"), nullptr);
    bool noFaceNote = false;
    for (const auto& note : blank.notes)
        noFaceNote = noFaceNote || note.find("no face found") != std::string::npos;
    EXPECT_TRUE(noFaceNote);

    // No image: the text query alone, said in a note, and no patch maps.
    const auto& none = results[2].explanation;
    EXPECT_EQ(findMap(none, "enhancer/text->image"), nullptr);
    EXPECT_NE(findMap(none, "query/mention->text"), nullptr);
    EXPECT_FALSE(none.notes.empty());
    EXPECT_EQ(none.gates.at("query weight/visual"), 0.0);
    EXPECT_FALSE(none.unitScores.count("visual_query"));
}

// The text-only ablation (ModelConfig::ignoreImages, used by the grounding bench): a mention with a face photo is
// encoded exactly like the same mention without an image — no visual query, no faces, no patch maps — while the
// same weights without the flag do see the photo.
TEST(Dwe, IgnoreImagesMeansNoImageInputReachesTheModel)
{
    if (test::facePhoto().empty())
        GTEST_SKIP() << "demo photo missing";
    auto build = [](bool ignore) {
        torch::manual_seed(7);
        ModelParts parts;
        parts.config = test::tinyDweConfig();
        parts.config.ignoreImages = ignore;
        parts.vocabulary = Vocabulary::build(test::vocabularyTexts(), parts.config.text);
        auto model = buildModel(parts);
        model->eval();
        return model;
    };
    auto withImages = build(false);
    auto textOnly = build(true);
    auto photo = test::smithExamples()[1].query;
    photo.imagePath = test::facePhoto();
    auto none = photo;
    none.imagePath.clear();
    torch::NoGradGuard noGrad;
    const auto seen = withImages->encodeMentions({photo}, false);
    EXPECT_TRUE(seen.present[0].item<bool>());
    const auto ignored = textOnly->encodeMentions({photo}, false);
    const auto blind = textOnly->encodeMentions({none}, false);
    EXPECT_FALSE(ignored.present[0].item<bool>());
    EXPECT_TRUE(torch::equal(ignored.vector, blind.vector));
    EXPECT_FALSE(torch::allclose(seen.vector, ignored.vector));

    TorchLinker linker(textOnly, torch::kCPU, 1);
    const auto examples = test::smithExamples();
    const auto results = linker.rank({photo}, {examples[1].candidates}, true);
    const auto& ex = results.at(0).explanation;
    for (const char* map : {"enhancer/text->image", "query/mention->image", "query/mention->faces"})
        EXPECT_EQ(findMap(ex, map), nullptr) << map;
    EXPECT_EQ(ex.gates.at("query weight/visual"), 0.0);
    EXPECT_FALSE(ex.unitScores.count("visual_query"));
}


// A tiny DWE in eval mode, seeded the same way every time, with `tweak` applied to its config.
std::shared_ptr<LinkerModelImpl> seededTinyDwe(const std::function<void(ModelConfig&)>& tweak)
{
    torch::manual_seed(3);
    ModelParts parts;
    parts.config = test::tinyDweConfig();
    tweak(parts.config);
    parts.vocabulary = Vocabulary::build(test::vocabularyTexts(), parts.config.text);
    auto model = buildModel(parts);
    model->eval();
    return model;
}

// dwe.feature_scale multiplies the pair-feature term and divides the WRatio weight's start: at step 0 the score is
// the same whatever the factor, and the feature unit is featureScale * (w . features).
TEST(Dwe, FeatureScaleKeepsTheInitialScoreAndScalesTheFeatureTerm)
{
    auto legacy = seededTinyDwe([](ModelConfig& c) { c.dwe.featureScale = 1.0; });
    auto scaled = seededTinyDwe([](ModelConfig& c) { c.dwe.featureScale = 10.0; });
    const auto examples = test::smithExamples();
    const auto mentions = queriesOf(examples);
    const auto B = static_cast<std::int64_t>(mentions.size());
    torch::NoGradGuard noGrad;
    torch::manual_seed(5);
    const auto features = torch::rand({B, 4, kPairFeatureCount});
    const auto columns = torch::arange(4, torch::kLong).repeat({B, 1});
    auto score = [&](LinkerModelImpl& model) {
        return model.score(model.encodeMentions(mentions, false), model.encodeEntities(test::smiths()), columns,
                           features);
    };
    const auto a = score(*legacy), b = score(*scaled);
    EXPECT_TRUE(torch::allclose(a.total, b.total, 1e-5, 1e-5));
    const auto weight = scaled->named_parameters()["feature_head.weight"];
    const auto c = test::tinyDweConfig();
    EXPECT_NEAR(weight[0][0].item<double>(), c.nameWeightInit * c.dwe.logitScale / 10.0, 1e-6);
    const auto expected = 10.0 * torch::matmul(features.narrow(-1, 0, weight.size(1)), weight.view({-1}));
    EXPECT_TRUE(torch::allclose(b.units.back().second, expected, 1e-5, 1e-5));
}

// A DWE checkpoint whose config predates dwe.feature_scale was trained with the unscaled feature term: it loads
// with factor 1 and ranks exactly as the model that wrote it.
TEST(Dwe, CheckpointsWithoutFeatureScaleLoadUnscaled)
{
    test::TempDir dir;
    torch::manual_seed(11);
    ModelParts parts;
    parts.config = test::tinyDweConfig();
    parts.config.dwe.featureScale = 1.0;
    parts.vocabulary = Vocabulary::build(test::vocabularyTexts(), parts.config.text);
    auto model = buildModel(parts);
    {
        torch::NoGradGuard noGrad;
        model->named_parameters()["feature_head.weight"].uniform_(0.0, 3.0);
    }
    model->eval();
    auto config = nlohmann::json::parse(toJson(model->config()));
    ASSERT_TRUE(config["dwe"].contains("feature_scale"));
    config["dwe"].erase("feature_scale");
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("linker", c10::IValue(std::string("dwe")));
    archive.write("config", c10::IValue(config.dump()));
    archive.write("meta", c10::IValue(std::string("{}")));
    archive.write("vocab", c10::IValue(model->text()->vocabulary().serialize()));
    torch::serialize::OutputArchive weights;
    model->save(weights);
    archive.write("model", weights);
    const auto path = (dir / "old-dwe.pt").string();
    archive.save_to(path);

    EXPECT_EQ(inspectCheckpoint(path).config.dwe.featureScale, 1.0);
    EXPECT_GT(ModelConfig{}.dwe.featureScale, 1.0) << "new models use the scaled term";
    auto loaded = loadLinker(path, {"cpu", 1});
    TorchLinker original(model, torch::kCPU, 1);
    const auto examples = test::smithExamples();
    for (const auto& ex : examples)
    {
        const auto a = loaded->rank({ex.query}, {ex.candidates}, false).at(0).ranked;
        const auto b = original.rank({ex.query}, {ex.candidates}, false).at(0).ranked;
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t k = 0; k < a.size(); ++k)
        {
            EXPECT_EQ(a[k].qid, b[k].qid);
            EXPECT_NEAR(a[k].score, b[k].score, 1e-6);
        }
    }
}

// learn_scale false keeps the cosine scale fixed (no gradient); the hinge term adds to the loss only while a
// negative is within tripletMargin of the gold.
TEST(Dwe, FixedScaleAndTripletTerm)
{
    auto build = [](double tripletWeight) {
        return seededTinyDwe([&](ModelConfig& c) {
            c.dwe.learnScale = false;
            c.dwe.tripletWeight = tripletWeight;
            c.dwe.tripletMargin = 1e3;  // every negative inside the margin
        });
    };
    auto plain = build(0.0);
    auto hinge = build(1.0);
    EXPECT_FALSE(plain->named_parameters()["log_scale"].requires_grad());
    const auto examples = test::smithExamples();
    const auto mentions = queriesOf(examples);
    const auto B = static_cast<std::int64_t>(mentions.size());
    const auto columns = torch::arange(4, torch::kLong).repeat({B, 1});
    const auto features = torch::zeros({B, 4, kPairFeatureCount});
    const auto target = torch::tensor({0, 1, 2, 3, 0, 1}, torch::kLong);
    const auto valid = torch::ones({B, 4}, torch::kBool);
    torch::NoGradGuard noGrad;
    auto lossOf = [&](LinkerModelImpl& model, torch::Tensor* total) {
        auto m = model.encodeMentions(mentions, false);
        auto scores = model.score(m, model.encodeEntities(test::smiths()), columns, features);
        *total = scores.total;
        return model.loss(m, scores, target, valid).item<double>();
    };
    torch::Tensor total;
    const double base = lossOf(*plain, &total);
    const double withHinge = lossOf(*hinge, &total);
    // Margin 1e3 over 3 negatives per row: mean(1e3 - gold + negative).
    const auto gold = total.gather(1, target.unsqueeze(1));
    const double expected = (1e3 - gold + total).sum(1).sub(1e3).div(3).mean().item<double>();
    EXPECT_NEAR(withHinge - base, expected, 1e-2);
}

// The per-query cross-entropies are off by default (the loss is the total's row cross-entropy, as with the align
// term off); at weight 1 they add CE(scale cos_t) over every row and CE(scale cos_v) over the rows with an image.
TEST(Dwe, UnitLossesAreOffByDefaultAndAddTheQueryCrossEntropies)
{
    EXPECT_EQ(ModelConfig{}.dwe.unitLossWeight, 0.0);
    auto build = [](double unitLossWeight) {
        return seededTinyDwe([&](ModelConfig& c) {
            c.dwe.unitLossWeight = unitLossWeight;
            c.dwe.alignWeight = 0.0;
        });
    };
    auto plain = build(0.0);
    auto units = build(1.0);
    const auto examples = test::smithExamples();
    const auto mentions = queriesOf(examples);
    const auto B = static_cast<std::int64_t>(mentions.size());
    const auto columns = torch::arange(4, torch::kLong).repeat({B, 1});
    torch::manual_seed(5);
    const auto features = torch::rand({B, 4, kPairFeatureCount});
    const auto target = torch::tensor({0, 1, 2, 3, 0, 1}, torch::kLong);
    auto valid = torch::ones({B, 4}, torch::kBool);
    valid[0][3] = false;  // a padded column counts in no term
    torch::NoGradGuard noGrad;
    auto lossOf = [&](LinkerModelImpl& model, ScoreOutput* scores, EncodedSide* side) {
        *side = model.encodeMentions(mentions, false);
        *scores = model.score(*side, model.encodeEntities(test::smiths()), columns, features);
        return model.loss(*side, *scores, target, valid).item<double>();
    };
    ScoreOutput scores;
    EncodedSide side;
    const double base = lossOf(*plain, &scores, &side);
    EXPECT_NEAR(base, candidateCrossEntropy(scores.total, target, valid).item<double>(), 1e-5);
    const double withUnits = lossOf(*units, &scores, &side);
    const auto scale = dynamic_cast<DweModelImpl&>(*units).scale();
    auto unitScore = [&](const std::string& name) {
        for (const auto& [key, value] : scores.units)
            if (key == name)
                return value;
        ADD_FAILURE() << "no unit " << name;
        return torch::Tensor();
    };
    const auto rows = side.present.nonzero().view({-1});
    ASSERT_GT(rows.numel(), 0) << "some mentions have an image";
    ASSERT_LT(rows.numel(), B) << "some have none";
    const double expected =
        candidateCrossEntropy(scale * unitScore("text_query"), target, valid).item<double>() +
        candidateCrossEntropy((scale * unitScore("visual_query")).index_select(0, rows), target.index_select(0, rows),
                              valid.index_select(0, rows))
            .item<double>();
    EXPECT_NEAR(withUnits - base, expected, 1e-4);
}

} // namespace
} // namespace mel::models
