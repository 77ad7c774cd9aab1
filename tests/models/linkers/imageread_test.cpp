// Images are decoded oriented as the GUI shows them: a JPEG's EXIF orientation applies, a PNG's eXIf does not.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "vision/imageread.h"

using namespace mel;

namespace {

// A TIFF block (big-endian) with one IFD entry: Orientation = 6 (rotate 90° clockwise to display).
std::vector<unsigned char> exifOrientation6()
{
    return {'M', 'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // header, first IFD at 8
            0x00, 0x01,                                      // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,  // 0x0112 SHORT x1 = 6
            0x00, 0x00, 0x00, 0x00};                         // no next IFD
}

std::uint32_t crc32(const unsigned char* data, std::size_t size)
{
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) {
        crc ^= data[i];
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

// Byte by byte: GCC 12 warns falsely (-Wstringop-overflow) about inserting initializer lists into a vector.
void append(std::vector<unsigned char>& out, const std::vector<unsigned char>& bytes)
{
    for (unsigned char b : bytes)
        out.push_back(b);
}

void putBigEndian32(std::vector<unsigned char>& out, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<unsigned char>(v >> shift));
}

// 64 wide x 32 high: a landscape image.
cv::Mat landscape()
{
    cv::Mat image(32, 64, CV_8UC3, cv::Scalar(255, 255, 255));
    image.colRange(32, 64).setTo(cv::Scalar(0, 0, 0));
    return image;
}

std::filesystem::path write(const std::string& name, const std::vector<unsigned char>& bytes)
{
    const auto file = std::filesystem::temp_directory_path() / (std::to_string(std::random_device{}()) + name);
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));
    return file;
}

} // namespace

TEST(ImageRead, APngsExifOrientationIsIgnoredAsTheGuiDoes)
{
    std::vector<unsigned char> png;
    ASSERT_TRUE(cv::imencode(".png", landscape(), png));
    // An eXIf chunk right after IHDR (8-byte signature + 25-byte IHDR chunk).
    const auto exif = exifOrientation6();
    std::vector<unsigned char> chunk;
    putBigEndian32(chunk, static_cast<std::uint32_t>(exif.size()));
    const std::size_t typeAt = chunk.size();
    append(chunk, {'e', 'X', 'I', 'f'});
    append(chunk, exif);
    putBigEndian32(chunk, crc32(chunk.data() + typeAt, chunk.size() - typeAt));
    std::vector<unsigned char> tagged(png.begin(), png.begin() + 33);
    append(tagged, chunk);
    tagged.insert(tagged.end(), png.begin() + 33, png.end());
    png = std::move(tagged);
    const auto file = write(".png", png);

    const cv::Mat shown = models::readImageAsShown(file.string());
    EXPECT_EQ(shown.cols, 64);
    EXPECT_EQ(shown.rows, 32) << "Qt's image view shows this PNG unrotated; the models must see it so too";
    const cv::Mat rotatedByOpenCv = cv::imread(file.string(), cv::IMREAD_COLOR);
    EXPECT_EQ(rotatedByOpenCv.rows, 64) << "OpenCV's default would rotate it (why readImageAsShown exists)";
    std::filesystem::remove(file);
}

TEST(ImageRead, AJpegsExifOrientationIsApplied)
{
    std::vector<unsigned char> jpeg;
    ASSERT_TRUE(cv::imencode(".jpg", landscape(), jpeg));
    // An APP1 Exif segment right after SOI (FF D8).
    const auto exif = exifOrientation6();
    std::vector<unsigned char> app1 = {0xFF, 0xE1};
    const std::size_t length = 2 + 6 + exif.size();
    app1.push_back(static_cast<unsigned char>(length >> 8));
    app1.push_back(static_cast<unsigned char>(length & 0xFF));
    append(app1, {'E', 'x', 'i', 'f', 0, 0});
    append(app1, exif);
    std::vector<unsigned char> tagged(jpeg.begin(), jpeg.begin() + 2);
    append(tagged, app1);
    tagged.insert(tagged.end(), jpeg.begin() + 2, jpeg.end());
    jpeg = std::move(tagged);
    const auto file = write(".jpg", jpeg);

    const cv::Mat shown = models::readImageAsShown(file.string());
    EXPECT_EQ(shown.cols, 32);
    EXPECT_EQ(shown.rows, 64) << "rotated to portrait, as Qt's image view shows it";
    std::filesystem::remove(file);
}
