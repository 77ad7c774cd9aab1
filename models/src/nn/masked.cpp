// Masked pooling helpers.
#include "nn/masked.h"

namespace mel::models {

torch::Tensor maskedMax(const torch::Tensor& x, const torch::Tensor& mask)
{
    return x.masked_fill(mask.logical_not().unsqueeze(-1), -1e9).amax(1);
}

torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& mask)
{
    auto m = mask.unsqueeze(-1).to(x.dtype());
    return (x * m).sum(1) / m.sum(1).clamp_min(1.0);
}

} // namespace mel::models
