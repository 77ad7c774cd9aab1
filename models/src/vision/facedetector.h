// OpenCV cascade face detection on decoded images (the public API is mel/models/faces.h).
#pragma once

#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>

#include "mel/models/faces.h"

namespace mel::models {

// Faces in a decoded BGR (or grey) image, in its pixel coordinates, sorted left to right then top down.
std::vector<core::BoundingBox> detectFaces(cv::CascadeClassifier& cascade, const cv::Mat& image,
                                           const FaceDetectorOptions& options);

} // namespace mel::models
