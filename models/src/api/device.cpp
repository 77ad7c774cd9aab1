// Device resolution: a GPU preference falls back to the CPU when no CUDA device is present.
#include "mel/models/device.h"

#include <torch/cuda.h>

namespace mel::models {

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string resolveDevice(const std::string& preferred)
{
    if (preferred == "auto")  // the default: CUDA when this LibTorch sees a device
        return cudaAvailable() ? std::string("cuda") : std::string("cpu");
    const bool wantsGpu = preferred == "gpu" || preferred == "cuda" || preferred.rfind("cuda:", 0) == 0;
    if (!wantsGpu || !cudaAvailable())
        return "cpu";
    return preferred == "gpu" ? std::string("cuda") : preferred;
}

} // namespace mel::models
