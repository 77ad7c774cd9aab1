// GHMFC co-attention: text-guided visual features, then visual-guided textual features, each max-pooled.
#pragma once

#include <vector>

#include <torch/torch.h>

#include "linkers/ghmf/decoder.h"
#include "nn/masked.h"

namespace mel::models {

struct CoAttentionOutput
{
    torch::Tensor text;   // [B,d]: max over the valid text positions of the visual-guided text features
    torch::Tensor image;  // [B,d]: max over the valid patches of the text-guided visual features
    torch::Tensor imagePatches;  // [B,P,d]: the text-guided visual features themselves (before the max)
    std::vector<torch::Tensor> imageToText;  // per layer [B,heads,P,Lt] (image queries over text keys)
    std::vector<torch::Tensor> textToImage;  // per layer [B,heads,Lt,P]
};

struct CoAttentionImpl : torch::nn::Module
{
    CoAttentionImpl(int layers, int dim, int heads, int ffn, double dropout);
    // text [B,Lt,d] + textMask [B,Lt]; image [B,P,d] + patchMask [B,P]. Unlike the release, the masks also apply
    // to image self-attention and to the max-pools, so padding and absent images never leak into the result.
    CoAttentionOutput forward(const torch::Tensor& text, const torch::Tensor& textMask, const torch::Tensor& image,
                              const torch::Tensor& patchMask);

    GhmfDecoder imageDecoder{nullptr}, textDecoder{nullptr};
};
TORCH_MODULE(CoAttention);

} // namespace mel::models
