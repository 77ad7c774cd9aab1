// Face detection: the Debian cascade is found, a real photo of a person has a face where the face is, a blank
// image has none, bad input names the file, and a dataset scan stores the boxes as the samples' image regions.
#include <gtest/gtest.h>

#include <atomic>

#include "core/store/testproject.h"
#include "dwetest.h"
#include "mel/core/store/imageregions.h"
#include "mel/core/util/error.h"
#include "mel/models/faces.h"

namespace mel::models {
namespace {

TEST(Faces, TheDebianCascadeIsFound)
{
    const auto path = findFaceCascade();
    EXPECT_NE(path.find("haarcascade_frontalface_alt2.xml"), std::string::npos);
    EXPECT_TRUE(std::filesystem::is_regular_file(path));
    EXPECT_THROW(findFaceCascade("no-such-cascade.xml"), core::Error);
    try {
        FaceDetector detector(FaceDetectorOptions{"/nonexistent/cascade.xml"});
        FAIL() << "a missing cascade file was accepted";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::ErrorCode::NotFound);
        EXPECT_NE(std::string(e.what()).find("/nonexistent/cascade.xml"), std::string::npos) << e.what();
    }
}

TEST(Faces, FindsTheFaceInARealPhoto)
{
    const auto photo = test::facePhoto();
    if (photo.empty())
        GTEST_SKIP() << "demo photo missing";
    FaceDetector detector;
    const auto found = detector.detect(photo);
    EXPECT_EQ(found.imageWidth, 230);
    EXPECT_EQ(found.imageHeight, 349);
    ASSERT_EQ(found.faces.size(), 1u);
    const auto& box = found.faces[0];
    // The face found by hand: its centre lies inside the detected box, whose size is plausible for it.
    EXPECT_LT(box.x, 122);
    EXPECT_GT(box.x + box.w, 122);
    EXPECT_LT(box.y, 112);
    EXPECT_GT(box.y + box.h, 112);
    EXPECT_GT(box.w, 0.05 * found.imageWidth);
    EXPECT_LT(box.w, 0.9 * found.imageWidth);
    EXPECT_LE(box.x + box.w, found.imageWidth);
    EXPECT_LE(box.y + box.h, found.imageHeight);
}

TEST(Faces, FindsNoneInABlankImageAndNamesUnreadableFiles)
{
    test::TempDir dir;
    FaceDetector detector;
    const auto blank = detector.detect(test::blankImage(dir.path()));
    EXPECT_EQ(blank.imageWidth, 320);
    EXPECT_EQ(blank.imageHeight, 240);
    EXPECT_TRUE(blank.faces.empty());
    const std::string corrupt = std::string(MEL_TEST_DATA) + "/images/corrupt.jpg";
    try {
        detector.detect(corrupt);
        FAIL() << "a corrupt image was accepted";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::ErrorCode::Io);
        EXPECT_NE(std::string(e.what()).find("corrupt.jpg"), std::string::npos) << e.what();
    }
}

TEST(Faces, ADatasetScanStoresFacesAsImageRegions)
{
    const auto photo = test::facePhoto();
    if (photo.empty())
        GTEST_SKIP() << "demo photo missing";
    test::TempDir dir;
    test::blankImage(dir.path());
    std::filesystem::copy_file(photo, dir / "person.jpg");
    std::filesystem::copy_file(std::string(MEL_TEST_DATA) + "/images/corrupt.jpg", dir / "corrupt.jpg");
    core::Store store(dir / "p.melproj");
    const auto ds = store.insertDataset({0, "ds", "jsonl", dir.path().string(), "", "", "{}"});
    auto sample = [&](const std::string& id, const std::string& image, core::ImageStatus status) {
        core::Sample s;
        s.datasetId = ds;
        s.sourceId = id;
        s.split = "dev";
        s.text = "text " + id;
        s.imagePath = image;
        s.imageStatus = status;
        return store.insertSample(s);
    };
    const auto person = sample("person", "person.jpg", core::ImageStatus::Present);
    const auto blank = sample("blank", "blank.jpg", core::ImageStatus::Present);
    sample("corrupt", "corrupt.jpg", core::ImageStatus::Present);
    sample("none", "", core::ImageStatus::None);

    FaceDetector detector;
    std::vector<double> fractions;
    core::JobContext job;
    job.progress = [&](double f, std::string_view) { fractions.push_back(f); };
    auto summary = detectFacesInDataset(store, "ds", "dev", detector, job);
    EXPECT_EQ(summary.samples, 4);
    EXPECT_EQ(summary.images, 2);
    EXPECT_EQ(summary.unreadable, 1);
    ASSERT_EQ(summary.unreadableExamples.size(), 1u);  // named: progress notes alone were thinned out by the CLI
    EXPECT_EQ(summary.unreadableExamples[0].rfind("corrupt: ", 0), 0u) << summary.unreadableExamples[0];
    EXPECT_NE(summary.unreadableExamples[0].find("corrupt.jpg"), std::string::npos) << summary.unreadableExamples[0];
    EXPECT_EQ(summary.withFaces, 1);
    EXPECT_EQ(summary.faces, 1);
    ASSERT_FALSE(fractions.empty());
    EXPECT_DOUBLE_EQ(fractions.back(), 1.0);

    const auto regions = core::imageRegions(store, person, kFaceRegionKind);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_EQ(regions[0].source, "opencv:haarcascade_frontalface_alt2.xml");
    EXPECT_EQ(regions[0].box.x, detector.detect(photo).faces[0].x);
    EXPECT_TRUE(core::imageRegions(store, blank).empty());

    // Running again replaces instead of duplicating; a cancelled scan stops before the first image.
    detectFacesInDataset(store, "ds", "", detector);
    EXPECT_EQ(core::imageRegions(store, person, kFaceRegionKind).size(), 1u);
    std::atomic<bool> cancel{true};
    core::JobContext cancelled;
    cancelled.cancelled = &cancel;
    EXPECT_THROW(detectFacesInDataset(store, "ds", "", detector, cancelled), core::Error);
    EXPECT_THROW(detectFacesInDataset(store, "nope", "", detector), core::Error);
}

} // namespace
} // namespace mel::models
