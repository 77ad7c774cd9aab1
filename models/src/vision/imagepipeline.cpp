// OpenCV errors stop here: an undecodable image is treated like an absent one.
#include "vision/imagepipeline.h"

#include "vision/imageread.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace mel::models {

std::optional<torch::Tensor> loadImage(const std::string& path, const ImageTransform& transform)
{
    if (path.empty())
        return std::nullopt;
    cv::Mat rgb;
    try
    {
        cv::Mat bgr = readImageAsShown(path);
        if (bgr.empty() || bgr.cols < 1 || bgr.rows < 1)
            return std::nullopt;
        cv::Mat resized;
        cv::resize(bgr, resized, cv::Size(transform.size, transform.size), 0, 0, cv::INTER_AREA);
        cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
        rgb.convertTo(rgb, CV_32FC3, 1.0 / 255.0);
    }
    catch (const cv::Exception&)
    {
        return std::nullopt;
    }
    auto tensor = torch::from_blob(rgb.data, {transform.size, transform.size, 3}, torch::kFloat)
                      .permute({2, 0, 1})
                      .clone();
    for (int c = 0; c < 3; ++c)
        tensor[c].sub_(transform.mean.at(c)).div_(transform.std.at(c));
    return tensor;
}

std::optional<torch::Tensor> ImageCache::get(const std::string& path)
{
    if (path.empty())
        return std::nullopt;
    auto it = m_images.find(path);
    if (it == m_images.end())
        it = m_images.emplace(path, loadImage(path, m_transform)).first;
    return it->second;
}

std::vector<std::string> ImageCache::failedPaths() const
{
    std::vector<std::string> failed;
    for (const auto& [path, image] : m_images)
        if (!image && !path.empty())
            failed.push_back(path);
    return failed;
}

} // namespace mel::models
