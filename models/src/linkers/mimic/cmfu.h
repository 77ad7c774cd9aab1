// MIMIC's cross-modal fusion unit (CMFU): the text global attends over image patches, gated, per item.
#pragma once

#include <torch/torch.h>

namespace mel::models {

struct CmfuOutput
{
    torch::Tensor fused;      // [N,h] LN(gate * h + context)
    torch::Tensor gate;       // [N] tanh(Linear(h))
    torch::Tensor attention;  // [N,P] softmax over the valid patches (the heatmap)
};

struct CmfuImpl : torch::nn::Module
{
    CmfuImpl(int textDim, int hidden);
    // textGlobal [N,dt], patches [N,P,h], patchMask [N,P]. Unscaled dot-product attention, as in the release.
    CmfuOutput forward(const torch::Tensor& textGlobal, const torch::Tensor& patches, const torch::Tensor& patchMask);

    torch::nn::Linear text{nullptr}, image{nullptr}, gate{nullptr};
    torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Cmfu);

} // namespace mel::models
