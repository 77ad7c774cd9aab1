// Heatmap maths and colouring (Qt only: the ui layer does not link OpenCV).
#include "explain/heatmap.h"

#include <algorithm>

namespace mel::ui {

bool hasPatchGrid(const core::AttentionMap& map)
{
    const int patches = map.gridRows * map.gridCols;
    return patches > 0 && (map.cols == patches || map.rows == patches) &&
           map.values.size() == static_cast<std::size_t>(map.rows) * static_cast<std::size_t>(map.cols);
}

std::vector<float> patchHeat(const core::AttentionMap& map, int tokenRow)
{
    if (!hasPatchGrid(map))
        return {};
    const int patches = map.gridRows * map.gridCols;
    std::vector<float> heat(static_cast<std::size_t>(patches), 0.f);
    auto at = [&](int r, int c) { return map.values[static_cast<std::size_t>(r) * map.cols + c]; };
    if (map.cols == patches) {
        const bool one = tokenRow >= 0 && tokenRow < map.rows;
        for (int r = one ? tokenRow : 0; r < (one ? tokenRow + 1 : map.rows); ++r)
            for (int c = 0; c < patches; ++c)
                heat[static_cast<std::size_t>(c)] += at(r, c);
    } else {
        for (int r = 0; r < patches; ++r)
            for (int c = 0; c < map.cols; ++c)
                heat[static_cast<std::size_t>(r)] += at(r, c);
    }
    const float hi = *std::max_element(heat.begin(), heat.end());
    const float lo = std::min(0.f, *std::min_element(heat.begin(), heat.end()));
    for (float& v : heat)
        v = hi > lo ? (v - lo) / (hi - lo) : 0.f;
    return heat;
}

QColor heatColor(float t)
{
    t = std::clamp(t, 0.f, 1.f);
    // Piecewise-linear jet: blue -> cyan -> green -> yellow -> red.
    struct Stop
    {
        float at;
        int r, g, b;
    };
    static constexpr Stop stops[] = {{0.f, 0, 0, 180}, {0.25f, 0, 160, 255}, {0.5f, 40, 220, 60},
                                     {0.75f, 255, 220, 0}, {1.f, 230, 20, 20}};
    for (std::size_t i = 1; i < std::size(stops); ++i)
        if (t <= stops[i].at) {
            const Stop& a = stops[i - 1];
            const Stop& b = stops[i];
            const float f = (t - a.at) / (b.at - a.at);
            return QColor(static_cast<int>(a.r + f * (b.r - a.r)), static_cast<int>(a.g + f * (b.g - a.g)),
                          static_cast<int>(a.b + f * (b.b - a.b)));
        }
    return QColor(230, 20, 20);
}

QImage heatmapImage(const std::vector<float>& heat, int gridRows, int gridCols, QSize size)
{
    if (heat.empty() || gridRows <= 0 || gridCols <= 0 || heat.size() != static_cast<std::size_t>(gridRows * gridCols) ||
        size.isEmpty())
        return {};
    QImage grid(gridCols, gridRows, QImage::Format_ARGB32);
    for (int r = 0; r < gridRows; ++r)
        for (int c = 0; c < gridCols; ++c) {
            const float v = heat[static_cast<std::size_t>(r * gridCols + c)];
            QColor color = heatColor(v);
            color.setAlpha(static_cast<int>(60 + 195 * v));
            grid.setPixelColor(c, r, color);
        }
    return grid.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

} // namespace mel::ui
