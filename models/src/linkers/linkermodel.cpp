// Shared parts of the linkers: input assembly, the name-score feature, side rows, explanation helpers.
#include "linkers/linkermodel.h"

#include "linkers/dwe/dwemodel.h"
#include "linkers/ghmf/ghmfmodel.h"
#include "linkers/pairfeatures.h"
#include "linkers/mimic/mimicmodel.h"
#include "mel/core/util/error.h"

namespace mel::models {

namespace {

torch::Tensor padDim1(const torch::Tensor& t, std::int64_t length)
{
    if (!t.defined() || t.size(1) == length)
        return t;
    std::vector<std::int64_t> shape = t.sizes().vec();
    shape[1] = length - t.size(1);
    return torch::cat({t, torch::zeros(shape, t.options())}, 1);
}

torch::Tensor catRows(const std::vector<EncodedSide>& sides, torch::Tensor EncodedSide::*field, bool sequence)
{
    if (!(sides.front().*field).defined())
        return {};
    std::int64_t length = 0;
    if (sequence)
        for (const auto& side : sides)
            length = std::max(length, (side.*field).size(1));
    std::vector<torch::Tensor> parts;
    parts.reserve(sides.size());
    for (const auto& side : sides)
        parts.push_back(sequence ? padDim1(side.*field, length) : side.*field);
    return torch::cat(parts, 0);
}

} // namespace

EncodedSide selectRows(const EncodedSide& side, const torch::Tensor& index)
{
    EncodedSide out;
    for (auto field : {&EncodedSide::tokens, &EncodedSide::mask, &EncodedSide::global, &EncodedSide::patches,
                       &EncodedSide::patchMask, &EncodedSide::imageGlobal, &EncodedSide::present,
                       &EncodedSide::vector, &EncodedSide::fused, &EncodedSide::fusedGate,
                       &EncodedSide::fusedAttention})
        if ((side.*field).defined())
            out.*field = (side.*field).index_select(0, index.to((side.*field).device()));
    const auto cpu = index.to(torch::kCPU).contiguous();
    if (!side.labels.empty())
        for (std::int64_t i = 0; i < cpu.numel(); ++i)
            out.labels.push_back(side.labels.at(cpu.data_ptr<std::int64_t>()[i]));
    for (const auto& [name, probs] : side.attention)
        out.attention.emplace_back(name, probs.index_select(0, index.to(probs.device())));
    for (const auto& [name, gate] : side.gates)
        out.gates.emplace(name, gate.index_select(0, index.to(gate.device())));
    out.gridRows = side.gridRows;
    out.gridCols = side.gridCols;
    return out;
}

EncodedSide concatSides(const std::vector<EncodedSide>& sides)
{
    TORCH_CHECK(!sides.empty(), "concatSides: nothing to concatenate");
    EncodedSide out;
    out.tokens = catRows(sides, &EncodedSide::tokens, true);
    out.mask = catRows(sides, &EncodedSide::mask, true);
    out.global = catRows(sides, &EncodedSide::global, false);
    out.patches = catRows(sides, &EncodedSide::patches, true);
    out.patchMask = catRows(sides, &EncodedSide::patchMask, true);
    out.imageGlobal = catRows(sides, &EncodedSide::imageGlobal, false);
    out.present = catRows(sides, &EncodedSide::present, false);
    out.vector = catRows(sides, &EncodedSide::vector, false);
    out.fused = catRows(sides, &EncodedSide::fused, false);
    out.fusedGate = catRows(sides, &EncodedSide::fusedGate, false);
    out.fusedAttention = catRows(sides, &EncodedSide::fusedAttention, true);
    for (const auto& side : sides)
    {
        out.labels.insert(out.labels.end(), side.labels.begin(), side.labels.end());
        out.gridRows = std::max(out.gridRows, side.gridRows);
        out.gridCols = std::max(out.gridCols, side.gridCols);
    }
    return out;
}

LinkerModelImpl::LinkerModelImpl(const ModelConfig& config, TextEncoder text, ImageEncoder image)
    : m_config(config)
{
    m_text = register_module("text", std::move(text));
    m_image = register_module("image", std::move(image));
    m_featureHead = register_module("feature_head", torch::nn::Linear(torch::nn::LinearOptions(config.pairFeatureCount, 1).bias(false)));
    torch::NoGradGuard noGrad;
    m_featureHead->weight.zero_();
    m_featureHead->weight[0][0] = config.nameWeightInit;
}

torch::Device LinkerModelImpl::device() const
{
    return m_featureHead->weight.device();
}

EncodedSide LinkerModelImpl::encodeMentions(const std::vector<core::MentionQuery>& mentions, bool explain)
{
    std::vector<TextInput> texts;
    std::vector<std::string> images;
    texts.reserve(mentions.size());
    images.reserve(mentions.size());
    for (const auto& m : mentions)
    {
        texts.push_back({m.surface, m.text});
        images.push_back(m_config.ignoreImages ? std::string() : m.imagePath);
    }
    return mentionSide(m_text(texts), m_image(images), explain);
}

EncodedSide LinkerModelImpl::encodeEntities(const std::vector<core::CandidateEntity>& entities)
{
    std::vector<TextInput> texts;
    std::vector<std::string> images;
    texts.reserve(entities.size());
    images.reserve(entities.size());
    for (const auto& e : entities)
    {
        texts.push_back({e.name, e.description});
        images.push_back(m_config.ignoreImages ? std::string() : e.imagePath);
    }
    return entitySide(m_text(texts), m_image(images));
}

torch::Tensor LinkerModelImpl::featureTerm(const torch::Tensor& features)
{
    if (!m_config.usePairFeatures)
        return torch::zeros({features.size(0), features.size(1)}, features.options());
    return m_featureHead(features.narrow(-1, 0, m_config.pairFeatureCount)).squeeze(-1);
}

std::shared_ptr<LinkerModelImpl> makeLinkerModel(const ModelConfig& config, TextEncoder text, ImageEncoder image)
{
    if (config.linker == "ghmf")
        return std::make_shared<GhmfModelImpl>(config, std::move(text), std::move(image));
    if (config.linker == "mimic")
        return std::make_shared<MimicModelImpl>(config, std::move(text), std::move(image));
    if (config.linker == "dwe")
        return std::make_shared<DweModelImpl>(config, std::move(text), std::move(image));
    throw core::Error(core::ErrorCode::Invalid, "unknown linker '" + config.linker + "' (expected ghmf, mimic or dwe)");
}

torch::Tensor candidateCrossEntropy(const torch::Tensor& logits, const torch::Tensor& target, const torch::Tensor& valid)
{
    return torch::nn::functional::cross_entropy(logits.masked_fill(valid.logical_not(), -1e9), target);
}

torch::Tensor candidateHinge(const torch::Tensor& scores, const torch::Tensor& target, const torch::Tensor& valid,
                             double margin)
{
    auto positive = scores.gather(1, target.unsqueeze(1));  // [B,1]
    auto gold = torch::zeros_like(valid).scatter_(1, target.unsqueeze(1), true);
    auto negatives = valid.logical_and(gold.logical_not()).to(scores.dtype());
    auto hinge = torch::relu(margin - positive + scores) * negatives;
    return (hinge.sum(1) / negatives.sum(1).clamp_min(1.0)).mean();
}

void putUnitScores(const ScoreOutput& scores, const std::vector<std::int64_t>& order, core::Explanation& out)
{
    auto put = [&](const std::string& name, const torch::Tensor& row) {
        const auto cpu = row.detach().to(torch::kCPU, torch::kDouble).contiguous();
        std::vector<double> values;
        values.reserve(order.size());
        for (const auto column : order)
            values.push_back(cpu.data_ptr<double>()[column]);
        out.unitScores[name] = std::move(values);
    };
    for (const auto& [name, unit] : scores.units)
        put(name, unit[0]);
    put("total", scores.total[0]);
}

std::vector<std::string> patchLabels(int gridRows, int gridCols)
{
    std::vector<std::string> labels;
    for (int r = 0; r < gridRows; ++r)
        for (int c = 0; c < gridCols; ++c)
            labels.push_back("r" + std::to_string(r) + "c" + std::to_string(c));
    return labels;
}

core::AttentionMap toAttentionMap(const std::string& name, int layer, const torch::Tensor& matrix,
                                  std::vector<std::string> rowLabels, std::vector<std::string> colLabels,
                                  int gridRows, int gridCols)
{
    const auto m = matrix.detach().to(torch::kCPU, torch::kFloat).contiguous();
    core::AttentionMap map;
    map.name = name;
    map.layer = layer;
    map.head = -1;
    map.rows = static_cast<int>(m.size(0));
    map.cols = static_cast<int>(m.size(1));
    map.values.assign(m.data_ptr<float>(), m.data_ptr<float>() + m.numel());
    map.rowLabels = std::move(rowLabels);
    map.colLabels = std::move(colLabels);
    map.gridRows = gridRows;
    map.gridCols = gridCols;
    return map;
}

} // namespace mel::models
