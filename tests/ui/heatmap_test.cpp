// Heatmaps and the explain panel work with any Explanation; tested with a synthetic one.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QSlider>
#include <QSignalSpy>

#include "explain/attentionmatrixview.h"
#include "explain/explainpanel.h"
#include "explain/heatmap.h"
#include "sample/imageview.h"
#include "uitest.h"

using namespace mel;

namespace {

// 2 tokens x (2x3 patch grid); token 0 looks at patch (1,2), token 1 at patch (0,0).
core::AttentionMap textToImage()
{
    core::AttentionMap m;
    m.name = "text->image";
    m.rows = 2;
    m.cols = 6;
    m.gridRows = 2;
    m.gridCols = 3;
    m.values = {0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
    m.rowLabels = {"Obama", "Paris"};
    return m;
}

} // namespace

TEST(Heatmap, Heatmap_PatchHeatAveragesTokensOrTakesOne)
{
    const auto all = ui::patchHeat(textToImage());
    ASSERT_EQ(all.size(), 6u);
    EXPECT_FLOAT_EQ(all[5], 1.f);
    EXPECT_FLOAT_EQ(all[0], 1.f);
    EXPECT_FLOAT_EQ(all[2], 0.f);
    const auto first = ui::patchHeat(textToImage(), 0);
    EXPECT_FLOAT_EQ(first[5], 1.f);
    EXPECT_FLOAT_EQ(first[0], 0.f);
}

TEST(Heatmap, Heatmap_ImageToTextMapsUseRowsAsPatches)
{
    core::AttentionMap m;
    m.rows = 4;
    m.cols = 2;
    m.gridRows = 2;
    m.gridCols = 2;
    m.values = {0, 0, 0.5f, 0.5f, 0, 0, 0, 0};
    const auto heat = ui::patchHeat(m);
    ASSERT_EQ(heat.size(), 4u);
    EXPECT_FLOAT_EQ(heat[1], 1.f);
    EXPECT_FLOAT_EQ(heat[0], 0.f);
}

TEST(Heatmap, Heatmap_PatchLabelsDecideTheSideWhenTokensAndPatchesAreAsMany)
{
    // image->text over a 2x2 grid and a 4-token text: rows are the patches (labelled so), columns the tokens.
    core::AttentionMap m;
    m.name = "image->text";
    m.rows = 4;
    m.cols = 4;
    m.gridRows = 2;
    m.gridCols = 2;
    m.rowLabels = {"r0c0", "r0c1", "r1c0", "r1c1"};
    m.colLabels = {"barack", "obama", "in", "paris"};
    m.values = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f};  // patch r1c1 holds all the mass
    const auto heat = ui::patchHeat(m);
    ASSERT_EQ(heat.size(), 4u);
    EXPECT_FLOAT_EQ(heat[3], 1.f);
    EXPECT_FLOAT_EQ(heat[0], 0.f) << "read as text->image, every patch would get one token's column";
    EXPECT_FLOAT_EQ(heat[1], 0.f);
}

TEST(Heatmap, Heatmap_ACandidateImageMapIsNotLaidOverTheSampleImage)
{
    auto m = textToImage();
    EXPECT_TRUE(ui::overlaysSampleImage(m));
    m.name = "cmfu/entity text->image (top candidate)";  // MIMIC: the grid of the candidate's own image
    EXPECT_TRUE(ui::hasPatchGrid(m));
    EXPECT_FALSE(ui::overlaysSampleImage(m));
    m.name = "vdlu/candidate->mention image (top candidate)";  // the mention image's grid
    EXPECT_TRUE(ui::overlaysSampleImage(m));
}

TEST(Heatmap, Heatmap_MapsWithoutAGridGiveNoHeat)
{
    core::AttentionMap m;
    m.rows = 2;
    m.cols = 2;
    m.values = {1, 2, 3, 4};
    EXPECT_FALSE(ui::hasPatchGrid(m));
    EXPECT_TRUE(ui::patchHeat(m).empty());
}

