// Shapes of every unit, attention rows summing to 1, masks for missing images, gradients reaching every parameter.
#include <gtest/gtest.h>

#include "linkers/ghmf/coattention.h"
#include "linkers/ghmf/gatedfusion.h"
#include "linkers/ghmf/ngramcnn.h"
#include "linkers/mimic/cmfu.h"
#include "linkers/mimic/tglu.h"
#include "linkers/mimic/vdlu.h"
#include "linkers/pairfeatures.h"
#include "modeltest.h"
#include "nn/attention.h"
#include "text/textencoder.h"
#include "text/vocabulary.h"
#include "vision/imageencoder.h"

namespace mel::models {
namespace {

using test::tinyConfig;

torch::Tensor boolMask(std::vector<std::vector<int>> rows)
{
    auto t = torch::zeros({static_cast<long>(rows.size()), static_cast<long>(rows[0].size())}, torch::kBool);
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j)
            t[i][j] = rows[i][j] != 0;
    return t;
}

TEST(Vocabulary, UnseenWordsGetCharacterNgramsAndTheTextFormRoundTrips)
{
    auto config = tinyConfig("mimic").text;
    const auto vocab = Vocabulary::build({"paris paris london"}, config);
    EXPECT_GE(vocab.wordId("paris"), Vocabulary::kSpecials);
    EXPECT_EQ(vocab.wordId("berlin"), -1);
    std::vector<std::int64_t> known, unseen;
    vocab.appendTokenIds("paris", known);
    vocab.appendTokenIds("berlin", unseen);
    EXPECT_EQ(known.front(), vocab.wordId("paris"));
    ASSERT_FALSE(unseen.empty());
    for (const auto id : unseen)
        EXPECT_GE(id, vocab.wordCount()) << "an unseen word is built from n-gram buckets, not [UNK]";
    const auto back = Vocabulary::deserialize(vocab.serialize());
    std::vector<std::int64_t> again;
    back.appendTokenIds("berlin", again);
    EXPECT_EQ(again, unseen);
    EXPECT_EQ(back.wordId("paris"), vocab.wordId("paris"));
    EXPECT_THROW(Vocabulary::deserialize("nonsense"), core::Error);
}

TEST(TextEncoder, TokenAndGlobalFeaturesWithPaddingMask)
{
    auto config = tinyConfig("mimic").text;
    TextEncoder encoder(config, Vocabulary::build(test::vocabularyTexts(), config));
    const auto out = encoder->forward({{"Smith", "Smith sang at the festival"}, {"John Smith", ""}});
    ASSERT_EQ(out.tokens.dim(), 3);
    EXPECT_EQ(out.tokens.size(0), 2);
    EXPECT_EQ(out.tokens.size(2), config.dim);
    EXPECT_EQ(out.global.sizes(), (std::vector<std::int64_t>{2, config.dim}));
    EXPECT_EQ(out.mask[0].sum().item<int>(), 8);  // [CLS] smith [SEP] smith sang at the festival
    EXPECT_EQ(out.mask[1].sum().item<int>(), 4);  // [CLS] john smith [SEP]
    EXPECT_EQ(out.labels[1], (std::vector<std::string>{"[CLS]", "john", "smith", "[SEP]"}));
    EXPECT_TRUE(torch::isfinite(out.tokens).all().item<bool>());
}

TEST(ImageEncoder, PatchGridForImagesAndMaskedNoImageTokenOtherwise)
{
    auto config = tinyConfig("mimic").image;
    ImageEncoder encoder(config);
    const std::string corrupt = std::string(MEL_TEST_DATA) + "/images/corrupt.jpg";
    const auto out = encoder->forward({test::demoImage(0), "", corrupt, "/no/such/file.jpg"});
    EXPECT_EQ(out.patches.sizes(), (std::vector<std::int64_t>{4, 9, config.dim}));
    EXPECT_EQ(out.global.sizes(), (std::vector<std::int64_t>{4, config.dim}));
    EXPECT_EQ(out.gridRows, 3);
    EXPECT_EQ(out.gridCols, 3);
    EXPECT_TRUE(out.present[0].item<bool>());
    for (int r = 1; r < 4; ++r)
    {
        EXPECT_FALSE(out.present[r].item<bool>()) << r;
        EXPECT_EQ(out.patchMask[r].sum().item<int>(), 1) << "only the learned no-image token is valid";
        EXPECT_TRUE(out.patchMask[r][0].item<bool>());
        EXPECT_GT(out.patches[r][0].abs().sum().item<double>(), 0) << "a learned vector, not zeros";
    }
    EXPECT_EQ(out.patchMask[0].sum().item<int>(), 9);
    // Without any image in the batch the patch sequence shrinks to the single no-image position.
    const auto none = encoder->forward({"", ""});
    EXPECT_EQ(none.patches.size(1), 1);
}

TEST(Attention, RowsSumToOneAndMaskedKeysGetNothing)
{
    MultiHeadAttention attention(16, 2, 0.0);
    auto q = torch::randn({2, 3, 16}), kv = torch::randn({2, 5, 16});
    auto mask = boolMask({{1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
    auto out = attention(q, kv, kv, mask);
    EXPECT_EQ(out.output.sizes(), (std::vector<std::int64_t>{2, 3, 16}));
    EXPECT_EQ(out.probs.sizes(), (std::vector<std::int64_t>{2, 2, 3, 5}));
    EXPECT_TRUE(torch::allclose(out.probs.sum(-1), torch::ones({2, 2, 3}), 1e-5, 1e-6));
    EXPECT_LT(out.probs.select(3, 3).abs().max().item<double>(), 1e-12);
    EXPECT_NEAR(out.probs[1].select(2, 0).min().item<double>(), 1.0, 1e-6);
}

TEST(GhmfUnits, CoAttentionNgramAndGatedFusionShapes)
{
    torch::manual_seed(3);
    CoAttention co(2, 16, 2, 32, 0.0);
    auto text = torch::randn({2, 6, 16}), image = torch::randn({2, 9, 16});
    auto textMask = boolMask({{1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1}});
    auto patchMask = torch::ones({2, 9}, torch::kBool);
    patchMask[1].fill_(false);
    patchMask[1][0] = true;  // row 1 has no image
    auto out = co(text, textMask, image, patchMask);
    EXPECT_EQ(out.text.sizes(), (std::vector<std::int64_t>{2, 16}));
    EXPECT_EQ(out.image.sizes(), (std::vector<std::int64_t>{2, 16}));
    ASSERT_EQ(out.textToImage.size(), 2u);  // one map per stacked layer
    EXPECT_EQ(out.textToImage[0].sizes(), (std::vector<std::int64_t>{2, 2, 6, 9}));
    EXPECT_EQ(out.imageToText[1].sizes(), (std::vector<std::int64_t>{2, 2, 9, 6}));
    for (const auto& p : out.textToImage)
    {
        EXPECT_TRUE(torch::allclose(p.sum(-1), torch::ones({2, 2, 6}), 1e-5, 1e-6));
        EXPECT_LT(p[1].slice(2, 1).abs().max().item<double>(), 1e-12) << "masked patches get no attention";
    }
    for (const auto& p : out.imageToText)
        EXPECT_LT(p[0].slice(2, 4).abs().max().item<double>(), 1e-12) << "padding tokens get no attention";

    NgramCnn ngram(16);
    EXPECT_EQ(ngram(text, textMask).sizes(), text.sizes());

    GatedFusion fusion(16, 0.0);
    auto present = torch::tensor({true, false});
    auto fused = fusion->forward({out.text, out.text}, {out.image, out.image}, present);
    EXPECT_EQ(fused.output.sizes(), (std::vector<std::int64_t>{2, 16}));
    EXPECT_NEAR(fused.textGate[0].item<double>() + fused.imageGate[0].item<double>(), 1.0, 1e-6);
    EXPECT_NEAR(fused.imageGate[1].item<double>(), 0.0, 1e-9) << "no image: the image gate is closed";
}

TEST(MimicUnits, PairedScoresAndCmfuAttention)
{
    torch::manual_seed(4);
    const int B = 2, E = 5, K = 3, d = 16, h = 8;
    auto columns = torch::tensor({0, 2, 4, 1, 3, 4}, torch::kLong).view({B, K});
    Tglu tglu(d, h);
    auto mTok = torch::randn({B, 6, d}), eTok = torch::randn({E, 4, d});
    auto mMask = torch::ones({B, 6}, torch::kBool), eMask = torch::ones({E, 4}, torch::kBool);
    auto t = tglu(mTok, mMask, torch::randn({B, d}), eTok, eMask, torch::randn({E, d}), columns);
    EXPECT_EQ(t.score.sizes(), (std::vector<std::int64_t>{B, K}));
    EXPECT_EQ(t.g2g.sizes(), (std::vector<std::int64_t>{B, K}));
    auto A = tglu->attention(mTok[0], mMask[0], eTok[2]);
    EXPECT_EQ(A.sizes(), (std::vector<std::int64_t>{4, 6}));
    EXPECT_TRUE(torch::allclose(A.sum(-1), torch::ones({4}), 1e-5, 1e-6));

    Vdlu vdlu(h);
    auto v = vdlu(torch::randn({B, h}), torch::randn({B, 9, h}), torch::ones({B, 9}, torch::kBool),
                  torch::randn({E, h}), torch::randn({E, 9, h}), torch::ones({E, 9}, torch::kBool), columns);
    EXPECT_EQ(v.score.sizes(), (std::vector<std::int64_t>{B, K}));
    EXPECT_LE(v.gateE2M.abs().max().item<double>(), 1.0);

    Cmfu cmfu(d, h);
    auto patchMask = torch::ones({B, 9}, torch::kBool);
    patchMask[1].fill_(false);
    patchMask[1][0] = true;
    auto c = cmfu(torch::randn({B, d}), torch::randn({B, 9, h}), patchMask);
    EXPECT_EQ(c.fused.sizes(), (std::vector<std::int64_t>{B, h}));
    EXPECT_TRUE(torch::allclose(c.attention.sum(-1), torch::ones({B}), 1e-5, 1e-6));
    EXPECT_NEAR(c.attention[1][0].item<double>(), 1.0, 1e-6) << "no image: all attention on the no-image token";
}

TEST(PairFeatures, StringMatchesAreMeasured)
{
    core::MentionQuery q;
    q.surface = "Meeker";
    q.text = "Meeker in a stage production of Picnic, 1954";
    core::CandidateEntity ralph{"Q1", "Ralph Meeker", "Occupation: actor, stage.", "", 0};
    core::CandidateEntity other{"Q2", "Meeker", "Occupation: farmer.", "", 100};
    const auto words = mentionWords(q);
    float a[kPairFeatureCount], b[kPairFeatureCount];
    pairFeatures(words, ralph, a);
    pairFeatures(words, other, b);
    EXPECT_NEAR(a[0], 0.9, 1e-6) << "WRatio computed when the generator gave none";
    EXPECT_EQ(a[5], 1.f);   // surname
    EXPECT_EQ(b[2], 1.f);   // exact
    EXPECT_GT(a[6], 0.f);   // "stage" is shared by the sentence and the description
    EXPECT_EQ(b[6], 0.f);
}

// Every trainable parameter gets a non-zero gradient from one training loss (images present and absent).
void expectGradientsEverywhere(const std::string& linker)
{
    auto model = test::tinyModel(linker);
    model->train();
    const auto examples = test::smithExamples();
    std::vector<core::MentionQuery> mentions;
    for (const auto& ex : examples)
        mentions.push_back(ex.query);
    auto entities = test::smiths();
    entities[1].imagePath = test::demoImage(3);  // entity images too (MIMIC's VDLU needs both sides)
    entities[3].imagePath = test::demoImage(4);
    const auto B = static_cast<std::int64_t>(mentions.size());
    auto columns = torch::arange(4, torch::kLong).repeat({B, 1});
    auto target = torch::tensor({0, 1, 2, 3, 0, 1}, torch::kLong);
    auto valid = torch::ones({B, 4}, torch::kBool);
    auto features = torch::rand({B, 4, kPairFeatureCount});
    auto m = model->encodeMentions(mentions, false);
    auto e = model->encodeEntities(entities);
    auto scores = model->score(m, e, columns, features);
    EXPECT_EQ(scores.total.sizes(), (std::vector<std::int64_t>{B, 4}));
    auto loss = model->loss(m, scores, target, valid);
    loss.backward();
    int checked = 0;
    for (const auto& p : model->named_parameters())
    {
        if (!p.value().requires_grad())
            continue;
        // MIMIC leaves S_V out for a pair without two images (not zeros): the no-image global never scores.
        if (linker == "mimic" && p.key() == "image.no_image_global")
            continue;
        // GHMF's gate is one Linear applied to both modalities before a softmax over the two: its bias cancels,
        // so its true gradient is 0 (earlier runs passed on float rounding alone).
        if (linker == "ghmf" && p.key() == "fusion.gate.bias")
            continue;
        ++checked;
        ASSERT_TRUE(p.value().grad().defined()) << linker << ": no gradient for " << p.key();
        EXPECT_GT(p.value().grad().abs().sum().item<double>(), 0) << linker << ": zero gradient for " << p.key();
    }
    EXPECT_GT(checked, 20);
}

TEST(Gradients, ReachEveryGhmfParameter) { expectGradientsEverywhere("ghmf"); }
TEST(Gradients, ReachEveryMimicParameter) { expectGradientsEverywhere("mimic"); }

} // namespace
} // namespace mel::models

namespace mel::models {
namespace {

// The tokenisation cache must not change what the encoder computes, whatever the batch composition.
TEST(TextEncoder, CachedTokenisationGivesTheSameFeatures)
{
    auto config = tinyConfig("mimic").text;
    torch::manual_seed(3);
    TextEncoder encoder(config, Vocabulary::build(test::vocabularyTexts(), config));
    encoder->eval();
    const std::vector<TextInput> inputs{{"Smith", "Smith sang at the festival"}, {"John Smith", "Occupation: painter."}};
    torch::NoGradGuard noGrad;
    const auto first = encoder->forward(inputs);
    const auto again = encoder->forward({inputs[1], inputs[0], inputs[1]});
    const auto L = first.mask[1].sum().item<std::int64_t>();
    // Tolerances: a batch of another size takes other BLAS blocking, so the last bits may differ.
    EXPECT_TRUE(torch::allclose(first.tokens[1].slice(0, 0, L), again.tokens[0].slice(0, 0, L), 1e-4, 1e-5));
    EXPECT_TRUE(torch::allclose(first.global[0], again.global[1], 1e-4, 1e-5));
    EXPECT_EQ(first.labels[0], again.labels[1]);
}

// MIMIC beside the pair features: the unit mean enters with a small learned weight, so an untrained model ranks by
// the string features (the name baseline) instead of by random unit scores.
TEST(MimicUnits, UnitMeanIsWeightedBesideThePairFeatures)
{
    auto model = test::tinyModel("mimic");
    model->eval();
    torch::NoGradGuard noGrad;
    auto m = model->encodeMentions({test::smithExamples()[0].query}, false);
    auto e = model->encodeEntities(test::smiths());
    auto columns = torch::arange(4, torch::kLong).view({1, 4});
    auto features = torch::zeros({1, 4, kPairFeatureCount});
    features[0][2][0] = 1.0;  // WRatio 100 for the third candidate only
    auto s = model->score(m, e, columns, features);
    torch::Tensor t, c;
    for (const auto& [name, unit] : s.units)
    {
        if (name == "S_T")
            t = unit;
        if (name == "S_C")
            c = unit;
    }
    const double w = model->config().mimic.unitScale;
    EXPECT_TRUE(torch::allclose(s.total, w * (t + c) / 2.0 + features.select(2, 0), 1e-4, 1e-5));
    EXPECT_EQ(s.total.argmax(1).item<std::int64_t>(), 2);
}

// GHMF's listwise term: with it the loss still pushes when every triplet hinge is already satisfied.
TEST(GhmfUnits, ListwiseTermKeepsLearningAfterTheMarginIsMet)
{
    auto model = test::tinyModel("ghmf");
    EncodedSide none;
    ScoreOutput scores;
    scores.total = torch::tensor({{2.0, 1.0, 0.5}}).requires_grad_(true);  // margins 1.0 and 1.5 > 0.5
    auto target = torch::zeros({1}, torch::kLong);
    auto valid = torch::ones({1, 3}, torch::kBool);
    auto loss = model->loss(none, scores, target, valid);
    loss.backward();
    EXPECT_GT(loss.item<double>(), 0);
    EXPECT_LT(scores.total.grad()[0][0].item<double>(), 0);  // raise the gold further
}

} // namespace
} // namespace mel::models
