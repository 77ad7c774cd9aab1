// One cached entity row as bytes and back: the format of the entity features TorchLinker hands to the project.
#pragma once

#include <string>
#include <string_view>

#include <torch/torch.h>

#include "linkers/linkermodel.h"

namespace mel::models {

// Part of every stored-feature key: bump when the byte layout below changes.
inline constexpr const char* kEntityRowFormat = "melfeat1";

// A row as trimRow makes it (tensors with one leading row, token labels, patch grid). Tensors are copied to the
// CPU; dtypes float32, bfloat16, float16, bool and int64 are kept as they are.
std::string entityRowToBytes(const EncodedSide& row);
// Throws core::Error(Invalid) when `bytes` is not such a row (truncated, another format, an unknown field).
EncodedSide entityRowFromBytes(std::string_view bytes, const torch::Device& device);
// Whether a decoded row fits the rows a model makes (`reference`: one it encoded itself): the same fields, dtypes and
// shapes (sequence lengths aside, consistent among themselves), token labels or none. Well-formed bytes of another
// layout would otherwise make every ranking that meets the entity fail.
bool sameLayout(const EncodedSide& row, const EncodedSide& reference);

} // namespace mel::models
