// Face detection: greyscale + histogram equalisation on a downscaled copy, cascade detectMultiScale, boxes
// scaled back to the original pixels.
#include "vision/facedetector.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "mel/core/util/error.h"
#include "vision/imageread.h"

namespace mel::models {

std::string findFaceCascade(std::string_view name)
{
    namespace fs = std::filesystem;
    std::vector<fs::path> places;
    if (const char* env = std::getenv("MEL_OPENCV_DATA"); env && *env)
        places.emplace_back(env);
    for (const char* root : {"/usr/share/opencv4", "/usr/share/opencv", "/usr/local/share/opencv4"})
        for (const char* sub : {"haarcascades", "lbpcascades"})
            places.push_back(fs::path(root) / sub);
    std::string tried;
    for (const auto& dir : places)
    {
        const auto file = dir / std::string(name);
        std::error_code ec;
        if (fs::is_regular_file(file, ec))
            return file.string();
        tried += (tried.empty() ? "" : ", ") + dir.string();
    }
    throw core::Error(core::ErrorCode::NotFound,
                      "face cascade '" + std::string(name) + "' not found (looked in " + tried +
                          "); install Debian's opencv-data or set MEL_OPENCV_DATA",
                      {std::string(name), {}, {}});
}

std::vector<core::BoundingBox> detectFaces(cv::CascadeClassifier& cascade, const cv::Mat& image,
                                           const FaceDetectorOptions& options)
{
    if (image.empty())
        return {};
    cv::Mat grey;
    if (image.channels() == 1)
        grey = image;
    else if (image.channels() == 4)
        cv::cvtColor(image, grey, cv::COLOR_BGRA2GRAY);
    else
        cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    const int longer = std::max(grey.cols, grey.rows);
    double scale = 1.0;  // detection pixels per original pixel
    if (options.maxSide > 0 && longer > options.maxSide)
    {
        scale = static_cast<double>(options.maxSide) / longer;
        cv::Mat small;
        cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
        grey = small;
    }
    cv::Mat equalised;
    cv::equalizeHist(grey, equalised);
    const int shorter = std::min(equalised.cols, equalised.rows);
    const int minSide = std::max(20, static_cast<int>(std::lround(options.minFace * shorter)));
    if (minSide > shorter)
        return {};
    std::vector<cv::Rect> hits;
    cascade.detectMultiScale(equalised, hits, options.scaleFactor, options.minNeighbors, 0, cv::Size(minSide, minSide));
    std::sort(hits.begin(), hits.end(), [](const cv::Rect& a, const cv::Rect& b) {
        return a.x != b.x ? a.x < b.x : a.y < b.y;
    });
    std::vector<core::BoundingBox> faces;
    faces.reserve(hits.size());
    for (const auto& r : hits)
    {
        core::BoundingBox box{r.x / scale, r.y / scale, r.width / scale, r.height / scale};
        box.w = std::min(box.w, image.cols - box.x);
        box.h = std::min(box.h, image.rows - box.y);
        faces.push_back(box);
    }
    return faces;
}

struct FaceDetector::Impl
{
    FaceDetectorOptions options;
    cv::CascadeClassifier cascade;
};

FaceDetector::FaceDetector(FaceDetectorOptions options) : m_impl(std::make_unique<Impl>())
{
    if (options.cascadePath.empty())
        options.cascadePath = findFaceCascade();
    if (!std::filesystem::is_regular_file(options.cascadePath))
        throw core::Error(core::ErrorCode::NotFound, "face cascade file does not exist", {options.cascadePath, {}, {}});
    if (!(options.scaleFactor > 1.0) || options.minNeighbors < 0)
        throw core::Error(core::ErrorCode::Invalid, "scaleFactor must be > 1 and minNeighbors >= 0",
                          {options.cascadePath, {}, "face detector options"});
    bool loaded = false;
    try
    {
        loaded = m_impl->cascade.load(options.cascadePath);
    }
    catch (const cv::Exception& e)
    {
        throw core::Error(core::ErrorCode::Invalid, std::string("not a cascade classifier: ") + e.what(),
                          {options.cascadePath, {}, {}});
    }
    if (!loaded || m_impl->cascade.empty())
        throw core::Error(core::ErrorCode::Invalid, "not a cascade classifier", {options.cascadePath, {}, {}});
    m_impl->options = std::move(options);
}

FaceDetector::~FaceDetector() = default;
FaceDetector::FaceDetector(FaceDetector&&) noexcept = default;
FaceDetector& FaceDetector::operator=(FaceDetector&&) noexcept = default;

const std::string& FaceDetector::cascadePath() const
{
    return m_impl->options.cascadePath;
}

std::string FaceDetector::sourceName() const
{
    return "opencv:" + std::filesystem::path(m_impl->options.cascadePath).filename().string();
}

FaceDetection FaceDetector::detect(const std::string& imagePath)
{
    cv::Mat image;
    try
    {
        image = readImageAsShown(imagePath);
    }
    catch (const cv::Exception& e)
    {
        throw core::Error(core::ErrorCode::Io, std::string("cannot decode image: ") + e.what(), {imagePath, {}, {}});
    }
    if (image.empty())
        throw core::Error(core::ErrorCode::Io, "cannot read or decode the image", {imagePath, {}, {}});
    FaceDetection out;
    out.imageWidth = image.cols;
    out.imageHeight = image.rows;
    out.faces = detectFaces(m_impl->cascade, image, m_impl->options);
    return out;
}

} // namespace mel::models
