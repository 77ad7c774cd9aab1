// Encoder outputs shared by every linker: token/patch features with their masks and global features.
#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

namespace mel::models {

// One text input: "[CLS] first [SEP] second". Mentions: first = surface, second = sentence.
// Entities: first = name, second = attributes (qid2abs text).
struct TextInput
{
    std::string first;
    std::string second;
};

struct TextFeatures
{
    torch::Tensor tokens;   // [B,L,d] float; position 0 is [CLS]
    torch::Tensor mask;     // [B,L] bool, true = real token (padding false)
    torch::Tensor global;   // [B,d]
    std::vector<std::vector<std::string>> labels;  // the token strings of each row (its real positions)
};

// Images never silently become zeros: a row without a (readable) image has present = false and its patch
// sequence holds exactly one valid entry, the learned "no image" token; every linker reads `present`/`patchMask`.
struct ImageFeatures
{
    torch::Tensor patches;    // [B,P,d]; P = gridRows * gridCols, or 1 when no row of the batch has an image
    torch::Tensor patchMask;  // [B,P] bool, true = valid
    torch::Tensor global;     // [B,d]
    torch::Tensor present;    // [B] bool
    int gridRows = 0;         // shape of the patch grid (rows with an image)
    int gridCols = 0;
};

// Rows `index` of every tensor (and labels), e.g. to gather cached entity features.
TextFeatures selectRows(const TextFeatures& features, const torch::Tensor& index);
ImageFeatures selectRows(const ImageFeatures& features, const torch::Tensor& index);

} // namespace mel::models
