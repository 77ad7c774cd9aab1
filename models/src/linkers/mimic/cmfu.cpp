// CMFU, Eq. 15-19 of MIMIC. A row without an image attends to its single valid entry, the no-image token.
#include "linkers/mimic/cmfu.h"

namespace mel::models {

CmfuImpl::CmfuImpl(int textDim, int hidden)
{
    text = register_module("text", torch::nn::Linear(textDim, hidden));
    image = register_module("image", torch::nn::Linear(hidden, hidden));
    gate = register_module("gate", torch::nn::Linear(hidden, 1));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
}

CmfuOutput CmfuImpl::forward(const torch::Tensor& textGlobal, const torch::Tensor& patches,
                             const torch::Tensor& patchMask)
{
    auto h = text(textGlobal);                                          // [N,h]
    auto Hv = image(patches);                                           // [N,P,h]
    auto scores = torch::matmul(Hv, h.unsqueeze(-1)).squeeze(-1);       // [N,P]
    auto alpha = torch::softmax(scores.masked_fill(patchMask.logical_not(), -1e9), -1);
    auto context = torch::matmul(alpha.unsqueeze(1), Hv).squeeze(1);    // [N,h]
    auto g = torch::tanh(gate(h));                                      // [N,1]
    return {norm(g * h + context), g.squeeze(-1), alpha};
}

} // namespace mel::models
