// Turning an attention map into a heatmap over the sample image: patch weights and a colour-mapped overlay.
#pragma once

#include <vector>

#include <QColor>
#include <QImage>
#include <QSize>
#include <QString>

#include "mel/core/linker/linker.h"

namespace mel::ui {

// Whether the map has an image patch side (gridRows x gridCols equals its row or column count).
bool hasPatchGrid(const core::AttentionMap& map);
// Whether its patch grid is the sample's image, so it may be laid over it: not a candidate-side map (a name with
// "entity", whose grid is the candidate's own image), the same rule as models' grounding.
bool overlaysSampleImage(const core::AttentionMap& map);

// Attention mass per image patch, row-major over gridRows x gridCols, normalised to [0, 1] (max = 1). The patch
// side may be the columns (text->image: averaged over the token rows, or only row `tokenRow` when >= 0) or the
// rows (image->text: averaged over the columns); patch labels ("r0c0") decide when both sides have the grid's
// size. Empty when the map has no patch grid.
std::vector<float> patchHeat(const core::AttentionMap& map, int tokenRow = -1);

// The named gradients the heatmap overlay and the attention matrix can use (Edit > Preferences).
enum class Colormap
{
    Jet,        // blue -> cyan -> green -> yellow -> red (the default)
    Viridis,    // perceptually uniform, colour-blind friendly: purple -> teal -> yellow
    Inferno,    // black -> purple -> orange -> pale yellow
    Grayscale,  // black -> white
};
// Stable ids for settings ("jet", "viridis", "inferno", "grayscale"); unknown ids read as Jet.
QString colormapId(Colormap map);
Colormap colormapFromId(const QString& id);
QString colormapDisplayName(Colormap map);  // translated
inline constexpr Colormap kColormaps[] = {Colormap::Jet, Colormap::Viridis, Colormap::Inferno, Colormap::Grayscale};

// The colour of t in [0, 1] on `map` (jet: 0 = blue, 0.5 = green/yellow, 1 = red).
QColor heatColor(float t, Colormap map = Colormap::Jet);

// The heat grid scaled smoothly to `size`, coloured by heatColor, alpha growing with the value (cold patches stay
// see-through). Null image when heat is empty.
QImage heatmapImage(const std::vector<float>& heat, int gridRows, int gridCols, QSize size,
                    Colormap map = Colormap::Jet);

} // namespace mel::ui
