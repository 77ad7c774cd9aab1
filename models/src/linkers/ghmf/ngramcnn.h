// GHMFC's phrase level: 1-, 2- and 3-gram convolutions over the token features, max over the n-gram types.
#pragma once

#include <torch/torch.h>

namespace mel::models {

struct NgramCnnImpl : torch::nn::Module
{
    explicit NgramCnnImpl(int dim);
    // x [B,L,d], mask [B,L] -> [B,L,d]. Padding positions are zeroed before the convolutions.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);

    torch::nn::Conv1d uni{nullptr}, bi{nullptr}, tri{nullptr};
    torch::nn::LayerNorm uniNorm{nullptr}, biNorm{nullptr}, triNorm{nullptr};
};
TORCH_MODULE(NgramCnn);

} // namespace mel::models
