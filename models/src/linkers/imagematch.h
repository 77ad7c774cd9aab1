// The image match GHMF and DWE share (ghmf.image_match, dwe.image_match): the candidate's reference image looks for
// itself among the mention's text-guided patches.
#pragma once

#include <torch/torch.h>

#include "linkers/linkermodel.h"

namespace mel::models {

// The mention side's patches as the match reads them: less the image's mean patch, i.e. what sets each patch apart
// from the rest of its scene. [B,P,d]
torch::Tensor centredPatches(const torch::Tensor& patches, const torch::Tensor& patchMask);

// The reference image as the match reads it: its (projected) patches max-pooled less their mean, i.e. what stands
// out of its background (the object). [E,d]
torch::Tensor referenceImage(const torch::Tensor& projectedPatches, const torch::Tensor& patchMask);

struct ImageMatch
{
    torch::Tensor match;  // [B,K]: the candidate's match, 0 where either side has no image
    torch::Tensor map;    // [B,K,P]: the candidate's softmax attention over the mention patches
    torch::Tensor valid;  // [B,K]: both sides have an image
};

// Cosines between each candidate's reference image (entities.imageGlobal, row columns[b][k]) and every mention
// patch (mentions.patches), both through `layer` and normalised; the match is the best patch's cosine (`bestCell`)
// or the cosines averaged under the softmax map.
ImageMatch matchImages(torch::nn::Linear& layer, const EncodedSide& mentions, const EncodedSide& entities,
                       const torch::Tensor& columns, bool bestCell);

// Explanation of mention row 0: where the top-ranked candidate (order.front()) found its reference image in the
// mention image, the map its match reads, added to out.attention as "<linker>/candidate->mention image (top
// candidate)" over the mention's patch grid; nothing when the scores carry no match map or that pair has no image.
void explainTopImageMatch(const std::string& linker, const EncodedSide& mention, const ScoreOutput& scores,
                          const std::vector<std::int64_t>& order, core::Explanation& out);

} // namespace mel::models
