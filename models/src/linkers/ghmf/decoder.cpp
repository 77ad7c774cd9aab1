// The residual wiring below is the released code's, not the textbook's: both attentions add onto the layer input.
#include "linkers/ghmf/decoder.h"

namespace mel::models {

GhmfLayerNormImpl::GhmfLayerNormImpl(int dim, double eps_) : eps(eps_)
{
    a = register_parameter("a", torch::ones({dim}));
    b = register_parameter("b", torch::zeros({dim}));
}

torch::Tensor GhmfLayerNormImpl::forward(const torch::Tensor& x)
{
    auto mean = x.mean(-1, true);
    auto sd = x.std(-1, /*unbiased=*/true, /*keepdim=*/true);
    return a * (x - mean) / (sd + eps) + b;
}

GhmfDecoderLayerImpl::GhmfDecoderLayerImpl(int dim, int heads, int ffn, double dropoutP)
{
    selfAttention = register_module("self_attention", MultiHeadAttention(dim, heads, dropoutP));
    crossAttention = register_module("cross_attention", MultiHeadAttention(dim, heads, dropoutP));
    ff1 = register_module("ff1", torch::nn::Linear(dim, ffn));
    ff2 = register_module("ff2", torch::nn::Linear(ffn, dim));
    norm = register_module("norm", GhmfLayerNorm(dim));
    dropout = register_module("dropout", torch::nn::Dropout(dropoutP));
}

GhmfDecoderLayerOutput GhmfDecoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& y,
                                                     const torch::Tensor& selfMask, const torch::Tensor& crossMask)
{
    auto self = selfAttention(x, x, x, selfMask);
    auto q1 = x + dropout(self.output);
    auto cross = crossAttention(q1, y, y, crossMask);
    auto q2 = x + dropout(cross.output);
    auto out = q2 + dropout(ff2(dropout(torch::relu(ff1(norm(q2))))));
    return {out, self.probs, cross.probs};
}

GhmfDecoderImpl::GhmfDecoderImpl(int layerCount, int dim, int heads, int ffn, double dropout)
{
    layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < layerCount; ++i)
        layers->push_back(GhmfDecoderLayer(dim, heads, ffn, dropout));
    norm = register_module("norm", GhmfLayerNorm(dim));
}

GhmfDecoderOutput GhmfDecoderImpl::forward(const torch::Tensor& x, const torch::Tensor& y,
                                           const torch::Tensor& selfMask, const torch::Tensor& crossMask)
{
    GhmfDecoderOutput out;
    auto h = x;
    for (const auto& layer : *layers)
    {
        auto r = layer->as<GhmfDecoderLayer>()->forward(h, y, selfMask, crossMask);
        h = r.output;
        out.crossProbs.push_back(r.crossProbs);
        out.selfProbs.push_back(r.selfProbs);
    }
    out.output = norm(h);
    return out;
}

} // namespace mel::models
