// Faces of mention images for DWE: detected once per image file (OpenCV cascade), kept in image-relative
// coordinates, and turned into pooling weights over the image encoder's patch grid.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <torch/torch.h>

#include "mel/models/faces.h"

namespace mel::models {

// A face box as a share of the image: x, y (top-left), w, h in [0,1].
struct RelativeBox
{
    float x = 0, y = 0, w = 0, h = 0;
};

class FaceCache
{
public:
    // enabled = false: no detection, every image has no faces. maxFaces: the largest faces are kept.
    FaceCache(bool enabled, int maxFaces);

    // Faces of the image at `path` ("" = no image: none). An unreadable image has none. The cascade is loaded on
    // first use; a missing cascade throws core::Error(NotFound) (mel/models/faces.h).
    const std::vector<RelativeBox>& faces(const std::string& path);
    // The pixel boxes of the last detection of `path` (for explanations), empty when none.
    std::vector<core::BoundingBox> pixelFaces(const std::string& path);
    std::string source();

private:
    struct Entry
    {
        std::vector<RelativeBox> relative;
        std::vector<core::BoundingBox> pixels;
    };
    const Entry& entry(const std::string& path);

    bool m_enabled;
    int m_maxFaces;
    std::mutex m_mutex;
    std::unique_ptr<FaceDetector> m_detector;
    std::unordered_map<std::string, Entry> m_entries;
};

// [S,P] weights of each face over a gridRows x gridCols patch grid (the image is resized to a square, so relative
// coordinates map straight onto the grid): the share of the box's area in each cell. Rows sum to 1.
torch::Tensor faceGridWeights(const std::vector<RelativeBox>& faces, int gridRows, int gridCols);

// [4] features of a box: centre x, centre y, width, height (relative).
torch::Tensor boxGeometry(const RelativeBox& box);

} // namespace mel::models
