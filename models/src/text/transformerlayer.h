// One pre-LayerNorm transformer encoder layer (self-attention + feed-forward) of the from-scratch text encoder.
#pragma once

#include <torch/torch.h>

#include "nn/attention.h"

namespace mel::models {

struct TransformerLayerImpl : torch::nn::Module
{
    TransformerLayerImpl(int dim, int heads, int ffn, double dropout);

    // x [B,L,d], mask [B,L] bool (true = token). Returns [B,L,d].
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);

    MultiHeadAttention attention{nullptr};
    torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
    torch::nn::Linear ff1{nullptr}, ff2{nullptr};
    torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(TransformerLayer);

} // namespace mel::models
