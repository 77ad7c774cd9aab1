// Builds a linker by name for the CLI: "name" (WRatio baseline) or a trained checkpoint of the models layer.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "mel/core/linker/linker.h"

namespace mel::cli {

// Where a learned linker runs; ignored by the name baseline.
struct LinkerPlacement
{
    std::string device = "auto";  // "auto" (CUDA when available), "cpu", "cuda" or "cuda:N"
    int threads = 0;             // intra-op threads; 0 = every core
    std::string precision = "fp32";  // "fp32" or "bf16" (CUDA autocast; needs a CUDA device)
    int pairBudget = 0;              // pairs per scoring pass; 0 = the device's default
};

// The values --precision takes (models/src/nn/autocast.h): fp32, or bf16 = CUDA autocast to bfloat16.
const CLI::IsMember& precisionChoices();

// --device, --precision and --threads of a learned linker, for every command that ranks with one (link, eval,
// bench link).
void addPlacementOptions(CLI::App* cmd, LinkerPlacement& placement);

// The linker a command uses: `name` when given; otherwise the kind the checkpoint holds (--checkpoint F alone
// means its linker), or the name baseline without a checkpoint.
std::string linkerFor(const std::string& name, const std::string& checkpoint);

std::unique_ptr<core::Linker> makeLinker(const std::string& name, const std::string& checkpoint,
                                         const LinkerPlacement& placement = {});

} // namespace mel::cli
