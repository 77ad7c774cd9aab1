// Loading user TorchScript encoders with errors that say what is wrong with the file.
#pragma once

#include <memory>
#include <string>

#include <torch/script.h>

namespace mel::models {

// The whole file, for embedding in checkpoints. Throws core::Error(Io) naming the path.
std::string readFileBytes(const std::string& path);

// Deserialises a TorchScript module from `bytes` (a file's contents) onto `device`, in eval mode. Throws
// core::Error(Invalid) "<origin>: not a TorchScript module (...)" for a corrupt or foreign file and
// "<origin>: TorchScript module has no forward() method" for a module that cannot encode anything.
std::shared_ptr<torch::jit::Module> loadScriptModule(const std::string& bytes, const std::string& origin,
                                                     const torch::Device& device);

// The first tensor of a forward() result (a tensor, or a tuple/list whose first element is one). Throws
// core::Error(Invalid) naming `origin` otherwise.
torch::Tensor firstTensor(const c10::IValue& value, const std::string& origin);

// First line of an exception text (LibTorch appends long backtraces).
std::string firstLine(const std::string& text);

} // namespace mel::models
