// Checks that make a checkpoint safe to build a model from: a config within sane sizes (a foreign or damaged
// file must not ask for terabytes) and weights whose shapes and types are the ones the config implies.
#pragma once

#include <map>
#include <string>

#include <torch/torch.h>

#include "mel/models/config.h"
#include "text/vocabulary.h"

namespace mel::models {

// Throws core::Error(Invalid) {path, "config", <field>} when a value is out of range or inconsistent with the
// vocabulary (bucket count, n-gram lengths) or the parameter budget of a model this program would ever train.
void checkLoadableConfig(const ModelConfig& config, const Vocabulary& vocabulary, bool scriptedText,
                         const std::string& path);

// Before LibTorch opens a checkpoint: its zip directory must be sane (every entry fits in the file, so no forged
// size makes the reader allocate gigabytes) and its TorchScript class files must hold only the attribute
// declarations torch::serialize::OutputArchive writes. LibTorch 1.13's TorchScript importer crashes (SEGV) on
// some malformed class bodies instead of throwing, so such code must never reach it. Throws core::Error(Invalid).
void checkArchiveBeforeLoad(const std::string& path);

// The same for a TorchScript module's bytes (a user's encoder or decoder): real code is allowed, but every
// class-level assignment must be one the importer handles (its lists or a typed Final constant).
void checkScriptBeforeLoad(const std::string& bytes);

// Shape and dtype of every parameter and buffer, by qualified name.
struct TensorSpec
{
    std::vector<std::int64_t> sizes;
    c10::ScalarType dtype = c10::ScalarType::Float;
};
std::map<std::string, TensorSpec> tensorSpecs(const torch::nn::Module& module);

// After loading weights: every tensor still has the shape and dtype it was built with, and holds finite values.
// Throws core::Error(Invalid) {path, "weights", <name>} otherwise.
void checkLoadedWeights(const torch::nn::Module& module, const std::map<std::string, TensorSpec>& expected,
                        const std::string& path);

} // namespace mel::models
