// Image decoding and normalisation with OpenCV: file -> [3,S,S] float RGB tensor, or nothing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace mel::models {

struct ImageTransform
{
    int size = 112;
    std::vector<double> mean{0.48145466, 0.4578275, 0.40821073};
    std::vector<double> std{0.26862954, 0.26130258, 0.27577711};
};

// Reads `path` with readImageAsShown (grey and alpha images become 3-channel; oriented as the GUI shows it),
// resizes to size x size (INTER_AREA, aspect ratio not kept), converts BGR -> RGB, scales to [0,1] and normalises
// per channel.
// Returns nullopt for "" , a missing file or any file OpenCV cannot decode: a missing image is an input state.
std::optional<torch::Tensor> loadImage(const std::string& path, const ImageTransform& transform);

// Decoded images by path, so every sample's image is decoded once per process (training revisits them).
class ImageCache
{
public:
    explicit ImageCache(ImageTransform transform) : m_transform(std::move(transform)) {}
    std::optional<torch::Tensor> get(const std::string& path);
    const ImageTransform& transform() const { return m_transform; }
    // The paths asked for that gave no image (a file gone since the import, or one OpenCV cannot decode), sorted.
    std::vector<std::string> failedPaths() const;

private:
    ImageTransform m_transform;
    std::map<std::string, std::optional<torch::Tensor>> m_images;
};

} // namespace mel::models
