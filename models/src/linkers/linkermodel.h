// What every neural linker is to the trainer and the runtime: encoders + a scoring head with its own loss.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "encoderoutputs.h"
#include "linkers/labelprior.h"
#include "mel/core/linker/linker.h"
#include "mel/models/config.h"
#include "text/textencoder.h"
#include "vision/imageencoder.h"

namespace mel::models {

// One side (mentions or entities) after the encoders and the linker's own per-item layers. Rows are items;
// sequence tensors (tokens/mask, patches/patchMask) may be padded. Fields a linker does not use stay undefined.
struct EncodedSide
{
    torch::Tensor tokens;       // [N,L,*]
    torch::Tensor mask;         // [N,L] bool
    torch::Tensor global;       // [N,*]
    torch::Tensor patches;      // [N,P,*]
    torch::Tensor patchMask;    // [N,P] bool
    torch::Tensor imageGlobal;  // [N,*]
    torch::Tensor present;      // [N] bool: the item has an image
    torch::Tensor vector;       // [N,*]: GHMF's mention query / entity feature
    torch::Tensor fused;        // [N,*]: MIMIC's CMFU output
    torch::Tensor fusedGate;    // [N]: MIMIC's CMFU gate
    torch::Tensor fusedAttention;  // [N,P]: MIMIC's CMFU text->patch attention
    torch::Tensor auxLoss;      // scalar added to the training loss (GHMFC's contrastive term), or undefined
    std::vector<std::vector<std::string>> labels;  // token strings per row
    int gridRows = 0;
    int gridCols = 0;
    // Explanation material of the mention side (filled only when asked): attention [N,heads,Lq,Lk] by name.
    std::vector<std::pair<std::string, torch::Tensor>> attention;
    std::map<std::string, torch::Tensor> gates;  // [N] each
};

struct ScoreOutput
{
    torch::Tensor total;                                     // [B,K]: what ranks the candidates
    std::vector<std::pair<std::string, torch::Tensor>> units;  // [B,K] each, e.g. S_T, S_V, S_C, features
    std::map<std::string, torch::Tensor> extras;             // [B,K] each: gates, validity masks
};

// Rows of a side (every defined row tensor; labels too).
EncodedSide selectRows(const EncodedSide& side, const torch::Tensor& index);
// Rows of several sides stacked, padding sequence tensors to the longest (zeros / false).
EncodedSide concatSides(const std::vector<EncodedSide>& sides);

class LinkerModelImpl : public torch::nn::Module
{
public:
    LinkerModelImpl(const ModelConfig& config, TextEncoder text, ImageEncoder image);

    const ModelConfig& config() const { return m_config; }
    virtual std::string kind() const = 0;

    // Encodes mentions (surface [SEP] sentence + image) and entities (name [SEP] attributes + image).
    // Virtual so a linker can add inputs of its own (DWE: the faces of each mention image).
    virtual EncodedSide encodeMentions(const std::vector<core::MentionQuery>& mentions, bool explain);
    EncodedSide encodeEntities(const std::vector<core::CandidateEntity>& entities);

    // Mention b against the entity rows columns[b] ([B,K] int64): scores [B,K] (only those pairs are computed).
    // features [B,K,kPairFeatureCount] (pairfeatures.h; the model uses the first config().pairFeatureCount).
    virtual ScoreOutput score(const EncodedSide& mentions, const EncodedSide& entities, const torch::Tensor& columns,
                              const torch::Tensor& features) = 0;
    // Training loss for mention b whose gold entity is at position target[b] of its row; valid [B,K] bool marks
    // the positions that count for that row (the gold included).
    virtual torch::Tensor loss(const EncodedSide& mentions, const ScoreOutput& scores, const torch::Tensor& target,
                               const torch::Tensor& valid) = 0;
    // Fills `out` for one mention (row 0 of `mention`) against its candidates (`entities`, in `order` = ranked
    // column indices, best first) with attention maps, gates and unit scores.
    virtual void explain(const EncodedSide& mention, const EncodedSide& entities, const ScoreOutput& scores,
                         const std::vector<std::int64_t>& order, core::Explanation& out) = 0;

    TextEncoder text() const { return m_text; }
    ImageEncoder image() const { return m_image; }
    torch::Device device() const;

    // Train-label counts behind the label pair features; set by the trainer, saved in the checkpoint.
    const LabelPrior& labelPrior() const { return m_labelPrior; }
    void setLabelPrior(LabelPrior prior) { m_labelPrior = std::move(prior); }

protected:
    virtual EncodedSide mentionSide(TextFeatures text, ImageFeatures image, bool explain) = 0;
    virtual EncodedSide entitySide(TextFeatures text, ImageFeatures image) = 0;
    // The learned linear term over the pair features [B,E,F] -> [B,E], or zeros when they are off.
    torch::Tensor featureTerm(const torch::Tensor& features);

    ModelConfig m_config;
    TextEncoder m_text{nullptr};
    ImageEncoder m_image{nullptr};
    torch::nn::Linear m_featureHead{nullptr};
    LabelPrior m_labelPrior;
};

// Builds the model of config.linker ("ghmf" | "mimic" | "dwe") around the given encoders.
std::shared_ptr<LinkerModelImpl> makeLinkerModel(const ModelConfig& config, TextEncoder text, ImageEncoder image);

// Fills an AttentionMap from a [rows, cols] CPU float tensor.
core::AttentionMap toAttentionMap(const std::string& name, int layer, const torch::Tensor& matrix,
                                  std::vector<std::string> rowLabels, std::vector<std::string> colLabels,
                                  int gridRows, int gridCols);
// Cross-entropy of each row over its valid columns ([B,K] logits, target [B], valid [B,K] bool); a row whose only
// valid column is the target still counts (its loss is ~0).
torch::Tensor candidateCrossEntropy(const torch::Tensor& logits, const torch::Tensor& target, const torch::Tensor& valid);
// Triplet hinge of each row: mean over its valid non-gold columns of relu(margin - score(gold) + score(negative)),
// averaged over rows (a row without a negative adds 0).
torch::Tensor candidateHinge(const torch::Tensor& scores, const torch::Tensor& target, const torch::Tensor& valid,
                             double margin);
// Row 0 of every unit score and of the total, as out.unitScores[name] listed in `order` (the ranked columns).
void putUnitScores(const ScoreOutput& scores, const std::vector<std::int64_t>& order, core::Explanation& out);
// "r0c0", "r0c1", ... for a grid.
std::vector<std::string> patchLabels(int gridRows, int gridCols);

} // namespace mel::models
