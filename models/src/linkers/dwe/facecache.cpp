// Face cache: one detection per image file, thread-safe (the trainer and the GUI may share a model in turn).
#include "linkers/dwe/facecache.h"

#include <algorithm>

#include "mel/core/util/error.h"

namespace mel::models {

FaceCache::FaceCache(bool enabled, int maxFaces) : m_enabled(enabled), m_maxFaces(std::max(0, maxFaces)) {}

const FaceCache::Entry& FaceCache::entry(const std::string& path)
{
    static const Entry none;
    if (!m_enabled || path.empty() || m_maxFaces == 0)
        return none;
    std::lock_guard lock(m_mutex);
    if (auto it = m_entries.find(path); it != m_entries.end())
        return it->second;
    if (!m_detector)
        m_detector = std::make_unique<FaceDetector>();
    Entry e;
    try
    {
        const auto found = m_detector->detect(path);
        std::vector<core::BoundingBox> boxes = found.faces;
        std::stable_sort(boxes.begin(), boxes.end(),
                         [](const auto& a, const auto& b) { return a.w * a.h > b.w * b.h; });
        if (static_cast<int>(boxes.size()) > m_maxFaces)
            boxes.resize(static_cast<std::size_t>(m_maxFaces));
        // Back to reading order (left to right) so face numbers match what the GUI draws.
        std::stable_sort(boxes.begin(), boxes.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
        const auto W = static_cast<float>(std::max(1, found.imageWidth));
        const auto H = static_cast<float>(std::max(1, found.imageHeight));
        for (const auto& b : boxes)
        {
            RelativeBox r{static_cast<float>(b.x) / W, static_cast<float>(b.y) / H, static_cast<float>(b.w) / W,
                          static_cast<float>(b.h) / H};
            r.x = std::clamp(r.x, 0.0f, 1.0f);
            r.y = std::clamp(r.y, 0.0f, 1.0f);
            r.w = std::clamp(r.w, 1e-3f, 1.0f - r.x + 1e-3f);
            r.h = std::clamp(r.h, 1e-3f, 1.0f - r.y + 1e-3f);
            e.relative.push_back(r);
        }
        e.pixels = std::move(boxes);
    }
    catch (const core::Error& error)
    {
        if (error.code() != core::ErrorCode::Io)
            throw;  // a missing cascade is a set-up problem, not "no faces"
    }
    return m_entries.emplace(path, std::move(e)).first->second;
}

const std::vector<RelativeBox>& FaceCache::faces(const std::string& path)
{
    return entry(path).relative;
}

std::vector<core::BoundingBox> FaceCache::pixelFaces(const std::string& path)
{
    return entry(path).pixels;
}

std::string FaceCache::source()
{
    std::lock_guard lock(m_mutex);
    return m_detector ? m_detector->sourceName() : std::string("opencv");
}

torch::Tensor faceGridWeights(const std::vector<RelativeBox>& faces, int gridRows, int gridCols)
{
    const auto S = static_cast<std::int64_t>(faces.size());
    auto w = torch::zeros({S, static_cast<std::int64_t>(gridRows) * gridCols});
    auto* out = w.data_ptr<float>();
    for (std::int64_t s = 0; s < S; ++s)
    {
        const auto& b = faces[static_cast<std::size_t>(s)];
        float total = 0;
        for (int r = 0; r < gridRows; ++r)
        {
            const float top = static_cast<float>(r) / gridRows, bottom = static_cast<float>(r + 1) / gridRows;
            const float dy = std::min(bottom, b.y + b.h) - std::max(top, b.y);
            if (dy <= 0)
                continue;
            for (int c = 0; c < gridCols; ++c)
            {
                const float left = static_cast<float>(c) / gridCols, right = static_cast<float>(c + 1) / gridCols;
                const float dx = std::min(right, b.x + b.w) - std::max(left, b.x);
                if (dx <= 0)
                    continue;
                out[s * gridRows * gridCols + r * gridCols + c] = dx * dy;
                total += dx * dy;
            }
        }
        if (total > 0)
            for (int p = 0; p < gridRows * gridCols; ++p)
                out[s * gridRows * gridCols + p] /= total;
    }
    return w;
}

torch::Tensor boxGeometry(const RelativeBox& b)
{
    return torch::tensor({b.x + b.w / 2, b.y + b.h / 2, b.w, b.h}, torch::kFloat);
}

} // namespace mel::models
