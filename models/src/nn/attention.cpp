// Multi-head attention with inspectable probabilities.
#include "nn/attention.h"

#include <cmath>

namespace mel::models {

MultiHeadAttentionImpl::MultiHeadAttentionImpl(int dim, int heads_, double dropoutP) : heads(heads_)
{
    TORCH_CHECK(heads > 0 && dim % heads == 0, "attention width ", dim, " is not divisible by ", heads, " heads");
    q = register_module("q", torch::nn::Linear(dim, dim));
    k = register_module("k", torch::nn::Linear(dim, dim));
    v = register_module("v", torch::nn::Linear(dim, dim));
    out = register_module("out", torch::nn::Linear(dim, dim));
    dropout = register_module("dropout", torch::nn::Dropout(dropoutP));
}

torch::Tensor maskScores(const torch::Tensor& scores, const torch::Tensor& keyMask)
{
    if (!keyMask.defined())
        return scores;
    // -1e9 rather than -inf: a fully masked row stays finite (uniform) instead of NaN.
    const auto m = keyMask.unsqueeze(1).unsqueeze(1);
    return scores.masked_fill(m.logical_not(), -1e9);
}

AttentionOutput MultiHeadAttentionImpl::forward(const torch::Tensor& query, const torch::Tensor& key,
                                                const torch::Tensor& value, const torch::Tensor& keyMask)
{
    const auto B = query.size(0), Lq = query.size(1), Lk = key.size(1), d = query.size(2);
    const auto dk = d / heads;
    auto qh = q(query).view({B, Lq, heads, dk}).transpose(1, 2);
    auto kh = k(key).view({B, Lk, heads, dk}).transpose(1, 2);
    auto vh = v(value).view({B, Lk, heads, dk}).transpose(1, 2);
    auto scores = torch::matmul(qh, kh.transpose(-1, -2)) / std::sqrt(static_cast<double>(dk));
    auto probs = torch::softmax(maskScores(scores, keyMask), -1);
    auto context = torch::matmul(dropout(probs), vh).transpose(1, 2).reshape({B, Lq, d});
    return {out(context), probs};
}

} // namespace mel::models
