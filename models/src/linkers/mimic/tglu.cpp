// TGLU, Eq. 8-10 of MIMIC, with padding masks (the original pads every text to 40 real CLIP tokens).
#include "linkers/mimic/tglu.h"

#include <cmath>

namespace mel::models {

TgluImpl::TgluImpl(int textDim, int hidden_) : hidden(hidden_)
{
    q = register_module("q", torch::nn::Linear(textDim, hidden));
    k = register_module("k", torch::nn::Linear(textDim, hidden));
    v = register_module("v", torch::nn::Linear(textDim, hidden));
    c = register_module("c", torch::nn::Linear(textDim, hidden));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
}

TgluOutput TgluImpl::forward(const torch::Tensor& mentionTokens, const torch::Tensor& mentionMask,
                             const torch::Tensor& mentionGlobal, const torch::Tensor& entityTokens,
                             const torch::Tensor& entityMask, const torch::Tensor& entityGlobal,
                             const torch::Tensor& columns)
{
    const auto B = columns.size(0), K = columns.size(1);
    const auto flat = columns.reshape({-1});
    auto pick = [&](const torch::Tensor& t) {  // entity rows [E,...] -> [B,K,...]
        auto shape = t.sizes().vec();
        shape[0] = K;
        shape.insert(shape.begin(), B);
        return t.index_select(0, flat).view(shape);
    };
    auto Q = pick(q(entityTokens));                                     // [B,K,Le,h]
    auto Km = k(mentionTokens);                                         // [B,Lm,h]
    auto V = v(mentionTokens);                                          // [B,Lm,h]
    auto scores = torch::matmul(Q, Km.transpose(1, 2).unsqueeze(1)) / std::sqrt(double(hidden));  // [B,K,Le,Lm]
    scores = scores.masked_fill(mentionMask.logical_not().view({B, 1, 1, mentionMask.size(1)}), -1e9);
    auto A = torch::softmax(scores, -1);
    auto w = pick(entityMask).to(A.dtype());                            // [B,K,Le]
    w = w / w.sum(-1, true).clamp_min(1.0);
    auto Abar = (A * w.unsqueeze(-1)).sum(2);                           // [B,K,Lm]
    auto H = norm(torch::matmul(Abar, V));                              // [B,K,h]
    auto g2l = (pick(c(entityGlobal)) * H).sum(-1);                     // [B,K]
    auto g2g = (mentionGlobal.unsqueeze(1) * pick(entityGlobal)).sum(-1);
    return {g2g, g2l, (g2g + g2l) / 2};
}

torch::Tensor TgluImpl::attention(const torch::Tensor& mentionTokens, const torch::Tensor& mentionMask,
                                  const torch::Tensor& entityTokens)
{
    auto Q = q->forward(entityTokens);                                  // [Le,h]
    auto K = k->forward(mentionTokens);                                 // [Lm,h]
    auto scores = torch::matmul(Q, K.t()) / std::sqrt(double(hidden));
    return torch::softmax(scores.masked_fill(mentionMask.logical_not().unsqueeze(0), -1e9), -1);
}

} // namespace mel::models
