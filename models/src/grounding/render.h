// OpenCV drawing of the grounding benchmark: shapes with colour + fill pattern, cluttered backgrounds, scenes.
#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "mel/models/grounding.h"

namespace mel::models::grounding {

inline constexpr int kColourCount = 8;
inline constexpr int kPatternCount = 4;

const char* shapeName(int shape);      // "circle", "square", ...
const char* colourName(int colour);    // "red", ...
const char* patternWord(int pattern);  // "plain", "striped", "dotted", "checked"

// The filled shape in a size x size mask (255 inside).
cv::Mat shapeMask(int shape, int size);
// The tight box of the shape's pixels inside its size x size square (square coordinates).
cv::Rect shapeBox(int shape, int size);

// Draws an entity's look into the square (x, y, size) of the BGR canvas: the shape filled with its colour and
// pattern, outlined in dark grey on the shape's own border pixels (nothing outside the shape's mask changes).
void drawObject(cv::Mat& canvas, const GroundingEntity& look, int x, int y, int size);

// A cluttered size x size background: tinted grey gradient, desaturated lines/arcs/blobs, Gaussian noise.
cv::Mat renderBackground(int size, std::uint64_t seed);

// A sample's scene: its background with every object drawn. withObjects = false gives the background alone.
cv::Mat renderScene(const GroundingDataset& dataset, std::size_t sample, bool withObjects = true);
// An entity's reference image: the object alone, centred on a plain grey background.
cv::Mat renderReference(const GroundingDataset& dataset, std::size_t entity);

} // namespace mel::models::grounding
