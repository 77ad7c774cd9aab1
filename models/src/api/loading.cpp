// loadLinker / inspectCheckpoint: the torch-free entry points for the GUI and the CLI.
#include "mel/models/linkers.h"

#include <filesystem>
#include <system_error>
#include <tuple>

#include "linkers/featurebytes.h"
#include "linkers/gemel/gemelcheckpoint.h"
#include "mel/core/io/sha1.h"
#include "linkers/torchlinker.h"
#include "nn/autocast.h"
#include "train/checkpoint.h"

namespace mel::models {

CheckpointInfo inspectCheckpoint(const std::string& checkpointPath)
{
    return readCheckpointInfo(checkpointPath);
}

std::unique_ptr<core::Linker> loadLinker(const std::string& checkpointPath, const LoadOptions& options)
{
    const auto device = parseDevice(options.device);
    const Precision precision = parsePrecision(options.precision);  // errors before any file is read
    checkPrecision(precision, device);
    if (readCheckpointInfo(checkpointPath).linker == "gemel")  // generative: its own model and linker
    {
        try
        {
            auto linker = gemel::loadGemelLinker(checkpointPath, device, options.threads);
            linker->setPrecision(precision);
            return linker;
        }
        catch (...)  // its tables' parsers name no file; LibTorch throws c10::Error
        {
            rethrowAsCheckpointError(checkpointPath, "cannot load the GEMEL checkpoint");
        }
    }
    // The file hashed before its weights are read, and looked at (size, time) again after: when a training run replaced
    // it in between, the key could name other weights than the loaded ones, so this linker then stores no features.
    const auto state = [&checkpointPath] {
        std::error_code sizeError, timeError;
        const auto size = std::filesystem::file_size(checkpointPath, sizeError);
        const auto time = std::filesystem::last_write_time(checkpointPath, timeError);
        return std::tuple(size, time, sizeError || timeError);  // a failed look never matches a good one
    };
    const auto before = state();
    const auto hash = core::sha1File(checkpointPath);
    auto loaded = loadCheckpoint(checkpointPath, device);
    auto linker = std::make_unique<TorchLinker>(loaded.model, device, options.threads, precision);
    if (options.pairBudget > 0)
        linker->setPairBudget(options.pairBudget);
    // Everything the encoded entity rows depend on: the weights (and any TorchScript encoder, both inside the
    // file), where they ran, the precision, the byte layout.
    if (state() == before)
        linker->setEntityFeatureKey(loaded.info.linker + "/" + hash + "/" +
                                    torch::DeviceTypeName(device.type(), true) + "/" + options.precision + "/" +
                                    kEntityRowFormat);
    return linker;
}

bool cachesEntityFeatures(const std::string& linker)
{
    return linker == "ghmf" || linker == "mimic" || linker == "dwe";  // the TorchLinker family
}

} // namespace mel::models
