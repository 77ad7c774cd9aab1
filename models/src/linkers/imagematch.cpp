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

void explainTopImageMatch(const std::string& linker, const EncodedSide& mention, const ScoreOutput& scores,
                          const std::vector<std::int64_t>& order, core::Explanation& out)
{
    const auto map = scores.extras.find("image_match_map");
    const auto P = static_cast<std::int64_t>(mention.gridRows) * mention.gridCols;
    if (map == scores.extras.end() || order.empty() || P == 0 ||
        !scores.extras.at("image_match_valid")[0][order.front()].item<bool>())
        return;
    out.attention.push_back(toAttentionMap(linker + "/candidate->mention image (top candidate)", 0,
                                           map->second[0][order.front()].slice(0, 0, P).unsqueeze(0),
                                           {"[candidate image]"}, patchLabels(mention.gridRows, mention.gridCols),
                                           mention.gridRows, mention.gridCols));
}

} // namespace mel::models
