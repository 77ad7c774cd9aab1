// Regions of a sample's image (e.g. detected faces) that the GUI draws and an annotator can link a mention to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mel/core/store/store.h"
#include "mel/core/store/types.h"

namespace mel::core {

struct ImageRegion
{
    RowId id = 0;
    RowId sampleId = 0;
    std::string kind;      // what the region is, e.g. "face"
    BoundingBox box;       // pixels in the sample image (x, y = top-left corner)
    double score = 0;      // the detector's confidence when it gives one, else 0
    std::string source;    // who made it, e.g. "opencv:haarcascade_frontalface_alt2"
};

// The sample's regions in insertion order; `kind` "" means every kind.
std::vector<ImageRegion> imageRegions(Store& store, RowId sampleId, std::string_view kind = {});

// Replaces the sample's regions of `kind` by `regions` (their id, sampleId and kind fields are ignored) in one
// transaction (or the caller's), so a re-run of a detector never duplicates boxes. Returns the new row ids.
// Throws Error(NotFound) for an unknown sample, Error(Invalid) for an empty kind or a box with w or h <= 0.
std::vector<RowId> replaceImageRegions(Store& store, RowId sampleId, std::string_view kind,
                                       const std::vector<ImageRegion>& regions);

} // namespace mel::core
