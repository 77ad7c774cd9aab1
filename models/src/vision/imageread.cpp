// JPEGs are recognised by their first bytes (FF D8 FF), not their file name.
#include "vision/imageread.h"

#include <fstream>

#include <opencv2/imgcodecs.hpp>

namespace mel::models {

cv::Mat readImageAsShown(const std::string& path)
{
    unsigned char magic[3] = {0, 0, 0};
    std::ifstream(path, std::ios::binary).read(reinterpret_cast<char*>(magic), sizeof magic);
    const bool jpeg = magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF;
    return cv::imread(path, jpeg ? cv::IMREAD_COLOR : cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
}

} // namespace mel::models
