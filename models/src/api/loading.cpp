// loadLinker / inspectCheckpoint: the torch-free entry points for the GUI and the CLI.
#include "mel/models/linkers.h"

#include "linkers/gemel/gemelcheckpoint.h"
#include "linkers/torchlinker.h"
#include "train/checkpoint.h"

namespace mel::models {

CheckpointInfo inspectCheckpoint(const std::string& checkpointPath)
{
    return readCheckpointInfo(checkpointPath);
}

std::unique_ptr<core::Linker> loadLinker(const std::string& checkpointPath, const LoadOptions& options)
{
    const auto device = parseDevice(options.device);
    if (readCheckpointInfo(checkpointPath).linker == "gemel")  // generative: its own model and linker
        return gemel::loadGemelLinker(checkpointPath, device, options.threads);
    auto loaded = loadCheckpoint(checkpointPath, device);
    return std::make_unique<TorchLinker>(loaded.model, device, options.threads);
}

} // namespace mel::models
