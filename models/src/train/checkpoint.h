// Checkpoints: one file holding format, linker, config JSON, vocabulary, embedded TorchScript encoders and weights.
#pragma once

#include <memory>
#include <string>

#include <torch/torch.h>

#include "linkers/labelprior.h"
#include "linkers/linkermodel.h"
#include "mel/models/linkers.h"
#include "text/vocabulary.h"

namespace mel::models {

inline constexpr const char* kCheckpointFormat = "melstudio-linker/1";

// Everything needed to rebuild a model before its weights are loaded.
struct ModelParts
{
    ModelConfig config;
    Vocabulary vocabulary;        // from-scratch text encoder only
    std::string textScript;       // TorchScript file bytes, "" for the from-scratch encoder
    std::string imageScript;
    LabelPrior labelPrior;        // train-label counts behind the label pair features (empty in old checkpoints)
};

// Builds encoders + head from parts (weights freshly initialised from the current torch seed).
std::shared_ptr<LinkerModelImpl> buildModel(const ModelParts& parts);

// Writes `model` (any device) to `path` via a temporary sibling + rename. Throws core::Error(Io).
void saveCheckpoint(const std::string& path, LinkerModelImpl& model, const std::string& metaJson);

struct LoadedCheckpoint
{
    std::shared_ptr<LinkerModelImpl> model;  // on `device`, eval mode
    CheckpointInfo info;
};

// Throws core::Error(Io) when unreadable, core::Error(Invalid) when not a MELStudio linker checkpoint or when
// its weights do not match its config.
LoadedCheckpoint loadCheckpoint(const std::string& path, const torch::Device& device);
CheckpointInfo readCheckpointInfo(const std::string& path);

// Call inside a catch block: rethrows the exception being handled as one core::Error {path} saying `what` and why
// (a c10::Error, std::bad_alloc or other std::exception from a damaged or foreign file, or a core::Error of a
// parser that named no file or another one), so nothing from LibTorch escapes a loader.
[[noreturn]] void rethrowAsCheckpointError(const std::string& path, const std::string& what);

// "cpu", "cuda", "cuda:1" -> device; throws core::Error(Invalid) for an unknown or unavailable one.
torch::Device parseDevice(const std::string& text);

} // namespace mel::models
