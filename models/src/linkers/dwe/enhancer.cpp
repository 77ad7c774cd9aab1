// Cross-modal enhancer (post-norm, as the figure of the DWE paper draws it).
#include "linkers/dwe/enhancer.h"

namespace mel::models {

CrossEnhancerImpl::CrossEnhancerImpl(int dim, int heads, double dropout)
{
    m_attention = register_module("attention", MultiHeadAttention(dim, heads, 0.0));
    m_norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_ffn = register_module("ffn", torch::nn::Sequential(torch::nn::Linear(dim, 2 * dim), torch::nn::ReLU(),
                                                         torch::nn::Linear(2 * dim, dim)));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
}

EnhancerOutput CrossEnhancerImpl::forward(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& yMask,
                                          const torch::Tensor& rowGate)
{
    auto attended = m_attention(x, y, y, yMask);
    auto update = m_dropout(attended.output);
    if (rowGate.defined())
        update = update * rowGate.view({-1, 1, 1});
    auto h = m_norm1(x + update);
    h = m_norm2(h + m_dropout(m_ffn->forward(h)));
    return {h, attended.probs};
}

} // namespace mel::models
