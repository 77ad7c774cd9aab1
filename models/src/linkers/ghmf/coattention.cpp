// The text decoder attends to the *already text-attended* image features, as in the release.
#include "linkers/ghmf/coattention.h"

namespace mel::models {

CoAttentionImpl::CoAttentionImpl(int layers, int dim, int heads, int ffn, double dropout)
{
    imageDecoder = register_module("image_decoder", GhmfDecoder(layers, dim, heads, ffn, dropout));
    textDecoder = register_module("text_decoder", GhmfDecoder(layers, dim, heads, ffn, dropout));
}

CoAttentionOutput CoAttentionImpl::forward(const torch::Tensor& text, const torch::Tensor& textMask,
                                           const torch::Tensor& image, const torch::Tensor& patchMask)
{
    auto visual = imageDecoder(image, text, patchMask, textMask);
    auto textual = textDecoder(text, visual.output, textMask, patchMask);
    CoAttentionOutput out;
    out.text = maskedMax(textual.output, textMask);
    out.image = maskedMax(visual.output, patchMask);
    out.imagePatches = visual.output;
    out.imageToText = std::move(visual.crossProbs);
    out.textToImage = std::move(textual.crossProbs);
    return out;
}

} // namespace mel::models
