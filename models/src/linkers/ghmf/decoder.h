// GHMFC's Annotated-Transformer decoder stack, wired exactly as the released code (mimic-ghmfc-detail.md B2.1).
#pragma once

#include <vector>

#include <torch/torch.h>

#include "nn/attention.h"

namespace mel::models {

// a * (x - mean) / (std + eps) + b with the unbiased std, as GHMFC's own LayerNorm.
struct GhmfLayerNormImpl : torch::nn::Module
{
    explicit GhmfLayerNormImpl(int dim, double eps = 1e-6);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor a, b;
    double eps;
};
TORCH_MODULE(GhmfLayerNorm);

struct GhmfDecoderLayerOutput
{
    torch::Tensor output;     // [B,Lq,d]
    torch::Tensor selfProbs;  // [B,heads,Lq,Lq]
    torch::Tensor crossProbs; // [B,heads,Lq,Lk]
};

// q1 = x + Drop(Self(x)); q2 = x + Drop(Cross(q1, y)) (residual onto x); out = q2 + Drop(FFN(LN(q2))).
struct GhmfDecoderLayerImpl : torch::nn::Module
{
    GhmfDecoderLayerImpl(int dim, int heads, int ffn, double dropout);
    GhmfDecoderLayerOutput forward(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& selfMask,
                                   const torch::Tensor& crossMask);

    MultiHeadAttention selfAttention{nullptr}, crossAttention{nullptr};
    torch::nn::Linear ff1{nullptr}, ff2{nullptr};
    GhmfLayerNorm norm{nullptr};
    torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(GhmfDecoderLayer);

struct GhmfDecoderOutput
{
    torch::Tensor output;                   // [B,Lq,d] after the final LayerNorm
    std::vector<torch::Tensor> crossProbs;  // per layer [B,heads,Lq,Lk]
    std::vector<torch::Tensor> selfProbs;   // per layer [B,heads,Lq,Lq]
};

// N independent layers, then a final LayerNorm.
struct GhmfDecoderImpl : torch::nn::Module
{
    GhmfDecoderImpl(int layers, int dim, int heads, int ffn, double dropout);
    GhmfDecoderOutput forward(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& selfMask,
                              const torch::Tensor& crossMask);

    torch::nn::ModuleList layers{nullptr};
    GhmfLayerNorm norm{nullptr};
};
TORCH_MODULE(GhmfDecoder);

} // namespace mel::models
