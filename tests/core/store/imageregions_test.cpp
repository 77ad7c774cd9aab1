// Image regions of a sample: stored per kind, replaced idempotently, validated, removed with the sample.
#include <gtest/gtest.h>

#include "mel/core/store/imageregions.h"
#include "mel/core/util/error.h"
#include "testproject.h"

using namespace mel::core;

namespace {

struct ImageRegionFixture : ::testing::Test
{
    mel::test::TempDir dir;
    std::unique_ptr<Store> store = std::make_unique<Store>(dir / "p.melproj");
    RowId dataset = 0;
    RowId sample = 0;

    void SetUp() override
    {
        dataset = store->insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
        Sample s;
        s.datasetId = dataset;
        s.sourceId = "s1";
        s.text = "Two people";
        s.imagePath = "a.jpg";
        sample = store->insertSample(s);
    }

    static ImageRegion face(double x, double y, double w, double h)
    {
        ImageRegion r;
        r.box = {x, y, w, h};
        r.score = 0.5;
        r.source = "test";
        return r;
    }
};

} // namespace

TEST_F(ImageRegionFixture, ImageRegions_RoundTripInOrderWithKindFilter)
{
    const auto ids = replaceImageRegions(*store, sample, "face", {face(1, 2, 30, 40), face(50, 60, 20, 25)});
    ASSERT_EQ(ids.size(), 2u);
    replaceImageRegions(*store, sample, "object", {face(0, 0, 5, 5)});

    const auto faces = imageRegions(*store, sample, "face");
    ASSERT_EQ(faces.size(), 2u);
    EXPECT_EQ(faces[0].id, ids[0]);
    EXPECT_EQ(faces[0].sampleId, sample);
    EXPECT_EQ(faces[0].kind, "face");
    EXPECT_DOUBLE_EQ(faces[0].box.x, 1);
    EXPECT_DOUBLE_EQ(faces[0].box.h, 40);
    EXPECT_DOUBLE_EQ(faces[1].box.w, 20);
    EXPECT_DOUBLE_EQ(faces[1].score, 0.5);
    EXPECT_EQ(faces[1].source, "test");
    EXPECT_EQ(imageRegions(*store, sample).size(), 3u);
}

TEST_F(ImageRegionFixture, ImageRegions_ReplaceDoesNotDuplicateAndKeepsOtherKinds)
{
    replaceImageRegions(*store, sample, "face", {face(1, 2, 30, 40), face(50, 60, 20, 25)});
    replaceImageRegions(*store, sample, "object", {face(0, 0, 5, 5)});
    replaceImageRegions(*store, sample, "face", {face(7, 7, 9, 9)});
    const auto faces = imageRegions(*store, sample, "face");
    ASSERT_EQ(faces.size(), 1u);
    EXPECT_DOUBLE_EQ(faces[0].box.x, 7);
    EXPECT_EQ(imageRegions(*store, sample, "object").size(), 1u);
    replaceImageRegions(*store, sample, "face", {});
    EXPECT_TRUE(imageRegions(*store, sample, "face").empty());
}

TEST_F(ImageRegionFixture, ImageRegions_RejectBadInputWithContext)
{
    try {
        replaceImageRegions(*store, sample, "face", {face(0, 0, 0, 10)});
        FAIL() << "a zero-width box was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::Invalid);
        EXPECT_NE(std::string(e.what()).find("s1"), std::string::npos) << e.what();
    }
    EXPECT_THROW(replaceImageRegions(*store, sample, "", {face(0, 0, 4, 4)}), Error);
    EXPECT_THROW(replaceImageRegions(*store, 9999, "face", {face(0, 0, 4, 4)}), Error);
    EXPECT_TRUE(imageRegions(*store, sample).empty());  // nothing half-written
}

TEST_F(ImageRegionFixture, ImageRegions_GoAwayWithTheirDataset)
{
    replaceImageRegions(*store, sample, "face", {face(1, 2, 30, 40)});
    store->deleteDataset(dataset);
    EXPECT_TRUE(imageRegions(*store, sample).empty());
}