TEST(Heatmap, Heatmap_ImageIsColouredHotWhereAttentionIs)
{
    test::app();
    const auto heat = ui::patchHeat(textToImage(), 0);
    const QImage image = ui::heatmapImage(heat, 2, 3, QSize(300, 200));
    ASSERT_EQ(image.size(), QSize(300, 200));
    const QColor hot = image.pixelColor(290, 190);  // bottom-right patch
    const QColor cold = image.pixelColor(10, 10);
    EXPECT_GT(hot.red(), hot.blue());
    EXPECT_GT(cold.blue(), cold.red());
    EXPECT_GT(hot.alpha(), cold.alpha());
}

TEST(Heatmap, ExplainPanel_ShowsGatesUnitsAndDrivesTheOverlay)
{
    test::app();
    ui::ExplainPanel panel;
    ui::ImageView image;
    QObject::connect(&panel, &ui::ExplainPanel::heatmapChanged, &image,
                     [&](const std::vector<float>& heat, int r, int c) {
                         heat.empty() ? image.clearHeatmap() : image.setHeatmap(heat, r, c);
                     });
    QObject::connect(&panel, &ui::ExplainPanel::heatmapOpacityChanged, &image, &ui::ImageView::setHeatmapOpacity);
    image.showImage(MEL_SOURCE_DIR "/resources/demo/wikidata-mel/images/13280.jpg");
    ASSERT_TRUE(image.hasImage());

    ui::Ranking ranking;
    ranking.mentionId = 1;
    ranking.linker = "synthetic";
    for (int i = 0; i < 3; ++i) {
        ui::RankedCandidate c;
        c.entity.qid = "Q" + std::to_string(i + 1);
        c.entity.name = "E" + std::to_string(i + 1);
        c.rank = i + 1;
        ranking.candidates.push_back(c);
    }
    ranking.explanation.gates = {{"text", 0.7}, {"image", 0.3}};
    ranking.explanation.unitScores = {{"coarse", {0.9, 0.5, 0.1}}, {"fine", {0.8, 0.4, 0.2}}};
    ranking.explanation.attention = {textToImage()};
    panel.setRanking(ranking);

    EXPECT_EQ(panel.gateBarCount(), 2);
    EXPECT_EQ(panel.unitSeriesCount(), 2);
    EXPECT_EQ(panel.mapSelector()->count(), 1);
    EXPECT_TRUE(panel.matrixView()->hasMap());
    EXPECT_TRUE(image.hasHeatmap());
    panel.opacitySlider()->setValue(20);
    EXPECT_DOUBLE_EQ(image.heatmapOpacity(), 0.2);

    panel.setRanking({});  // a linker without attention clears the overlay
    EXPECT_FALSE(image.hasHeatmap());
    EXPECT_FALSE(panel.matrixView()->hasMap());
    EXPECT_EQ(panel.gateBarCount(), 0);
    panel.opacitySlider()->setValue(60);  // with no overlay the slider only sets the next overlay's opacity
    EXPECT_DOUBLE_EQ(image.heatmapOpacity(), 0.6);
    EXPECT_FALSE(image.hasHeatmap());
}

TEST(Heatmap, NamedColormapsHaveDistinctEndsAndStableIds)
{
    for (ui::Colormap map : ui::kColormaps) {
        EXPECT_EQ(ui::colormapFromId(ui::colormapId(map)), map);
        EXPECT_GT(ui::heatColor(1.f, map).lightness(), ui::heatColor(0.f, map).lightness())
            << ui::colormapId(map).toStdString() << ": hot is lighter than cold";
    }
    EXPECT_EQ(ui::colormapFromId("no-such-map"), ui::Colormap::Jet);
    EXPECT_EQ(ui::heatColor(0.f, ui::Colormap::Grayscale), QColor(0, 0, 0));
    EXPECT_EQ(ui::heatColor(1.f, ui::Colormap::Grayscale), QColor(255, 255, 255));
    EXPECT_EQ(ui::heatColor(0.f, ui::Colormap::Viridis), QColor(68, 1, 84));
    EXPECT_EQ(ui::heatColor(1.f, ui::Colormap::Viridis), QColor(253, 231, 37));
    // The overlay uses the chosen map.
    const QImage gray = ui::heatmapImage({1.f}, 1, 1, QSize(4, 4), ui::Colormap::Grayscale);
    EXPECT_EQ(gray.pixelColor(2, 2).red(), 255);
    EXPECT_EQ(gray.pixelColor(2, 2).blue(), 255);
}
