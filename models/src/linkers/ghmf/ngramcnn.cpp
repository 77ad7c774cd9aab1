// Bigram: kernel 2, padding 1, keep the first L outputs (position i covers tokens i-1, i); trigram is centred.
#include "linkers/ghmf/ngramcnn.h"

namespace mel::models {

NgramCnnImpl::NgramCnnImpl(int dim)
{
    uni = register_module("uni", torch::nn::Conv1d(torch::nn::Conv1dOptions(dim, dim, 1)));
    bi = register_module("bi", torch::nn::Conv1d(torch::nn::Conv1dOptions(dim, dim, 2).padding(1)));
    tri = register_module("tri", torch::nn::Conv1d(torch::nn::Conv1dOptions(dim, dim, 3).padding(1)));
    uniNorm = register_module("uni_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    biNorm = register_module("bi_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    triNorm = register_module("tri_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
}

torch::Tensor NgramCnnImpl::forward(const torch::Tensor& x, const torch::Tensor& mask)
{
    const auto L = x.size(1);
    auto channels = (x * mask.unsqueeze(-1).to(x.dtype())).transpose(1, 2);  // [B,d,L]
    auto u = uniNorm(torch::relu(uni(channels)).transpose(1, 2));
    auto b = biNorm(torch::relu(bi(channels)).slice(2, 0, L).transpose(1, 2));
    auto t = triNorm(torch::relu(tri(channels)).transpose(1, 2));
    return torch::max(torch::max(u, b), t);
}

} // namespace mel::models
