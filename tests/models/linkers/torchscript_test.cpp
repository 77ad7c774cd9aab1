// Bring-your-own encoders: TorchScript text and image modules (tests/models/fixtures, made by the committed
// make_torchscript_fixtures.py) plug in behind trained adapters and travel inside checkpoints.
#include <gtest/gtest.h>

#include "core/store/testproject.h"
#include "mel/core/util/error.h"
#include "mel/models/linkers.h"
#include "modeltest.h"
#include "nn/scriptmodule.h"
#include "text/textencoder.h"
#include "vision/imageencoder.h"

namespace mel::models {
namespace {

const std::string kText = std::string(MEL_MODELS_FIXTURES) + "/text_encoder.pt";
const std::string kImage = std::string(MEL_MODELS_FIXTURES) + "/image_encoder.pt";

TEST(TorchScript, TextEncoderPlugsInWithItsWordPieceVocabulary)
{
    auto config = test::tinyConfig("mimic").text;
    TextEncoder encoder(config, readFileBytes(kText), kText);
    EXPECT_TRUE(encoder->scripted());
    const auto out = encoder->forward({{"Paris", "a photo of the towers"}, {"Ada Lovelace", ""}});
    EXPECT_EQ(out.tokens.size(0), 2);
    EXPECT_EQ(out.tokens.size(2), config.dim) << "the adapter maps the script's width 12 to dim";
    EXPECT_EQ(out.labels[0], (std::vector<std::string>{"[CLS]", "paris", "[SEP]", "a", "photo", "of", "the", "tower",
                                                      "##s", "[SEP]"}));
    EXPECT_EQ(out.labels[1], (std::vector<std::string>{"[CLS]", "ada", "love", "##lace", "[SEP]", "[SEP]"}));
    EXPECT_EQ(out.mask[1].sum().item<int>(), 6);
}

TEST(TorchScript, ImageEncoderFeatureMapBecomesAPatchGrid)
{
    auto config = test::tinyConfig("mimic").image;
    ImageEncoder encoder(config, readFileBytes(kImage), kImage);
    const auto out = encoder->forward({test::demoImage(0), ""});
    EXPECT_EQ(out.gridRows, 4);
    EXPECT_EQ(out.gridCols, 4);
    EXPECT_EQ(out.patches.sizes(), (std::vector<std::int64_t>{2, 16, config.dim}));
    EXPECT_TRUE(out.present[0].item<bool>());
    EXPECT_FALSE(out.present[1].item<bool>());
}

TEST(TorchScript, TrainedCheckpointEmbedsTheScripts)
{
    test::TempDir dir;
    TrainingData data;
    data.train = test::smithExamples();
    data.dev = data.train;
    auto o = test::tinyTrainOptions("mimic");
    o.epochs = 1;
    o.model.text.torchScriptPath = kText;
    o.model.image.torchScriptPath = kImage;
    o.outPath = (dir / "script.pt").string();
    const auto result = trainOnData(data, o);
    ASSERT_EQ(result.bestEpoch, 1);
    auto linker = loadLinker(result.checkpointPath, {"cpu", 1});  // no access to the fixture paths needed
    const auto ex = data.train[1];
    const auto r = linker->rank({ex.query}, {ex.candidates}, true);
    ASSERT_EQ(r[0].ranked.size(), 4u);
    bool grid = false;
    for (const auto& map : r[0].explanation.attention)
        grid = grid || (map.gridRows == 4 && map.gridCols == 4);
    EXPECT_TRUE(grid);
}

TEST(TorchScript, ForeignFilesAreRejectedWithTheirPath)
{
    const std::string bad = std::string(MEL_TEST_DATA) + "/images/corrupt.jpg";
    try
    {
        TextEncoder encoder(test::tinyConfig("mimic").text, readFileBytes(bad), bad);
        FAIL() << "accepted a JPEG as TorchScript";
    }
    catch (const core::Error& e)
    {
        EXPECT_NE(std::string(e.what()).find("corrupt.jpg"), std::string::npos) << e.what();
    }
    // The image fixture is valid TorchScript but has no `vocab`: not a text encoder.
    EXPECT_THROW(TextEncoder(test::tinyConfig("mimic").text, readFileBytes(kImage), kImage), core::Error);
}

} // namespace
} // namespace mel::models
