// Scaled dot-product multi-head attention that also returns its probabilities (drawn by the Explain panel).
#pragma once

#include <torch/torch.h>

namespace mel::models {

struct AttentionOutput
{
    torch::Tensor output;  // [B,Lq,d]
    torch::Tensor probs;   // [B,heads,Lq,Lk]; each row sums to 1 over the valid keys
};

struct MultiHeadAttentionImpl : torch::nn::Module
{
    MultiHeadAttentionImpl(int dim, int heads, double dropout);

    // keyMask [B,Lk] bool (true = attend) or undefined for all keys. A query whose keys are all masked gets
    // uniform probabilities over them (never NaN); callers mask such rows out themselves.
    AttentionOutput forward(const torch::Tensor& query, const torch::Tensor& key, const torch::Tensor& value,
                            const torch::Tensor& keyMask = {});

    int heads;
    torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, out{nullptr};
    torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(MultiHeadAttention);

// Adds a large negative number where mask is false ([B,Lk] -> broadcast over heads and queries).
torch::Tensor maskScores(const torch::Tensor& scores, const torch::Tensor& keyMask);

} // namespace mel::models
