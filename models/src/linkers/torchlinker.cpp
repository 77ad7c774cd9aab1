// Inference path shared by the GUI, the CLI and the trainer's dev evaluation.
#include "linkers/torchlinker.h"

#include <algorithm>
#include <numeric>
#include <thread>

#include "linkers/featurebytes.h"
#include "linkers/pairfeatures.h"
#include "mel/core/util/error.h"
#include "nn/cputhreads.h"

namespace mel::models {

namespace {

constexpr std::size_t kEntityBatch = 256;
// (mention, candidate) pairs per scoring pass without explanations. CPU: Wikidata-MEL dev (2,627 mentions, 100
// candidates, 2 threads, small GHMF/MIMIC checkpoints), CPU seconds of `eval` with one mention per pass against
// 2,048 pairs: MIMIC 25.4-27.5 -> 20.5-23.8, GHMF 13.9-14.9 -> 12.4-12.6, peak RSS +86 MB (MIMIC); 4,000-8,000
// pairs gained little more and cost more memory. CUDA: one pass replaces up to 40 small launches per mention
// group (not yet measured on a GPU: scripts/gpu/device-check.sh).
constexpr int kCpuPairBudget = 2048;
constexpr int kCudaPairBudget = 4096;

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

// What every forward pass of a TorchLinker runs under: no autograd, the precision's autocast, its thread count, eval
// mode.
struct ForwardScope
{
    ForwardScope(LinkerModelImpl& model, Precision precision, const torch::Device& device, int threads)
        : autocast(precision, device)
    {
        configureCpuThreads(threads);
        model.eval();
    }
    c10::InferenceMode inference;
    AutocastScope autocast;
};

// result.ranked from one mention's candidate scores (`scores[k]` for cands[k]); returns the ranked columns.
std::vector<std::int64_t> putRanked(core::LinkResult& result, const double* scores,
                                    const std::vector<core::CandidateEntity>& cands)
{
    const std::vector<double> values(scores, scores + cands.size());
    auto order = rankOrder(values, cands);
    result.ranked.reserve(order.size());
    for (const auto column : order)
        result.ranked.push_back({cands[static_cast<std::size_t>(column)].qid, values[static_cast<std::size_t>(column)]});
    return order;
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
    : m_model(std::move(model)), m_device(device), m_threads(resolveThreads(threads)), m_precision(precision),
      m_pairBudget(device.is_cuda() ? kCudaPairBudget : kCpuPairBudget)
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
        {
            m_cache.emplace(chunk[i].qid, trimRow(side, static_cast<std::int64_t>(i)));
            if (!m_featureKey.empty())
                m_fresh.emplace_back(chunk[i].qid, core::entityInputKey(chunk[i]));
        }
    }
    std::vector<EncodedSide> rows;
    rows.reserve(entities.size());
    for (const auto& e : entities)
        rows.push_back(m_cache.at(e.qid));
    return concatSides(rows);
}

std::vector<core::EntityFeatureRecord> TorchLinker::takeNewEntityFeatures()
{
    std::vector<core::EntityFeatureRecord> out;
    out.reserve(m_fresh.size());
    for (auto& [qid, inputKey] : m_fresh)
    {
        const auto found = m_cache.find(qid);
        if (found != m_cache.end())
            out.push_back({qid, std::move(inputKey), entityRowToBytes(found->second)});
    }
    m_fresh.clear();
    return out;
}

const EncodedSide& TorchLinker::referenceRow()
{
    if (!m_reference)
    {
        // One placeholder entity through the model, as rank() would encode it.
        const ForwardScope scope(*m_model, m_precision, m_device, m_threads);
        core::CandidateEntity placeholder;
        placeholder.name = "entity";
        m_reference = trimRow(m_model->encodeEntities({placeholder}), 0);
    }
    return *m_reference;
}

std::size_t TorchLinker::putEntityFeatures(const std::vector<core::EntityFeatureRecord>& records)
{
    std::size_t taken = 0;
    for (const auto& r : records)
    {
        if (m_cache.count(r.qid))
            continue;
        try
        {
            auto row = entityRowFromBytes(r.data, m_device);
            if (!sameLayout(row, referenceRow()))
                continue;  // well-formed but not this model's rows: encoded again when met
            m_cache.emplace(r.qid, std::move(row));
            ++taken;
        }
        catch (const core::Error&)  // damaged or foreign bytes: the entity is encoded again when met
        {
        }
    }
    return taken;
}

std::vector<core::LinkResult> TorchLinker::rank(const std::vector<core::MentionQuery>& mentions,
                                                const std::vector<std::vector<core::CandidateEntity>>& candidates,
                                                bool explain)
{
    TORCH_CHECK(mentions.size() == candidates.size(), "rank: one candidate list per mention required");
    const ForwardScope scope(*m_model, m_precision, m_device, m_threads);

    std::vector<core::LinkResult> results(mentions.size());
    for (std::size_t start = 0; start < mentions.size(); start += static_cast<std::size_t>(m_mentionBatch))
    {
        const std::size_t end = std::min(mentions.size(), start + static_cast<std::size_t>(m_mentionBatch));
        const std::vector<core::MentionQuery> batch(mentions.begin() + start, mentions.begin() + end);
        auto mentionSide = m_model->encodeMentions(batch, explain);
        if (!explain)
        {
            // Consecutive mentions up to the pair budget share one scoring pass.
            std::vector<std::size_t> rows;
            std::size_t pairs = 0;
            for (std::size_t i = start; i < end; ++i)
            {
                const std::size_t count = candidates[i].size();
                if (count == 0)
                    continue;
                if (!rows.empty() && pairs + count > static_cast<std::size_t>(m_pairBudget))
                {
                    rankGroup(mentionSide, start, rows, mentions, candidates, results);
                    rows.clear();
                    pairs = 0;
                }
                rows.push_back(i);
                pairs += count;
            }
            if (!rows.empty())
                rankGroup(mentionSide, start, rows, mentions, candidates, results);
            continue;
        }
        // With explanations each mention is scored alone: explain() reads row 0 against its own candidate list.
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
            auto& result = results[i];
            const auto order = putRanked(result, cpu.data_ptr<double>(), cands);
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
    return results;
}

void TorchLinker::rankGroup(const EncodedSide& mentionSide, std::size_t first, const std::vector<std::size_t>& rows,
                            const std::vector<core::MentionQuery>& mentions,
                            const std::vector<std::vector<core::CandidateEntity>>& candidates,
                            std::vector<core::LinkResult>& results)
{
    std::size_t widest = 0;
    for (const auto r : rows)
        widest = std::max(widest, candidates[r].size());
    const auto G = static_cast<std::int64_t>(rows.size()), K = static_cast<std::int64_t>(widest);
    // Every mention's candidates as columns into one list of distinct entities; a shorter list's padding points at
    // entity 0 and its scores are dropped (pairs are scored independently).
    std::vector<core::CandidateEntity> distinct;
    std::unordered_map<std::string, std::int64_t> columnOf;
    auto columns = torch::zeros({G, K}, torch::kLong);
    auto* column = columns.data_ptr<std::int64_t>();
    std::vector<torch::Tensor> features;
    std::vector<std::int64_t> mentionRows;
    for (std::int64_t g = 0; g < G; ++g)
    {
        const auto& cands = candidates[rows[static_cast<std::size_t>(g)]];
        for (std::size_t k = 0; k < cands.size(); ++k)
        {
            const auto [at, added] = columnOf.try_emplace(cands[k].qid, static_cast<std::int64_t>(distinct.size()));
            if (added)
                distinct.push_back(cands[k]);
            column[g * K + static_cast<std::int64_t>(k)] = at->second;
        }
        auto f = pairFeatureRow(mentions[rows[static_cast<std::size_t>(g)]], cands, &m_model->labelPrior());
        if (f.size(1) < K)
            f = torch::cat({f, torch::zeros({1, K - f.size(1), f.size(2)}, f.options())}, 1);
        features.push_back(f);
        mentionRows.push_back(static_cast<std::int64_t>(rows[static_cast<std::size_t>(g)] - first));
    }
    const auto mention = selectRows(mentionSide, torch::tensor(mentionRows, torch::kLong));
    const auto entities = gather(distinct);
    const auto scores = m_model->score(mention, entities, columns.to(m_device), torch::cat(features, 0).to(m_device));
    const auto cpu = scores.total.to(torch::kCPU, torch::kDouble).contiguous();
    const double* all = cpu.data_ptr<double>();
    for (std::int64_t g = 0; g < G; ++g)
    {
        const std::size_t r = rows[static_cast<std::size_t>(g)];
        putRanked(results[r], all + g * K, candidates[r]);
    }
}

} // namespace mel::models
