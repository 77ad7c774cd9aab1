// Heatmap maths and colouring (Qt only: the ui layer does not link OpenCV).
#include "explain/heatmap.h"

#include <algorithm>

#include <QCoreApplication>

namespace mel::ui {

namespace {

// "r3c4": the linkers' name for an image patch (row 3, column 4).
bool isPatchLabel(const std::string& label)
{
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < label.size() && label[i] >= '0' && label[i] <= '9')
            ++i;
        return i > from;
    };
    if (i >= label.size() || label[i++] != 'r' || !digits() || i >= label.size() || label[i++] != 'c' || !digits())
        return false;
    return i == label.size();
}

// Whether the patches are the columns (text->image) rather than the rows (image->text). The labels decide when they
// name patches: with as many tokens as patches (a 4x4 grid and a 16-token text) the sizes alone cannot.
bool patchesAreColumns(const core::AttentionMap& map)
{
    const int patches = map.gridRows * map.gridCols;
    if (map.cols == patches && !map.colLabels.empty() && isPatchLabel(map.colLabels.front()))
        return true;
    if (map.rows == patches && !map.rowLabels.empty() && isPatchLabel(map.rowLabels.front()))
        return false;
    return map.cols == patches;
}

} // namespace

bool hasPatchGrid(const core::AttentionMap& map)
{
    const int patches = map.gridRows * map.gridCols;
    return patches > 0 && (map.cols == patches || map.rows == patches) &&
           map.values.size() == static_cast<std::size_t>(map.rows) * static_cast<std::size_t>(map.cols);
}

bool overlaysSampleImage(const core::AttentionMap& map)
{
    // Candidate-side maps ("cmfu/entity text->image (top candidate)") have the patch grid of the candidate's image.
    return hasPatchGrid(map) && map.name.find("entity") == std::string::npos;
}

std::vector<float> patchHeat(const core::AttentionMap& map, int tokenRow)
{
    if (!hasPatchGrid(map))
        return {};
    const int patches = map.gridRows * map.gridCols;
    std::vector<float> heat(static_cast<std::size_t>(patches), 0.f);
    auto at = [&](int r, int c) { return map.values[static_cast<std::size_t>(r) * map.cols + c]; };
    if (patchesAreColumns(map)) {
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

namespace {

struct Stop
{
    float at;
    int r, g, b;
};

template <std::size_t N>
QColor interpolate(const Stop (&stops)[N], float t)
{
    for (std::size_t i = 1; i < N; ++i)
        if (t <= stops[i].at) {
            const Stop& a = stops[i - 1];
            const Stop& b = stops[i];
            const float f = (t - a.at) / (b.at - a.at);
            return QColor(static_cast<int>(a.r + f * (b.r - a.r)), static_cast<int>(a.g + f * (b.g - a.g)),
                          static_cast<int>(a.b + f * (b.b - a.b)));
        }
    return QColor(stops[N - 1].r, stops[N - 1].g, stops[N - 1].b);
}

// Piecewise-linear approximations (5 stops) of the matplotlib maps of the same name.
constexpr Stop kJet[] = {{0.f, 0, 0, 180}, {0.25f, 0, 160, 255}, {0.5f, 40, 220, 60}, {0.75f, 255, 220, 0},
                         {1.f, 230, 20, 20}};
constexpr Stop kViridis[] = {{0.f, 68, 1, 84}, {0.25f, 59, 82, 139}, {0.5f, 33, 145, 140}, {0.75f, 94, 201, 98},
                             {1.f, 253, 231, 37}};
constexpr Stop kInferno[] = {{0.f, 0, 0, 4}, {0.25f, 87, 16, 110}, {0.5f, 188, 55, 84}, {0.75f, 249, 142, 9},
                             {1.f, 252, 255, 164}};
constexpr Stop kGray[] = {{0.f, 0, 0, 0}, {1.f, 255, 255, 255}};

} // namespace

QString colormapId(Colormap map)
{
    switch (map) {
    case Colormap::Viridis: return QStringLiteral("viridis");
    case Colormap::Inferno: return QStringLiteral("inferno");
    case Colormap::Grayscale: return QStringLiteral("grayscale");
    case Colormap::Jet: break;
    }
    return QStringLiteral("jet");
}

Colormap colormapFromId(const QString& id)
{
    for (Colormap map : kColormaps)
        if (colormapId(map) == id)
            return map;
    return Colormap::Jet;
}

QString colormapDisplayName(Colormap map)
{
    switch (map) {
    case Colormap::Viridis: return QCoreApplication::translate("mel::ui::Colormap", "Viridis");
    case Colormap::Inferno: return QCoreApplication::translate("mel::ui::Colormap", "Inferno");
    case Colormap::Grayscale: return QCoreApplication::translate("mel::ui::Colormap", "Grayscale");
    case Colormap::Jet: break;
    }
    return QCoreApplication::translate("mel::ui::Colormap", "Jet (blue to red)");
}

QColor heatColor(float t, Colormap map)
{
    t = std::clamp(t, 0.f, 1.f);
    switch (map) {
    case Colormap::Viridis: return interpolate(kViridis, t);
    case Colormap::Inferno: return interpolate(kInferno, t);
    case Colormap::Grayscale: return interpolate(kGray, t);
    case Colormap::Jet: break;
    }
    return interpolate(kJet, t);
}

QImage heatmapImage(const std::vector<float>& heat, int gridRows, int gridCols, QSize size, Colormap map)
{
    if (heat.empty() || gridRows <= 0 || gridCols <= 0 || heat.size() != static_cast<std::size_t>(gridRows * gridCols) ||
        size.isEmpty())
        return {};
    QImage grid(gridCols, gridRows, QImage::Format_ARGB32);
    for (int r = 0; r < gridRows; ++r)
        for (int c = 0; c < gridCols; ++c) {
            const float v = heat[static_cast<std::size_t>(r * gridCols + c)];
            QColor color = heatColor(v, map);
            color.setAlpha(static_cast<int>(60 + 195 * v));
            grid.setPixelColor(c, r, color);
        }
    return grid.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

} // namespace mel::ui
