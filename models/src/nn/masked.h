// Pooling over sequence positions that respects a validity mask.
#pragma once

#include <torch/torch.h>

namespace mel::models {

// Max over dim 1 of x [B,L,d] at positions where mask [B,L] is true.
torch::Tensor maskedMax(const torch::Tensor& x, const torch::Tensor& mask);
// Mean over dim 1 at positions where mask is true (zeros for a row with none).
torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& mask);

} // namespace mel::models
