// MIMIC as a reranker over the candidate list (the original ranks the whole KB; here top-K WRatio candidates).
#include "linkers/mimic/mimicmodel.h"

#include "mel/core/util/error.h"

namespace mel::models {

namespace {

torch::nn::LayerNorm layerNorm(int dim)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}));
}

} // namespace

MimicModelImpl::MimicModelImpl(const ModelConfig& config, TextEncoder text, ImageEncoder image)
    : LinkerModelImpl(config, std::move(text), std::move(image))
{
    const int h = config.mimic.hidden;
    const int dt = m_text->dim();
    if (h < 1)
        throw core::Error(core::ErrorCode::Invalid, "mimic: hidden >= 1 required");
    m_textGlobalNorm = register_module("text_global_norm", layerNorm(dt));
    m_textTokenNorm = register_module("text_token_norm", layerNorm(dt));
    m_imageGlobalFc = register_module("image_global_fc", torch::nn::Linear(m_image->dim(), h));
    m_imageTokenFc = register_module("image_token_fc", torch::nn::Linear(m_image->dim(), h));
    m_imageGlobalNorm = register_module("image_global_norm", layerNorm(h));
    m_imageTokenNorm = register_module("image_token_norm", layerNorm(h));
    m_tglu = register_module("tglu", Tglu(dt, h));
    m_vdlu = register_module("vdlu", Vdlu(h, config.mimic.vdluAttention, dt, config.mimic.vdluQuery,
                                          config.mimic.vdluMatch, config.mimic.vdluSmooth));
    m_cmfu = register_module("cmfu", Cmfu(dt, h));
    m_unitScale = register_parameter("unit_scale", torch::full({1}, config.usePairFeatures ? config.mimic.unitScale : 1.0),
                                     config.usePairFeatures);
}

EncodedSide MimicModelImpl::side(TextFeatures text, ImageFeatures image)
{
    EncodedSide s;
    s.tokens = m_textTokenNorm(text.tokens);
    s.mask = text.mask;
    s.global = m_textGlobalNorm(text.global);
    s.patches = m_imageTokenNorm(m_imageTokenFc(image.patches));
    s.patchMask = image.patchMask;
    s.imageGlobal = m_imageGlobalNorm(m_imageGlobalFc(image.global));
    s.present = image.present;
    auto fused = m_cmfu(s.global, s.patches, s.patchMask);
    s.fused = fused.fused;
    s.fusedGate = fused.gate;
    s.fusedAttention = fused.attention;
    s.labels = std::move(text.labels);
    s.gridRows = image.gridRows;
    s.gridCols = image.gridCols;
    return s;
}

EncodedSide MimicModelImpl::mentionSide(TextFeatures text, ImageFeatures image, bool)
{
    return side(std::move(text), std::move(image));
}

EncodedSide MimicModelImpl::entitySide(TextFeatures text, ImageFeatures image)
{
    return side(std::move(text), std::move(image));
}

ScoreOutput MimicModelImpl::score(const EncodedSide& m, const EncodedSide& e, const torch::Tensor& columns,
                                  const torch::Tensor& features)
{
    auto t = m_tglu(m.tokens, m.mask, m.global, e.tokens, e.mask, e.global, columns);
    auto v = m_vdlu(m.imageGlobal, m.patches, m.patchMask, e.imageGlobal, e.patches, e.patchMask, columns, e.global,
                    m.gridRows, m.gridCols);
    auto c = torch::matmul(m.fused, e.fused.t()).gather(1, columns);
    auto visualValid = m.present.unsqueeze(1).logical_and(e.present.index_select(0, columns.reshape({-1})).view(columns.sizes()));  // [B,K]
    auto vf = visualValid.to(c.dtype());
    auto sv = v.score * vf;
    auto name = featureTerm(features);
    ScoreOutput out;
    out.total = m_unitScale * (t.score + c + sv) / (2.0 + vf) + name;
    out.units = {{"S_T", t.score}, {"S_G2G", t.g2g}, {"S_G2L", t.g2l}, {"S_V", sv}, {"S_C", c}, {"features", name}};
    out.extras["visual_valid"] = visualValid;
    out.extras["vdlu/e2m_gate"] = v.gateE2M;
    out.extras["vdlu/m2e_gate"] = v.gateM2E;
    if (v.e2mAttention.defined())
        out.extras["vdlu/e2m_attention"] = v.e2mAttention;  // [B,K,P]
    return out;
}

