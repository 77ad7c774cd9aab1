// Reading and writing the pieces of a checkpoint archive (LibTorch's zip) that every linker's checkpoint code
// shares (train/checkpoint.cpp and GEMEL's linkers/gemel/gemelcheckpoint.cpp): byte tensors for embedded files
// and string entries.
#pragma once

#include <string>

#include <torch/torch.h>

namespace mel::models {

// Bytes <-> 1-D uint8 tensor (how embedded TorchScript files travel inside the archive).
torch::Tensor bytesTensor(const std::string& bytes);
std::string tensorBytes(const torch::Tensor& tensor);

// The string stored at `key`. Throws core::Error(Invalid) "not a MELStudio <kind> checkpoint (no <key>)" naming
// `path` when it is missing or not a string (kind: "linker", "GEMEL").
std::string readString(torch::serialize::InputArchive& archive, const char* key, const std::string& path,
                       const std::string& kind = "linker");

// The 1-D uint8 tensor stored at `key` as bytes, "" when absent; throws core::Error(Invalid) {path, key} when the
// entry is anything else.
std::string readBytes(torch::serialize::InputArchive& archive, const char* key, const std::string& path);

// Writes `archive` to `path` through `path`.tmp and a rename, so an existing checkpoint is never truncated; whatever
// stops the write (a full disk, any exception) removes the partial temporary file. Throws core::Error(Io) naming
// `path`.
void saveArchive(torch::serialize::OutputArchive& archive, const std::string& path);

} // namespace mel::models
