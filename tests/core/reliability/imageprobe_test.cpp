// Image header checks on real and broken files (tests/data/images, made by make_test_images.py), and what the
// importers do with broken images: keep the sample, mark the image Unreadable, report record and reason.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "iotest.h"
#include "mel/core/io/imageprobe.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/melbench.h"

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

namespace {

std::string bytesOf(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ImageProbe probeBytes(const mel::test::TempDir& dir, const std::string& name, const std::string& bytes)
{
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return probeImage(dir / name);
}

} // namespace

// Well-formed files the header check once refused (it read only the first 256 KiB and wanted the end marker within
// the last 4 KiB, or IEND as the very last bytes).
TEST(ImageProbe, AcceptsLargeMetadataAndDataAfterTheEnd)
{
    mel::test::TempDir dir;
    const std::string jpeg = bytesOf(images() / "photo.jpg");
    ASSERT_EQ(jpeg.substr(0, 2), "\xFF\xD8");
    // 320 KB of comment segments between SOI and the frame header.
    std::string comments;
    for (int i = 0; i < 5; ++i)
        comments += std::string("\xFF\xFE\xFF\xFF", 4) + std::string(0xFFFF - 2, 'c');
    const ImageProbe metadata = probeBytes(dir, "metadata.jpg", jpeg.substr(0, 2) + comments + jpeg.substr(2));
    EXPECT_TRUE(metadata.ok) << metadata.problem;
    EXPECT_EQ(metadata.width, 381);
    EXPECT_EQ(metadata.height, 483);
    // A "motion photo": 8 KB of other data after the end-of-image marker.
    const ImageProbe motion = probeBytes(dir, "motion.jpg", jpeg + std::string(8192, '\x01'));
    EXPECT_TRUE(motion.ok) << motion.problem;
    const ImageProbe png = probeBytes(dir, "newline.png", bytesOf(images() / "tiny.png") + "\n");
    EXPECT_TRUE(png.ok) << png.problem;
    EXPECT_EQ(png.width, 8);
    // Truncation is still caught, wherever the cut is.
    const ImageProbe cut = probeBytes(dir, "cut.jpg", (jpeg + std::string(8192, '\x01')).substr(0, jpeg.size() - 100));
    EXPECT_FALSE(cut.ok);
    EXPECT_NE(cut.problem.find("truncated JPEG"), std::string::npos) << cut.problem;
    const std::string tiny = bytesOf(images() / "tiny.png");
    const ImageProbe cutPng = probeBytes(dir, "cut.png", tiny.substr(0, tiny.size() - 12) + "\n");
    EXPECT_FALSE(cutPng.ok);
    EXPECT_NE(cutPng.problem.find("truncated PNG"), std::string::npos) << cutPng.problem;
}

TEST(ImageProbe, SaysWhichLimitAnImageExceedsAndRefusesGif)
{
    mel::test::TempDir dir;
    // 9000 x 9000: under the per-side limit, over the pixel count.
    std::string png = bytesOf(images() / "tiny.png");
    png[16] = png[17] = '\0';
    png[18] = '\x23';
    png[19] = '\x28';
    png[20] = png[21] = '\0';
    png[22] = '\x23';
    png[23] = '\x28';
    const ImageProbe big = probeBytes(dir, "big.png", png);
    EXPECT_FALSE(big.ok);
    EXPECT_NE(big.problem.find("9000x9000 px; the limit is 64 megapixels"), std::string::npos) << big.problem;
    const ImageProbe gif = probeBytes(dir, "anim.gif", std::string("GIF89a\x08\x00\x08\x00\x00\x00\x00;", 13));
    EXPECT_FALSE(gif.ok);
    EXPECT_EQ(gif.format, "gif");
    EXPECT_NE(gif.problem.find("GIF images cannot be decoded"), std::string::npos) << gif.problem;
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

// From a review of image handling: what an import now says about images and boxes instead of passing over them.
TEST(ImageImport, NamesMissingImagesAndTheFolderSearched_AndBoxesOutsideTheImage)
{
    mel::test::TempDir dir;
    fs::create_directories(dir / "img");
    fs::copy_file(images() / "tiny.png", dir / "img" / "tiny.png");  // 8 x 8
    mel::test::writeFile(dir / "samples.jsonl",
                         R"({"id": "a", "text": "x", "image": "img/gone.jpg", "mentions": []})" "\n"
                         R"({"id": "b", "text": "x", "image": "img/tiny.png", "mentions": [)"
                         R"({"surface": "in", "box": [0, 0, 8, 8]}, {"surface": "out", "box": [5, 5, 10, 10]}]})" "\n");
    Store store(dir / "p.melproj");
    const auto summary = importJsonl(store, {"d", dir / "samples.jsonl", {}, false});
    EXPECT_EQ(summary.imagesMissing, 1);
    ASSERT_EQ(summary.namedImagesMissing.count, 1);
    EXPECT_EQ(summary.namedImagesMissing.examples[0], "a: img/gone.jpg");
    EXPECT_EQ(summary.imageRoot, fs::weakly_canonical(dir.path()).string());
    ASSERT_EQ(summary.boxesOutsideImage.count, 1);
    EXPECT_NE(summary.boxesOutsideImage.examples[0].find("b: mentions[1]: box [5, 5, 10, 10] reaches outside the 8x8"),
              std::string::npos)
        << summary.boxesOutsideImage.examples[0];
    EXPECT_EQ(store.stats().mentions, 2);  // kept as given

    // Exports say what a re-import would lose: JSON Lines elsewhere needs --images, MELBench holds no boxes and
    // finds images by sample id (tiny.png is not "b.*").
    fs::create_directories(dir / "out");
    const auto jsonl = exportJsonl(store, "d", dir / "out" / "d.jsonl");
    ASSERT_EQ(jsonl.warnings.count, 1);
    EXPECT_NE(jsonl.warnings.examples[0].find("--images " + fs::weakly_canonical(dir.path()).string()),
              std::string::npos)
        << jsonl.warnings.examples[0];
    EXPECT_EQ(exportJsonl(store, "d", dir / "beside.jsonl").warnings.count, 0);  // the root itself: paths resolve
    const auto melbench = exportMelBench(store, "d", dir / "out" / "d.json");
    std::string all;
    for (const auto& w : melbench.warnings.examples)
        all += w + "\n";
    EXPECT_NE(all.find("2 region boxes are not written"), std::string::npos) << all;
    EXPECT_NE(all.find("2 samples have images not named after their id"), std::string::npos) << all;
}

TEST(ImageImport, RefusesControlCharactersInImagePaths)
{
    mel::test::TempDir dir;
    fs::create_directories(dir / "img");
    fs::copy_file(images() / "tiny.png", dir / "img" / "tiny.png");
    // JSON's \u0000: the path "img/tiny.png<NUL>.txt" opened img/tiny.png and was stored with the NUL.
    mel::test::writeFile(dir / "samples.jsonl",
                         R"({"id": "a", "text": "x", "image": "img/tiny.png\u0000.txt", "mentions": []})" "\n");
    Store store(dir / "p.melproj");
    const Error e = mel::test::expectError([&] { importJsonl(store, {"d", dir / "samples.jsonl", {}, false}); });
    EXPECT_EQ(e.code(), ErrorCode::Unsafe);
    EXPECT_EQ(e.context().record, "line 1");
    EXPECT_EQ(e.context().field, "image");
    EXPECT_NE(std::string(e.what()).find("control character (byte 0)"), std::string::npos) << e.what();
    EXPECT_FALSE(store.dataset("d"));
}

TEST(ImageImport, MelBenchFindsWebpImagesAndPrefersANonEmptyFile)
{
    mel::test::TempDir dir;
    fs::create_directories(dir / "images");
    mel::test::writeFile(dir / "data.json",
                         R"({"w": {"sentence": "x", "mentions": ["x"], "entities": ["X"], "answer": ["Q1"]},)"
                         R"( "both": {"sentence": "x", "mentions": ["x"], "entities": ["X"], "answer": ["Q1"]}})");
    fs::copy_file(images() / "tiny.png", dir / "images" / "w.webp");  // a PNG by content: probed by content
    mel::test::writeFile(dir / "images" / "both.jpg", "");
    fs::copy_file(images() / "tiny.png", dir / "images" / "both.png");
    Store store(dir / "p.melproj");
    MelBenchOptions o;
    o.datasetName = "d";
    o.samples = {{dir / "data.json", "train"}};
    o.imagesDir = dir / "images";
    const auto summary = importMelBench(store, o);
    EXPECT_EQ(summary.imagesPresent, 2) << (summary.unreadableImages.examples.empty()
                                                ? std::string()
                                                : summary.unreadableImages.examples[0]);
    const auto dataset = store.dataset("d");
    EXPECT_EQ(store.sampleBySource(dataset->id, "w")->imagePath, "images/w.webp");
    EXPECT_EQ(store.sampleBySource(dataset->id, "both")->imagePath, "images/both.png");
}
