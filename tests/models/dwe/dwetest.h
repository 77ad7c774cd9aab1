// Shared pieces of the DWE tests: a tiny DWE configuration and images with and without faces.
#pragma once

#include <filesystem>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "modeltest.h"

namespace mel::test {

// A real portrait photo (230x349, one face, centre near (122,112) checked by eye) from the demo data that ships
// with the repository (resources/demo, a copy of Wikidata-MEL images); "" if it is missing.
inline std::string facePhoto()
{
    const std::filesystem::path file = std::filesystem::path(MEL_DEMO_IMAGES) / "13295.jpg";
    return std::filesystem::is_regular_file(file) ? file.string() : std::string();
}

// A blank grey JPEG written into `dir`.
inline std::string blankImage(const std::filesystem::path& dir)
{
    const auto file = (dir / "blank.jpg").string();
    cv::imwrite(file, cv::Mat(240, 320, CV_8UC3, cv::Scalar(128, 128, 128)));
    return file;
}

inline models::ModelConfig tinyDweConfig()
{
    auto c = tinyConfig("dwe");
    c.dwe.hidden = 16;
    c.dwe.heads = 2;
    c.dwe.dropout = 0.0;
    c.dwe.maxFaces = 4;
    return c;
}

inline std::shared_ptr<models::LinkerModelImpl> tinyDwe(std::uint64_t seed = 1)
{
    torch::manual_seed(seed);
    models::ModelParts parts;
    parts.config = tinyDweConfig();
    parts.vocabulary = models::Vocabulary::build(vocabularyTexts(), parts.config.text);
    return models::buildModel(parts);
}

} // namespace mel::test
