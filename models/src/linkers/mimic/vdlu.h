// MIMIC's vision-based dual unit (VDLU): two DUAL modules, entity->mention and mention->entity.
#pragma once

#include <torch/torch.h>

namespace mel::models {

struct DualOutput
{
    torch::Tensor score;  // [B,K]
    torch::Tensor gate;   // [B,K] tanh gate, in (-1, 1)
};

// DUAL(a_global, b_global, b_patches) of mimic-ghmfc-detail.md A2.2, over pairs: every argument is [B,K or 1,h]
// (broadcast), b's patches already mean-pooled over its valid positions.
struct DualImpl : torch::nn::Module
{
    explicit DualImpl(int hidden);
    DualOutput forward(const torch::Tensor& aGlobal, const torch::Tensor& bGlobal, const torch::Tensor& bPooled);

    torch::nn::Linear cls{nullptr}, tok{nullptr}, fc{nullptr}, gate{nullptr};
    torch::nn::LayerNorm addNorm{nullptr}, outNorm{nullptr};
};
TORCH_MODULE(Dual);

struct VdluOutput
{
    torch::Tensor score;    // [B,K] (S_E2M + S_M2E) / 2
    torch::Tensor e2m, m2e; // [B,K]
    torch::Tensor gateE2M, gateM2E;  // [B,K]
};

struct VdluImpl : torch::nn::Module
{
    explicit VdluImpl(int hidden);
    VdluOutput forward(const torch::Tensor& mentionGlobal, const torch::Tensor& mentionPatches,
                       const torch::Tensor& mentionMask, const torch::Tensor& entityGlobal,
                       const torch::Tensor& entityPatches, const torch::Tensor& entityMask,
                       const torch::Tensor& columns);  // [B,K] entity rows per mention

    Dual entityToMention{nullptr}, mentionToEntity{nullptr};
};
TORCH_MODULE(Vdlu);

} // namespace mel::models
