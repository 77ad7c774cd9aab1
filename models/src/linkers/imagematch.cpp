#include "linkers/imagematch.h"

#include "nn/masked.h"

namespace mel::models {

namespace {

namespace F = torch::nn::functional;

// Softmax temperature of the match's attention over the mention patches (cosines in [-1, 1]).
constexpr double kImageMatchTemperature = 0.1;

} // namespace

torch::Tensor centredPatches(const torch::Tensor& patches, const torch::Tensor& patchMask)
{
    return patches - maskedMean(patches, patchMask).unsqueeze(1);
}

torch::Tensor referenceImage(const torch::Tensor& projectedPatches, const torch::Tensor& patchMask)
{
    return maskedMax(projectedPatches, patchMask) - maskedMean(projectedPatches, patchMask);
}

ImageMatch matchImages(torch::nn::Linear& layer, const EncodedSide& mentions, const EncodedSide& entities,
                       const torch::Tensor& columns, bool bestCell)
{
    const auto B = columns.size(0), K = columns.size(1);
    auto keys = F::normalize(layer(mentions.patches), F::NormalizeFuncOptions().dim(-1).eps(1e-8));  // [B,P,d]
    auto u = F::normalize(layer(entities.imageGlobal), F::NormalizeFuncOptions().dim(-1).eps(1e-8));
    auto picked = u.index_select(0, columns.reshape({-1})).view({B, K, -1});                   // [B,K,d]
    auto cells = torch::matmul(picked, keys.transpose(1, 2));                                  // [B,K,P]
    auto invalid = mentions.patchMask.logical_not().unsqueeze(1);
    ImageMatch out;
    out.map = torch::softmax((cells / kImageMatchTemperature).masked_fill(invalid, -1e9), -1);
    auto match = bestCell ? std::get<0>(cells.masked_fill(invalid, -2.0).max(-1)) : (out.map * cells).sum(-1);
    out.valid = mentions.present.unsqueeze(1).logical_and(
        entities.present.index_select(0, columns.reshape({-1})).view({B, K}));
    out.match = match * out.valid.to(match.dtype());
    return out;
}

} // namespace mel::models