torch::Tensor MimicModelImpl::loss(const EncodedSide&, const ScoreOutput& scores, const torch::Tensor& target,
                                   const torch::Tensor& valid)
{
    auto unit = [&](const char* name) -> const torch::Tensor& {
        for (const auto& [key, value] : scores.units)
            if (key == name)
                return value;
        throw std::logic_error("mimic: missing unit score");
    };
    auto total = candidateCrossEntropy(scores.total, target, valid) + candidateCrossEntropy(unit("S_T"), target, valid) +
                 candidateCrossEntropy(unit("S_C"), target, valid);
    // S_V exists only where both sides have an image; train it on the rows whose gold pair has one.
    const auto& visualValid = scores.extras.at("visual_valid");
    auto rows = visualValid.gather(1, target.unsqueeze(1)).squeeze(1).nonzero().view({-1});
    if (rows.numel() > 0)
    {
        auto logits = unit("S_V").index_select(0, rows);
        auto columns = valid.index_select(0, rows).logical_and(visualValid.index_select(0, rows));
        total = total + candidateCrossEntropy(logits, target.index_select(0, rows), columns);
    }
    return total;
}

void MimicModelImpl::explain(const EncodedSide& mention, const EncodedSide& entities, const ScoreOutput& scores,
                             const std::vector<std::int64_t>& order, core::Explanation& out)
{
    const auto& mentionTokens = mention.labels.empty() ? std::vector<std::string>{} : mention.labels[0];
    const auto Lm = static_cast<std::int64_t>(mentionTokens.size());
    const bool mentionImage = mention.present[0].item<bool>();
    const auto patches = patchLabels(mention.gridRows, mention.gridCols);
    const auto P = static_cast<std::int64_t>(mention.gridRows) * mention.gridCols;

    if (mentionImage)
        out.attention.push_back(toAttentionMap("cmfu/text->image", 0,
                                               mention.fusedAttention[0].slice(0, 0, P).unsqueeze(0),
                                               {"[text]"}, patches, mention.gridRows, mention.gridCols));
    else
        out.notes.push_back("no image: CMFU attended to the learned no-image token, S_V left out");
    out.notes.push_back("MIMIC has no patch->text attention: VDLU pools patches, CMFU attends from the text global");
    out.gates["cmfu/mention"] = mention.fusedGate[0].item<double>();

    if (!order.empty())
    {
        const auto top = order.front();
        auto entityRow = torch::tensor({top}, torch::kLong);
        auto entity = selectRows(entities, entityRow);
        const auto& entityTokens = entity.labels.empty() ? std::vector<std::string>{} : entity.labels[0];
        const auto Le = static_cast<std::int64_t>(entityTokens.size());
        auto A = m_tglu->attention(mention.tokens[0].slice(0, 0, Lm), mention.mask[0].slice(0, 0, Lm),
                                   entity.tokens[0].slice(0, 0, Le));
        out.attention.push_back(toAttentionMap("tglu/entity->mention (top candidate)", 0, A, entityTokens,
                                               mentionTokens, 0, 0));
        out.gates["cmfu/entity (top candidate)"] = entity.fusedGate[0].item<double>();
        if (scores.extras.at("visual_valid")[0][top].item<bool>())
        {
            out.gates["vdlu/e2m (top candidate)"] = scores.extras.at("vdlu/e2m_gate")[0][top].item<double>();
            out.gates["vdlu/m2e (top candidate)"] = scores.extras.at("vdlu/m2e_gate")[0][top].item<double>();
            const auto eP = static_cast<std::int64_t>(entity.gridRows) * entity.gridCols;
            out.attention.push_back(toAttentionMap("cmfu/entity text->image (top candidate)", 0,
                                                   entity.fusedAttention[0].slice(0, 0, eP).unsqueeze(0),
                                                   {"[text]"}, patchLabels(entity.gridRows, entity.gridCols),
                                                   entity.gridRows, entity.gridCols));
            // Where the top candidate's image found itself in the mention image: the map that E2M's score reads.
            const auto attention = scores.extras.find("vdlu/e2m_attention");
            if (attention != scores.extras.end())
                out.attention.push_back(toAttentionMap("vdlu/candidate->mention image (top candidate)", 0,
                                                       attention->second[0][top].slice(0, 0, P).unsqueeze(0),
                                                       {"[candidate image]"}, patches, mention.gridRows,
                                                       mention.gridCols));
        }
    }

    putUnitScores(scores, order, out);
}

} // namespace mel::models
