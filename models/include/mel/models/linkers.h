// Loading trained linkers from checkpoints. No torch in this header.
#pragma once

#include <memory>
#include <string>

#include "mel/core/linker/linker.h"
#include "mel/models/config.h"

namespace mel::models {

struct LoadOptions
{
    std::string device = "cpu";   // "cpu", "cuda" or "cuda:N"
    int threads = 0;              // intra-op threads; 0 = std::thread::hardware_concurrency()
};

// What a checkpoint holds besides the weights.
struct CheckpointInfo
{
    std::string format;           // "melstudio-linker/1"
    std::string linker;           // "ghmf" | "mimic"
    ModelConfig config;
    std::string metaJson;         // training details: dataset, seed, best epoch, dev metrics, ...
    int vocabularySize = 0;
};

// Reads the header of a checkpoint written by trainOnData / saveLinker. Throws core::Error(Io) when the file
// cannot be read and core::Error(Invalid) when it is not a MELStudio linker checkpoint.
CheckpointInfo inspectCheckpoint(const std::string& checkpointPath);

// Loads a GHMF or MIMIC linker. The result implements core::Linker: rank() scores each mention's candidates
// (batched, no gradient, on the calling thread), caches entity features by QID, and fills the Explanation
// (attention maps text->image / image->text per level and layer with gridRows x gridCols, gates, unit scores)
// when asked. Same checkpoint + same inputs -> identical scores. Errors as for inspectCheckpoint.
std::unique_ptr<core::Linker> loadLinker(const std::string& checkpointPath, const LoadOptions& options = {});

} // namespace mel::models
