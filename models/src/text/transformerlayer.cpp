// Pre-LN keeps training from scratch stable without a learning-rate warm-up tuned per depth.
#include "text/transformerlayer.h"

namespace mel::models {

TransformerLayerImpl::TransformerLayerImpl(int dim, int heads, int ffn, double dropoutP)
{
    attention = register_module("attention", MultiHeadAttention(dim, heads, dropoutP));
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    ff1 = register_module("ff1", torch::nn::Linear(dim, ffn));
    ff2 = register_module("ff2", torch::nn::Linear(ffn, dim));
    dropout = register_module("dropout", torch::nn::Dropout(dropoutP));
}

torch::Tensor TransformerLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& mask)
{
    auto h = norm1(x);
    auto y = x + dropout(attention(h, h, h, mask).output);
    return y + dropout(ff2(dropout(torch::gelu(ff1(norm2(y))))));
}

} // namespace mel::models
