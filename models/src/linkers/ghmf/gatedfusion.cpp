// The image logit is masked for rows without an image, so their fused vector is the text vector alone.
#include "linkers/ghmf/gatedfusion.h"

namespace mel::models {

GatedFusionImpl::GatedFusionImpl(int dim, double dropoutP)
{
    textNorm = register_module("text_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    imageNorm = register_module("image_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    gate = register_module("gate", torch::nn::Linear(dim, 1));
    filtration = register_module("filtration", torch::nn::Linear(2 * dim, dim));
    dropout = register_module("dropout", torch::nn::Dropout(dropoutP));
}

GatedFusionOutput GatedFusionImpl::forward(const std::vector<torch::Tensor>& textLevels,
                                           const std::vector<torch::Tensor>& imageLevels,
                                           const torch::Tensor& present)
{
    auto S = dropout(textNorm(torch::stack(textLevels).sum(0)));
    auto V = dropout(imageNorm(torch::stack(imageLevels).sum(0)));
    auto imageLogit = gate(V).masked_fill(present.logical_not().unsqueeze(1), -1e9);
    auto g = torch::softmax(torch::cat({gate(S), imageLogit}, 1), 1);  // [B,2]
    auto gt = g.select(1, 0), gv = g.select(1, 1);
    auto F = gt.unsqueeze(1) * S + gv.unsqueeze(1) * V;
    return {torch::relu(filtration(torch::cat({S, F}, 1))), gt, gv};
}

} // namespace mel::models
