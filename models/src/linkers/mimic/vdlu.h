// MIMIC's vision-based dual unit (VDLU): two DUAL modules, entity->mention and mention->entity.
#pragma once

#include <string>

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
    torch::Tensor e2mAttention;      // [B,K,P] the candidate's attention over the mention's patches (attention mode)
};

struct VdluImpl : torch::nn::Module
{
    // attention = false: the release (the mention's patches mean-pooled for E2M). true: E2M pools the mention's
    // patches with a softmax attention queried by the candidate's image global (MimicConfig::vdluAttention), and
    // the log-sum-exp of the attention logits (how strongly the candidate finds itself in the mention image) is
    // added to S_E2M; only then are the query/key layers created, so checkpoints without it keep their parameter
    // set.
    explicit VdluImpl(int hidden, bool attention = false);
    // The attention's query from the candidate's "image" global, its "text" global (width textDim) or "both"
    // (MimicConfig::vdluQuery), and the match score as "lse" or "max" over the patch logits (vdluMatch). Only a
    // text query creates its own layer (text_query), so image-query checkpoints keep their parameter set.
    // smooth > 0 (MimicConfig::vdluSmooth): the patch logits are averaged over a (2 smooth + 1)^2 window of the
    // mention's grid (valid patches only) before the softmax and the match (no parameters).
    VdluImpl(int hidden, bool attention, int textDim, std::string query, std::string match, int smooth = 0);
    // entityText [E,textDim]: the candidates' text globals, read only by a text query (may be undefined otherwise).
    // gridRows x gridCols: the mention patches' grid, read by smoothing when it matches their count.
    VdluOutput forward(const torch::Tensor& mentionGlobal, const torch::Tensor& mentionPatches,
                       const torch::Tensor& mentionMask, const torch::Tensor& entityGlobal,
                       const torch::Tensor& entityPatches, const torch::Tensor& entityMask,
                       const torch::Tensor& columns,  // [B,K] entity rows per mention
                       const torch::Tensor& entityText = {}, int gridRows = 0, int gridCols = 0);

    Dual entityToMention{nullptr}, mentionToEntity{nullptr};
    torch::nn::Linear query{nullptr}, key{nullptr};  // attention mode only (query: an image-global query)
    torch::nn::Linear textQuery{nullptr};            // a text-global query only
    std::string queryFrom = "image";
    std::string matchMode = "lse";
    int smooth = 0;
};
TORCH_MODULE(Vdlu);

} // namespace mel::models
