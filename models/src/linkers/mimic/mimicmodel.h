// MIMIC: input LayerNorms, TGLU + VDLU + CMFU, S = mean of the unit scores, unit-consistent loss.
#pragma once

#include <torch/torch.h>

#include "linkers/linkermodel.h"
#include "linkers/mimic/cmfu.h"
#include "linkers/mimic/tglu.h"
#include "linkers/mimic/vdlu.h"

namespace mel::models {

class MimicModelImpl : public LinkerModelImpl
{
public:
    MimicModelImpl(const ModelConfig& config, TextEncoder text, ImageEncoder image);
    std::string kind() const override { return "mimic"; }

    // S = w * (S_T + S_C + [S_V]) / (2 + [both images present]) + feature term, w learned (MimicConfig::unitScale;
    // 1 and fixed without pair features, as in the paper). S_V needs an image on both sides:
    // for other pairs it is 0 and left out of the mean (extras["visual_valid"] marks the pairs that have it).
    ScoreOutput score(const EncodedSide& mentions, const EncodedSide& entities, const torch::Tensor& columns,
                      const torch::Tensor& features) override;
    // CE(S) + CE(S_T) + CE(S_C) + CE(S_V) over each row's valid columns (S_V: only rows whose gold pair has it,
    // over the columns that have it).
    torch::Tensor loss(const EncodedSide& mentions, const ScoreOutput& scores, const torch::Tensor& target,
                       const torch::Tensor& valid) override;
    void explain(const EncodedSide& mention, const EncodedSide& entities, const ScoreOutput& scores,
                 const std::vector<std::int64_t>& order, core::Explanation& out) override;

    Tglu tglu() const { return m_tglu; }
    Vdlu vdlu() const { return m_vdlu; }
    Cmfu cmfu() const { return m_cmfu; }

protected:
    EncodedSide mentionSide(TextFeatures text, ImageFeatures image, bool explain) override;
    EncodedSide entitySide(TextFeatures text, ImageFeatures image) override;

private:
    // Mentions and entities go through the same input layers (shared weights).
    EncodedSide side(TextFeatures text, ImageFeatures image);

    torch::nn::LayerNorm m_textGlobalNorm{nullptr}, m_textTokenNorm{nullptr};
    torch::nn::Linear m_imageGlobalFc{nullptr}, m_imageTokenFc{nullptr};
    torch::nn::LayerNorm m_imageGlobalNorm{nullptr}, m_imageTokenNorm{nullptr};
    Tglu m_tglu{nullptr};
    Vdlu m_vdlu{nullptr};
    Cmfu m_cmfu{nullptr};
    torch::Tensor m_unitScale;  // [1]: weight of the unit mean beside the pair features
};

} // namespace mel::models
