// GHMF(C): projections, word- and phrase-level co-attention, gated fusion, cosine against entity features.
#pragma once

#include <torch/torch.h>

#include "linkers/ghmf/coattention.h"
#include "linkers/ghmf/gatedfusion.h"
#include "linkers/ghmf/ngramcnn.h"
#include "linkers/linkermodel.h"

namespace mel::models {

class GhmfModelImpl : public LinkerModelImpl
{
public:
    GhmfModelImpl(const ModelConfig& config, TextEncoder text, ImageEncoder image);
    std::string kind() const override { return "ghmf"; }

    // total = cos(q, e) [+ image match (GhmfConfig::imageMatch)] + feature term; units: cosine, [image_match,]
    // features.
    ScoreOutput score(const EncodedSide& mentions, const EncodedSide& entities, const torch::Tensor& columns,
                      const torch::Tensor& features) override;
    // Triplet loss (margin) averaged over every (mention, valid negative) pair + the contrastive term + the
    // listwise cross-entropy (GhmfConfig::listwiseWeight).
    torch::Tensor loss(const EncodedSide& mentions, const ScoreOutput& scores, const torch::Tensor& target,
                       const torch::Tensor& valid) override;
    void explain(const EncodedSide& mention, const EncodedSide& entities, const ScoreOutput& scores,
                 const std::vector<std::int64_t>& order, core::Explanation& out) override;

    // GHMFC's InfoNCE between mean-pooled text and image features of the rows with an image (denominator
    // without the positive), or an undefined tensor when fewer than two rows have an image.
    torch::Tensor contrastive(const torch::Tensor& text, const torch::Tensor& textMask, const torch::Tensor& image,
                              const torch::Tensor& patchMask, const torch::Tensor& present) const;

protected:
    EncodedSide mentionSide(TextFeatures text, ImageFeatures image, bool explain) override;
    EncodedSide entitySide(TextFeatures text, ImageFeatures image) override;

private:
    GhmfConfig m_ghmf;
    torch::nn::Sequential m_textProjection{nullptr}, m_imageProjection{nullptr};
    CoAttention m_word{nullptr}, m_phrase{nullptr};
    NgramCnn m_ngram{nullptr};
    GatedFusion m_fusion{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Linear m_output{nullptr};
    torch::nn::Linear m_entityProjection{nullptr}, m_entityImageProjection{nullptr};
    // GhmfConfig::imageMatch: one projection shared by the mention's patches and the candidate's pooled image, so
    // the two meet in one space from the first step (registered only when the match is on).
    torch::nn::Linear m_imageMatch{nullptr};
};

} // namespace mel::models
