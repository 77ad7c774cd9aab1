// DWE's cross-modal enhancer: one modality's sequence attends over the other's, then Add&Norm, FFN, Add&Norm.
#pragma once

#include <torch/torch.h>

#include "nn/attention.h"

namespace mel::models {

struct EnhancerOutput
{
    torch::Tensor output;  // [B,Lx,h]
    torch::Tensor probs;   // [B,heads,Lx,Ly]
};

class CrossEnhancerImpl : public torch::nn::Module
{
public:
    CrossEnhancerImpl(int dim, int heads, double dropout);
    // x [B,Lx,h] attends over y [B,Ly,h] (yMask [B,Ly] bool). rowGate [B] float (or undefined = 1) scales the
    // attended update per row, so a row without the other modality keeps x (up to the norms and the FFN).
    EnhancerOutput forward(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& yMask,
                           const torch::Tensor& rowGate = {});

private:
    MultiHeadAttention m_attention{nullptr};
    torch::nn::LayerNorm m_norm1{nullptr}, m_norm2{nullptr};
    torch::nn::Sequential m_ffn{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(CrossEnhancer);

} // namespace mel::models
