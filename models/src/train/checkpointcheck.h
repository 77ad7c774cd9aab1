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
