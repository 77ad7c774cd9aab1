// The pointing game on hand-built attention maps.
#include <gtest/gtest.h>

#include "mel/models/grounding.h"

using namespace mel;

namespace {

// A text->image map over a 2 x 2 patch grid with the given rows (row-major values).
core::AttentionMap gridMap(std::string name, int layer, std::vector<std::string> rows, std::vector<float> values)
{
    core::AttentionMap m;
    m.name = std::move(name);
    m.layer = layer;
    m.rows = static_cast<int>(rows.size());
    m.cols = 4;
    m.rowLabels = std::move(rows);
    m.colLabels = {"r0c0", "r0c1", "r1c0", "r1c1"};
    m.values = std::move(values);
    m.gridRows = 2;
    m.gridCols = 2;
    return m;
}

} // namespace

TEST(PointingGame, UsesOnlyTheMentionRowsBeforeSep)
{
    core::Explanation e;
    // The mention token looks at r1c0; the sentence tokens (after [SEP]) look hard at r0c1.
    e.attention.push_back(gridMap("word/text->image", 0, {"smith", "[SEP]", "was", "seen"},
                                  {0.1f, 0.2f, 0.6f, 0.1f,   0.0f, 1.0f, 0.0f, 0.0f,
                                   0.0f, 1.0f, 0.0f, 0.0f,   0.0f, 1.0f, 0.0f, 0.0f}));
    const auto a = models::mentionAttention(e);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->maps, std::vector<std::string>{"word/text->image#0"});
    EXPECT_EQ(a->values, (std::vector<double>{0.1f, 0.2f, 0.6f, 0.1f}));
    // 100 x 60 image: cell (1,0) has its centre at (25, 45).
    const auto hit = models::pointingGame(*a, 100, 60, core::BoundingBox{10, 40, 20, 10});
    EXPECT_EQ(hit.row, 1);
    EXPECT_EQ(hit.col, 0);
    EXPECT_DOUBLE_EQ(hit.x, 25);
    EXPECT_DOUBLE_EQ(hit.y, 45);
    EXPECT_TRUE(hit.hit);
    EXPECT_TRUE(models::pointingGame(*a, 100, 60, core::BoundingBox{25, 45, 1, 1}).hit);  // edges count
    EXPECT_FALSE(models::pointingGame(*a, 100, 60, core::BoundingBox{26, 46, 10, 10}).hit);
    EXPECT_TRUE(models::pointingGame(*a, 100, 60, core::BoundingBox{26, 46, 10, 10}, 1.0).hit);  // tolerance
    EXPECT_FALSE(models::pointingGame(*a, 100, 60, core::BoundingBox{50, 0, 50, 30}).hit);  // the sentence's cell
}

TEST(PointingGame, SumsMapsSkipsEntityAndNonGridMaps)
{
    core::Explanation e;
    e.attention.push_back(gridMap("cmfu/text->image", 0, {"[text]"}, {0.3f, 0.1f, 0.1f, 0.5f}));
    e.attention.push_back(gridMap("phrase/text->image", 1, {"[text]"}, {0.6f, 0.0f, 0.0f, 0.0f}));
    // Ignored: a candidate's map, an image->text map, and a token-to-token map without a grid.
    e.attention.push_back(gridMap("cmfu/entity text->image (top candidate)", 0, {"[text]"}, {0, 0, 9, 0}));
    e.attention.push_back(gridMap("word/image->text", 0, {"[text]"}, {0, 9, 0, 0}));
    core::AttentionMap tokens;
    tokens.name = "tglu/text->image?";
    tokens.rows = 1;
    tokens.cols = 4;
    tokens.values = {0, 0, 0, 9};
    e.attention.push_back(tokens);
    const auto a = models::mentionAttention(e);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->maps, (std::vector<std::string>{"cmfu/text->image#0", "phrase/text->image#1"}));
    const auto p = models::pointingGame(*a, 64, 64, core::BoundingBox{0, 0, 20, 20});
    EXPECT_EQ(p.row, 0);  // 0.9 at r0c0 beats 0.5 at r1c1
    EXPECT_EQ(p.col, 0);
    EXPECT_TRUE(p.hit);
    const auto only = models::mentionAttention(e, "cmfu/text->image#0");
    ASSERT_TRUE(only);
    EXPECT_EQ(models::pointingGame(*only, 64, 64, core::BoundingBox{}).row, 1);
    EXPECT_FALSE(models::mentionAttention(e, "nothing#0"));
    EXPECT_FALSE(models::mentionAttention(core::Explanation{}));
}

TEST(PointingGame, TiesTakeTheFirstCellAndRandomCellRate)
{
    models::MentionAttention a;
    a.gridRows = 2;
    a.gridCols = 2;
    a.values = {0.25, 0.25, 0.25, 0.25};
    const auto p = models::pointingGame(a, 10, 10, core::BoundingBox{0, 0, 5, 5});
    EXPECT_EQ(p.row, 0);
    EXPECT_EQ(p.col, 0);
    EXPECT_TRUE(p.hit);
    // A 7 x 7 grid over 112 px: centres at 8, 24, 40, ...; a 30 x 30 box at (20, 20) holds 2 x 2 of them.
    EXPECT_DOUBLE_EQ(models::randomCellHitRate(7, 7, 112, 112, core::BoundingBox{20, 20, 30, 30}), 4.0 / 49.0);
    EXPECT_DOUBLE_EQ(models::randomCellHitRate(7, 7, 112, 112, core::BoundingBox{0, 0, 112, 112}), 1.0);
}
