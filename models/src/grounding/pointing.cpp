// The pointing game over a linker's Explanation (plain values, no torch).
#include <algorithm>

#include "mel/models/grounding.h"

namespace mel::models {

namespace {

// Sums the chosen rows of the maps `accept` keeps (same grid as the first one kept).
template <typename Accept>
std::optional<MentionAttention> sumMaps(const core::Explanation& explanation, std::string_view onlyMap,
                                        bool mentionRowsOnly, Accept accept)
{
    MentionAttention out;
    for (const auto& map : explanation.attention)
    {
        if (!accept(map.name))
            continue;
        const int cells = map.gridRows * map.gridCols;
        if (cells <= 0 || map.cols != cells || map.rows <= 0 ||
            map.values.size() != static_cast<std::size_t>(map.rows) * static_cast<std::size_t>(map.cols))
            continue;
        const std::string key = map.name + "#" + std::to_string(map.layer);
        if (!onlyMap.empty() && key != onlyMap)
            continue;
        if (out.values.empty())
        {
            out.gridRows = map.gridRows;
            out.gridCols = map.gridCols;
            out.values.assign(static_cast<std::size_t>(cells), 0.0);
        }
        else if (out.gridRows != map.gridRows || out.gridCols != map.gridCols)
            continue;  // a map over another grid cannot be summed with the first one
        // The mention's own rows: before the first [SEP] (surface [SEP] sentence), else all of them.
        int rows = map.rows;
        const auto sep = mentionRowsOnly ? std::find(map.rowLabels.begin(), map.rowLabels.end(), "[SEP]")
                                         : map.rowLabels.end();
        if (sep != map.rowLabels.end() && sep != map.rowLabels.begin())
            rows = static_cast<int>(sep - map.rowLabels.begin());
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cells; ++c)
                out.values[static_cast<std::size_t>(c)] +=
                    map.values[static_cast<std::size_t>(r) * static_cast<std::size_t>(cells) + static_cast<std::size_t>(c)];
        out.maps.push_back(key);
    }
    if (out.maps.empty())
        return std::nullopt;
    return out;
}

} // namespace

std::optional<MentionAttention> mentionAttention(const core::Explanation& explanation, std::string_view onlyMap)
{
    return sumMaps(explanation, onlyMap, true, [](const std::string& name) {
        return name.find("text->image") != std::string::npos && name.find("entity") == std::string::npos;
    });
}

std::optional<MentionAttention> candidateAttention(const core::Explanation& explanation, std::string_view onlyMap)
{
    return sumMaps(explanation, onlyMap, false, [](const std::string& name) {
        return name.find("candidate->mention image") != std::string::npos;
    });
}

namespace {

bool inside(double x, double y, const core::BoundingBox& b, double tolerance)
{
    return x >= b.x - tolerance && x <= b.x + b.w + tolerance && y >= b.y - tolerance && y <= b.y + b.h + tolerance;
}

} // namespace

PointingOutcome pointingGame(const MentionAttention& attention, double imageWidth, double imageHeight,
                             const core::BoundingBox& box, double tolerance)
{
    PointingOutcome out;
    if (attention.values.empty() || attention.gridRows <= 0 || attention.gridCols <= 0)
        return out;
    const auto best = std::max_element(attention.values.begin(), attention.values.end());  // first maximum
    const auto cell = static_cast<int>(best - attention.values.begin());
    out.row = cell / attention.gridCols;
    out.col = cell % attention.gridCols;
    out.x = (out.col + 0.5) * imageWidth / attention.gridCols;
    out.y = (out.row + 0.5) * imageHeight / attention.gridRows;
    out.hit = inside(out.x, out.y, box, tolerance);
    return out;
}

double randomCellHitRate(int gridRows, int gridCols, double imageWidth, double imageHeight,
                         const core::BoundingBox& box, double tolerance)
{
    if (gridRows <= 0 || gridCols <= 0)
        return 0;
    int hits = 0;
    for (int r = 0; r < gridRows; ++r)
        for (int c = 0; c < gridCols; ++c)
            hits += inside((c + 0.5) * imageWidth / gridCols, (r + 0.5) * imageHeight / gridRows, box, tolerance);
    return static_cast<double>(hits) / (gridRows * gridCols);
}

} // namespace mel::models
