// Inference path shared by the GUI, the CLI and the trainer's dev evaluation.
#include "linkers/torchlinker.h"

#include <algorithm>
#include <numeric>
#include <thread>

#include "linkers/pairfeatures.h"
#include "nn/cputhreads.h"

namespace mel::models {

namespace {

constexpr std::size_t kEntityBatch = 256;

int resolveThreads(int threads)
{
    if (threads > 0)
        return threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

torch::Tensor trimSeq(const torch::Tensor& t, std::int64_t row, std::int64_t length)
{
    return t.defined() ? t.slice(0, row, row + 1).slice(1, 0, length) : t;
}

torch::Tensor rowOf(const torch::Tensor& t, std::int64_t row)
{
    return t.defined() ? t.slice(0, row, row + 1) : t;
}

} // namespace

EncodedSide trimRow(const EncodedSide& side, std::int64_t row)
{
    EncodedSide out;
    const std::int64_t L = side.mask.defined() ? side.mask[row].sum().item<std::int64_t>() : 0;
    const std::int64_t P = side.patchMask.defined() ? side.patchMask[row].sum().item<std::int64_t>() : 0;
    out.tokens = trimSeq(side.tokens, row, L);
    out.mask = trimSeq(side.mask, row, L);
    out.patches = trimSeq(side.patches, row, P);
    out.patchMask = trimSeq(side.patchMask, row, P);
    out.fusedAttention = trimSeq(side.fusedAttention, row, P);
    out.global = rowOf(side.global, row);
    out.imageGlobal = rowOf(side.imageGlobal, row);
    out.present = rowOf(side.present, row);
    out.vector = rowOf(side.vector, row);
    out.fused = rowOf(side.fused, row);
    out.fusedGate = rowOf(side.fusedGate, row);
    if (!side.labels.empty())
        out.labels.push_back(side.labels.at(row));
    out.gridRows = side.gridRows;
    out.gridCols = side.gridCols;
    return out;
}

std::vector<std::int64_t> rankOrder(const std::vector<double>& scores, const std::vector<core::CandidateEntity>& cands)
{
    std::vector<std::int64_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
        if (scores[a] != scores[b])
            return scores[a] > scores[b];
        if (cands[a].nameScore != cands[b].nameScore)
            return cands[a].nameScore > cands[b].nameScore;
        return cands[a].qid < cands[b].qid;
    });
    return order;
}

TorchLinker::TorchLinker(std::shared_ptr<LinkerModelImpl> model, torch::Device device, int threads,
                         Precision precision)
    : m_model(std::move(model)), m_device(device), m_threads(resolveThreads(threads)), m_precision(precision)
{
    checkPrecision(m_precision, m_device);
    m_model->to(m_device);
    m_model->eval();
}

std::string TorchLinker::name() const
{
    return m_model->kind();
}

EncodedSide TorchLinker::gather(const std::vector<core::CandidateEntity>& entities)
{
    std::vector<core::CandidateEntity> missing;
    for (const auto& e : entities)
        if (!m_cache.count(e.qid) &&
            std::none_of(missing.begin(), missing.end(), [&](const auto& m) { return m.qid == e.qid; }))
            missing.push_back(e);
    for (std::size_t start = 0; start < missing.size(); start += kEntityBatch)
    {
        const std::vector<core::CandidateEntity> chunk(
            missing.begin() + start, missing.begin() + std::min(missing.size(), start + kEntityBatch));
        auto side = m_model->encodeEntities(chunk);
        for (std::size_t i = 0; i < chunk.size(); ++i)
            m_cache.emplace(chunk[i].qid, trimRow(side, static_cast<std::int64_t>(i)));
    }
    std::vector<EncodedSide> rows;
    rows.reserve(entities.size());
    for (const auto& e : entities)
        rows.push_back(m_cache.at(e.qid));
    return concatSides(rows);
}

std::vector<core::LinkResult> TorchLinker::rank(const std::vector<core::MentionQuery>& mentions,
                                                const std::vector<std::vector<core::CandidateEntity>>& candidates,
                                                bool explain)
{
    TORCH_CHECK(mentions.size() == candidates.size(), "rank: one candidate list per mention required");
    c10::InferenceMode inference;
    const AutocastScope autocast(m_precision, m_device);
    configureCpuThreads(m_threads);
    m_model->eval();

    std::vector<core::LinkResult> results(mentions.size());
    for (std::size_t start = 0; start < mentions.size(); start += static_cast<std::size_t>(m_mentionBatch))
    {
        const std::size_t end = std::min(mentions.size(), start + static_cast<std::size_t>(m_mentionBatch));
        const std::vector<core::MentionQuery> batch(mentions.begin() + start, mentions.begin() + end);
        auto mentionSide = m_model->encodeMentions(batch, explain);
        for (std::size_t i = start; i < end; ++i)
        {
            const auto& cands = candidates[i];
            if (cands.empty())
                continue;
            auto row = selectRows(mentionSide, torch::tensor({static_cast<std::int64_t>(i - start)}, torch::kLong));
            auto entities = gather(cands);
            const auto features = pairFeatureRow(mentions[i], cands, &m_model->labelPrior());
            const auto E = static_cast<std::int64_t>(cands.size());
            auto columns = torch::arange(E, torch::TensorOptions().dtype(torch::kLong).device(m_device)).view({1, E});
            auto scores = m_model->score(row, entities, columns, features.to(m_device));
            const auto cpu = scores.total[0].to(torch::kCPU, torch::kDouble).contiguous();
            const std::vector<double> values(cpu.data_ptr<double>(), cpu.data_ptr<double>() + cpu.numel());
            const auto order = rankOrder(values, cands);
            auto& result = results[i];
            result.ranked.reserve(order.size());
            for (const auto column : order)
                result.ranked.push_back({cands[column].qid, values[column]});
            if (explain)
            {
                m_model->explain(row, entities, scores, order, result.explanation);
                const auto* f = features.data_ptr<float>();
                for (int k = 0; k < m_model->config().pairFeatureCount; ++k)
                {
                    auto& values = result.explanation.unitScores[std::string("feature/") + pairFeatureNames()[k]];
                    for (const auto column : order)
                        values.push_back(f[column * kPairFeatureCount + k]);
                }
            }
        }
    }
    return results;
}

} // namespace mel::models
