// DWE (dual-way enhanced): MEL as text matching. The mention's text and image are two queries, each refined by
// cross-modal enhancers; faces (OpenCV cascade) and the scene feature refine the visual query; the entity side is
// its name enriched by its description (attention pooling). Score = learned mix of cos(text query, entity) and
// cos(visual query, entity), scaled, + the shared string-match feature term (spec/linkers.md, DWE).
#pragma once

#include <memory>

#include <torch/torch.h>

#include "linkers/dwe/enhancer.h"
#include "linkers/dwe/facecache.h"
#include "linkers/linkermodel.h"
#include "nn/attention.h"

namespace mel::models {

class DweModelImpl : public LinkerModelImpl
{
public:
    DweModelImpl(const ModelConfig& config, TextEncoder text, ImageEncoder image);
    std::string kind() const override { return "dwe"; }

    // The base encoding plus the faces of each mention image (detected once per file).
    EncodedSide encodeMentions(const std::vector<core::MentionQuery>& mentions, bool explain) override;

    // total = scale * (w_t cos_t + w_v cos_v [image]) / (w_t + w_v [image]) + feature term; the visual query only
    // counts for mentions with an image (units "text_query", "visual_query"; extras["visual_valid"]). With
    // DweConfig::imageMatch, + scale * the image match (unit "image_match", 0 where either side has no image).
    ScoreOutput score(const EncodedSide& mentions, const EncodedSide& entities, const torch::Tensor& columns,
                      const torch::Tensor& features) override;
    // CE(total) [+ tripletWeight * hinge(total)] + unitLossWeight * (CE(scale cos_t) + CE(scale cos_v) on image
    // rows; off by default)
    // + alignWeight * in-batch symmetric InfoNCE between text and visual queries of image rows.
    torch::Tensor loss(const EncodedSide& mentions, const ScoreOutput& scores, const torch::Tensor& target,
                       const torch::Tensor& valid) override;
    void explain(const EncodedSide& mention, const EncodedSide& entities, const ScoreOutput& scores,
                 const std::vector<std::int64_t>& order, core::Explanation& out) override;

    // The learned query weights (w_t, w_v) and the cosine scale ([1], at most 100).
    torch::Tensor queryWeights() const;
    torch::Tensor scale() const;
    FaceCache& faces() { return *m_faces; }

protected:
    EncodedSide mentionSide(TextFeatures text, ImageFeatures image, bool explain) override;
    EncodedSide entitySide(TextFeatures text, ImageFeatures image) override;

private:
    EncodedSide mentionWithFaces(TextFeatures text, ImageFeatures image,
                                 const std::vector<std::vector<RelativeBox>>& faces,
                                 const std::vector<std::vector<core::BoundingBox>>& pixelFaces, bool explain);

    DweConfig m_dwe;
    std::shared_ptr<FaceCache> m_faces;
    torch::nn::Sequential m_textProjection{nullptr}, m_imageProjection{nullptr};
    CrossEnhancer m_textEnhancer{nullptr};   // text tokens attend over image patches
    CrossEnhancer m_imageEnhancer{nullptr};  // image patches attend over text tokens
    MultiHeadAttention m_textQuery{nullptr}, m_imageQuery{nullptr}, m_faceQuery{nullptr}, m_entityPool{nullptr};
    torch::nn::Linear m_faceGeometry{nullptr};
    torch::nn::LayerNorm m_faceNorm{nullptr};
    torch::Tensor m_noFace;                  // [h]: the one valid face slot of an image without faces
    torch::nn::Linear m_sceneProjection{nullptr}, m_sceneGate{nullptr};
    torch::nn::LayerNorm m_textNorm{nullptr}, m_visualNorm{nullptr}, m_entityNorm{nullptr};
    torch::nn::Linear m_textOut{nullptr}, m_visualOut{nullptr}, m_entityOut{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    // DweConfig::imageMatch: one projection shared by the mention's enhanced patches and the candidate's pooled
    // reference image (registered only when the match is on).
    torch::nn::Linear m_imageMatch{nullptr};
    torch::Tensor m_queryLogits;             // [2]: softmax -> (w_t, w_v)
    torch::Tensor m_logScale;                // [1]
};

} // namespace mel::models
