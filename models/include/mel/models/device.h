// Where learned linkers run: the GUI's CPU/GPU preference resolved against what this LibTorch can use.
// No torch in this header.
#pragma once

#include <string>

namespace mel::models {

// Whether this LibTorch build sees at least one CUDA device.
bool cudaAvailable();

// The device to use for `preferred` ("auto", "cpu", "gpu", "cuda" or "cuda:N"): "auto" (every default) and a GPU
// choice become "cuda" / "cuda:N" when CUDA is available and "cpu" otherwise; "" and anything else is "cpu".
std::string resolveDevice(const std::string& preferred);

} // namespace mel::models
