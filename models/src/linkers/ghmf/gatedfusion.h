// GHMFC's gated fusion: levels summed, a 2-way text/image softmax gate, then the "filtration" layer.
#pragma once

#include <torch/torch.h>

namespace mel::models {

struct GatedFusionOutput
{
    torch::Tensor output;     // [B,d]: ReLU(Linear([S; F]))
    torch::Tensor textGate;   // [B]: g_t
    torch::Tensor imageGate;  // [B]: g_v (exactly 0 for rows without an image)
};

struct GatedFusionImpl : torch::nn::Module
{
    GatedFusionImpl(int dim, double dropout);
    // textLevels / imageLevels: the per-level pooled vectors [B,d] (word, phrase); present [B] bool.
    GatedFusionOutput forward(const std::vector<torch::Tensor>& textLevels,
                              const std::vector<torch::Tensor>& imageLevels, const torch::Tensor& present);

    torch::nn::LayerNorm textNorm{nullptr}, imageNorm{nullptr};
    torch::nn::Linear gate{nullptr}, filtration{nullptr};
    torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(GatedFusion);

} // namespace mel::models
