// Decoding an image file the way the GUI shows it, so that what the models see lines up with what is drawn.
#pragma once

#include <string>

#include <opencv2/core.hpp>

namespace mel::models {

// cv::imread as a 3-channel BGR image, oriented as Qt's image view shows the file: a JPEG's EXIF orientation is
// applied (by both), any other format's is not (OpenCV would rotate a PNG with an eXIf chunk, Qt does not, and the
// heatmap and face boxes computed on one would be drawn on the other). Empty when the file cannot be decoded;
// OpenCV's exceptions pass through.
cv::Mat readImageAsShown(const std::string& path);

} // namespace mel::models
