// Loading trained linkers from checkpoints. No torch in this header.
#pragma once

#include <memory>
#include <string>

#include "mel/core/linker/linker.h"
#include "mel/models/config.h"

namespace mel::models {

struct LoadOptions
{
    std::string device = "auto";  // "auto" (CUDA when this LibTorch has a device, else the CPU), "cpu", "cuda", "cuda:N"
    int threads = 0;              // intra-op threads; 0 = std::thread::hardware_concurrency()
    std::string precision = "fp32";  // "fp32" or "bf16" (CUDA autocast while ranking; needs a CUDA device)
    // GHMF, MIMIC, DWE: (mention, candidate) pairs scored in one pass when no explanation is asked; 0 = the device's
    // default (2,048 pairs on the CPU, 4,096 on CUDA).
    int pairBudget = 0;
};

// What a checkpoint holds besides the weights.
struct CheckpointInfo
{
    std::string format;           // "melstudio-linker/1"
    std::string linker;           // "ghmf" | "mimic" | "dwe" | "gemel"
    ModelConfig config;
    std::string metaJson;         // training details: dataset, seed, best epoch, dev metrics, ...
    int vocabularySize = 0;
};

// Reads the header of a checkpoint written by trainOnData / saveLinker. Throws core::Error(Io) when the file
// cannot be read and core::Error(Invalid) when it is not a MELStudio linker checkpoint.
CheckpointInfo inspectCheckpoint(const std::string& checkpointPath);

// Loads a GHMF, MIMIC, DWE or GEMEL-style linker. The result implements core::Linker: rank() scores each mention's candidates
// (batched, no gradient, on the calling thread), caches entity features by QID, and fills the Explanation
// (attention maps text->image / image->text per level and layer with gridRows x gridCols, gates, unit scores)
// when asked. Same checkpoint + same inputs -> identical scores. Errors as for inspectCheckpoint.
std::unique_ptr<core::Linker> loadLinker(const std::string& checkpointPath, const LoadOptions& options = {});

// Whether the linker kind (CheckpointInfo::linker) caches each entity's encoded features by QID, so that encoding
// the whole KB ahead of time (core::warmEntityFeatures) makes later rankings faster: GHMF, MIMIC and DWE do;
// GEMEL-style (which scores names by decoding) does not.
bool cachesEntityFeatures(const std::string& linker);

} // namespace mel::models
