// Image header checks on real and broken files (tests/data/images, made by make_test_images.py), and what the
// importers do with broken images: keep the sample, mark the image Unreadable, report record and reason.
#include <gtest/gtest.h>

#include "iotest.h"
#include "mel/core/io/imageprobe.h"
#include "mel/core/io/jsonl.h"

using namespace mel::core;
namespace fs = std::filesystem;

namespace {

fs::path images() { return fs::path(MEL_SOURCE_DIR) / "tests/data/images"; }

} // namespace

TEST(ImageProbe, AcceptsRealImages)
{
    const ImageProbe jpeg = probeImage(images() / "photo.jpg");
    EXPECT_TRUE(jpeg.ok) << jpeg.problem;
    EXPECT_EQ(jpeg.format, "jpeg");
    EXPECT_EQ(jpeg.width, 381);
    EXPECT_EQ(jpeg.height, 483);
    const ImageProbe png = probeImage(images() / "tiny.png");
    EXPECT_TRUE(png.ok) << png.problem;
    EXPECT_EQ(png.format, "png");
    EXPECT_EQ(png.width, 8);
    // Every bundled demo image is usable.
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(MEL_SOURCE_DIR) / "resources/demo"))
        if (entry.path().extension() == ".jpg") {
            EXPECT_TRUE(probeImage(entry.path()).ok) << entry.path() << ": " << probeImage(entry.path()).problem;
        }
}

TEST(ImageProbe, RejectsBrokenImagesWithAReason)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {"empty.jpg", "empty file"},
        {"truncated.jpg", "truncated JPEG"},
        {"header-only.jpg", "truncated JPEG"},
        {"corrupt.jpg", "corrupt JPEG"},
        {"truncated.png", "truncated PNG"},
        {"not-an-image.png", "not a JPEG, PNG"},
        {"huge-20000x1.png", "image too large (20000x1 px"},
        {"zero-size.png", "invalid png size 0x8"},
        {"does-not-exist.jpg", "cannot open"},
    };
    for (const auto& [file, reason] : cases) {
        const ImageProbe p = probeImage(images() / file);
        EXPECT_FALSE(p.ok) << file;
        EXPECT_NE(p.problem.find(reason), std::string::npos) << file << ": " << p.problem;
    }
}

TEST(ImageProbe, ImportKeepsSamplesWithBrokenImagesAndReportsThem)
{
    mel::test::TempDir dir;
    std::string lines;
    int n = 0;
    for (const char* file : {"photo.jpg", "tiny.png", "empty.jpg", "truncated.jpg", "corrupt.jpg", "truncated.png",
                             "not-an-image.png", "huge-20000x1.png", "zero-size.png"}) {
        fs::create_directories(dir / "img");
        fs::copy_file(images() / file, dir / "img" / file);
        lines += R"({"id": "s)" + std::to_string(++n) + R"(", "text": "x", "image": "img/)" + file +
                 R"(", "mentions": []})" + "\n";
    }
    mel::test::writeFile(dir / "samples.jsonl", lines);
    Store store(dir / "p.melproj");
    const auto summary = importJsonl(store, {"imgs", dir / "samples.jsonl", {}, false});
    EXPECT_EQ(summary.samples, 9);
    EXPECT_EQ(summary.imagesPresent, 2);
    EXPECT_EQ(summary.unreadableImages.count, 7);
    ASSERT_FALSE(summary.unreadableImages.examples.empty());
    EXPECT_NE(summary.unreadableImages.examples[0].find("s3: img/empty.jpg: empty file"), std::string::npos)
        << summary.unreadableImages.examples[0];
    const auto dataset = store.dataset("imgs");
    EXPECT_EQ(store.sampleBySource(dataset->id, "s1")->imageStatus, ImageStatus::Present);
    EXPECT_EQ(store.sampleBySource(dataset->id, "s8")->imageStatus, ImageStatus::Unreadable);
    EXPECT_EQ(store.sampleBySource(dataset->id, "s8")->imageSha1, "");
}
