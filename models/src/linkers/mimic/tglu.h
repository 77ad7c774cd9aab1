// MIMIC's text-based global-local unit (TGLU): entity tokens attend over mention tokens.
#pragma once

#include <torch/torch.h>

namespace mel::models {

struct TgluOutput
{
    torch::Tensor g2g;    // [B,K] <mention global, entity global>
    torch::Tensor g2l;    // [B,K] <Wc(entity global), LN(mean over entity positions of attention * V)>
    torch::Tensor score;  // [B,K] (g2g + g2l) / 2
};

struct TgluImpl : torch::nn::Module
{
    TgluImpl(int textDim, int hidden);
    // Mention b against entity rows columns[b] ([B,K] int64): tokens [B,Lm,dt] / [E,Le,dt] with masks, globals
    // [B,dt] / [E,dt]; outputs [B,K]. Only the listed pairs are computed (no B x E attention tensor). The mean over
    // entity positions is taken before multiplying by V (same value, far less memory).
    TgluOutput forward(const torch::Tensor& mentionTokens, const torch::Tensor& mentionMask,
                       const torch::Tensor& mentionGlobal, const torch::Tensor& entityTokens,
                       const torch::Tensor& entityMask, const torch::Tensor& entityGlobal,
                       const torch::Tensor& columns);
    // The attention of one pair: [Le,Lm], softmax over the mention tokens (rows = entity tokens).
    torch::Tensor attention(const torch::Tensor& mentionTokens, const torch::Tensor& mentionMask,
                            const torch::Tensor& entityTokens);

    int hidden;
    torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, c{nullptr};
    torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Tglu);

} // namespace mel::models
