// Ranking by constrained generation log-probability; beams and demonstrations as the explanation.
#include "linkers/gemel/gemellinker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "linkers/gemel/gemelinput.h"
#include "linkers/linkermodel.h"
#include "linkers/torchlinker.h"
#include "mel/core/kb/wratio.h"
#include "nn/cputhreads.h"
#include "mel/core/util/utf8.h"

namespace mel::models::gemel {

namespace {

constexpr double kImpossible = -1e9;

std::string fixed(double v, int digits = 3)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
    return buffer;
}

std::string shorten(const std::string& text, std::size_t maxCodePoints)
{
    const auto cps = codePoints(text);
    if (cps.size() <= maxCodePoints)
        return text;
    return core::utf8::encode(cps.substr(0, maxCodePoints)) + "…";
}

} // namespace

std::vector<double> namePriors(const core::MentionQuery& mention, const std::vector<core::CandidateEntity>& candidates)
{
    const auto surface = core::fuzz::preprocess(mention.surface);
    std::vector<double> out(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i)
    {
        const auto name = core::fuzz::preprocess(candidates[i].name);
        const int wratio =
            std::max(core::fuzz::wratioProcessed(surface, name), static_cast<int>(std::lround(candidates[i].nameScore)));
        out[i] = (wratio + core::fuzz::ratio(surface, name) / 101.0) / 100.0;
    }
    return out;
}

std::vector<double> combinedScores(const MentionDecoding& decoded, const ScoreRule& rule)
{
    std::vector<double> out(decoded.logProbs.size());
    for (std::size_t i = 0; i < out.size(); ++i)
    {
        double g = decoded.logProbs[i];
        if (rule.meanLogProb && g > kImpossible && i < decoded.lengths.size() && decoded.lengths[i] > 0)
            g /= decoded.lengths[i];
        out[i] = g + (i < decoded.priors.size() ? rule.priorWeight * decoded.priors[i] : 0.0);
    }
    return out;
}

GemelLinker::GemelLinker(GemelModel model, CharTable chars, std::shared_ptr<const DemoRetriever> retriever,
                         torch::Device device, int threads)
    : m_model(std::move(model)), m_chars(std::move(chars)), m_retriever(std::move(retriever)), m_device(device),
      m_threads(threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())))
{
    m_model->to(m_device);
    m_model->eval();
    m_rule = {m_model->config().gemel.priorWeight, m_model->config().gemel.meanLogProb};
}

std::vector<MentionDecoding> GemelLinker::decodeMentions(
    const std::vector<core::MentionQuery>& mentions, const std::vector<std::vector<core::CandidateEntity>>& candidates,
    bool beams)
{
    configureCpuThreads(m_threads);
    c10::InferenceMode guard;
    const AutocastScope autocast(m_precision, m_device);
    const auto& g = m_model->config().gemel;
    std::vector<MentionDecoding> out(mentions.size());
    for (std::size_t start = 0; start < mentions.size(); start += static_cast<std::size_t>(m_mentionBatch))
    {
        const auto end = std::min(mentions.size(), start + static_cast<std::size_t>(m_mentionBatch));
        std::vector<core::MentionQuery> batch(mentions.begin() + static_cast<std::ptrdiff_t>(start),
                                              mentions.begin() + static_cast<std::ptrdiff_t>(end));
        std::vector<std::vector<Retrieved>> demos;
        for (const auto& m : batch)
            demos.push_back(m_retriever->nearest(m, g.demonstrations));
        const auto memory = m_model->encode(buildEncoderInput(batch, demos, *m_retriever, m_chars, g));
        for (std::size_t b = 0; b < batch.size(); ++b)
        {
            auto& result = out[start + b];
            result.demos = demos[b];
            if (memory.imageAttention.defined() && memory.imagePresent[static_cast<std::int64_t>(b)].item<bool>() &&
                memory.gridRows * memory.gridCols == memory.imageAttention.size(1))
            {
                const auto map = memory.imageAttention[static_cast<std::int64_t>(b)].to(torch::kCPU, torch::kFloat).contiguous();
                result.imageAttention.assign(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
                result.gridRows = memory.gridRows;
                result.gridCols = memory.gridCols;
            }
            const auto& cands = candidates.at(start + b);
            Memory row;
            const auto i = static_cast<std::int64_t>(b);
            row.states = memory.states.slice(0, i, i + 1);
            row.mask = memory.mask.slice(0, i, i + 1);
            result.logProbs.assign(cands.size(), kImpossible);
            result.lengths.assign(cands.size(), 0);
            result.priors = namePriors(batch[b], cands);
            if (cands.empty())
                continue;
            std::vector<std::string> names;
            for (const auto& c : cands)
                names.push_back(c.name);
            const auto nb = nameBatch(names, m_chars, 1 << 20);
            const auto trie = buildTrie(nb.tokens);
            if (trie.nameCount() == 0)
                continue;
            const auto edges = trieEdgeLogProbs(*m_model, row, nb, trie);
            std::size_t longest = 0;
            for (std::size_t k = 0; k < cands.size(); ++k)
            {
                longest = std::max(longest, nb.tokens[k].size());
                const double p = pathLogProb(trie, edges, nb.tokens[k]);
                if (!nb.tokens[k].empty() && std::isfinite(p))
                {
                    result.logProbs[k] = p;
                    result.lengths[k] = static_cast<int>(nb.tokens[k].size()) + 1;
                }
            }
            // The trie is exactly the scored names: every step of the beam search is one of its edges.
            if (beams)
                result.beams = beamSearch(trie, edges, g.beams, static_cast<int>(longest));
        }
    }
    return out;
}

std::vector<core::LinkResult> GemelLinker::rank(const std::vector<core::MentionQuery>& mentions,
                                                const std::vector<std::vector<core::CandidateEntity>>& candidates,
                                                bool explain)
{
    const auto decoded = decodeMentions(mentions, candidates, explain);
    std::vector<core::LinkResult> results(mentions.size());
    for (std::size_t i = 0; i < mentions.size(); ++i)
    {
        const auto& cands = candidates.at(i);
        const auto scores = combinedScores(decoded[i], m_rule);
        const auto order = rankOrder(scores, cands);
        auto& r = results[i];
        for (const auto k : order)
            r.ranked.push_back({cands[static_cast<std::size_t>(k)].qid, scores[static_cast<std::size_t>(k)]});
        if (!explain)
            continue;
        auto& ex = r.explanation;
        auto& lpRanked = ex.unitScores["log p(name)"];
        auto& priorRanked = ex.unitScores["name prior"];
        for (const auto k : order)
        {
            lpRanked.push_back(decoded[i].logProbs[static_cast<std::size_t>(k)]);
            priorRanked.push_back(m_rule.priorWeight * decoded[i].priors[static_cast<std::size_t>(k)]);
        }
        if (!decoded[i].imageAttention.empty())
        {
            const auto& d = decoded[i];
            const auto cells = static_cast<std::int64_t>(d.imageAttention.size());
            ex.attention.push_back(toAttentionMap(
                "prefix/text->image", 0,
                torch::from_blob(const_cast<float*>(d.imageAttention.data()), {1, cells}, torch::kFloat),
                {mentions[i].surface}, patchLabels(d.gridRows, d.gridCols), d.gridRows, d.gridCols));
        }
        ex.gates["prior weight"] = m_rule.priorWeight;
        ex.gates["log p per character"] = m_rule.meanLogProb ? 1.0 : 0.0;
        int n = 0;
        for (const auto& beam : decoded[i].beams)
        {
            std::string qids;
            // Candidate indices of this name, in ranking order (the tie rule for shared names).
            std::vector<std::int64_t> entities(beam.entities.begin(), beam.entities.end());
            std::stable_sort(entities.begin(), entities.end(), [&](std::int64_t a, std::int64_t b) {
                return std::find(order.begin(), order.end(), a) < std::find(order.begin(), order.end(), b);
            });
            for (const auto e : entities)
                qids += (qids.empty() ? "" : ", ") + cands[static_cast<std::size_t>(e)].qid;
            ex.notes.push_back("beam " + std::to_string(++n) + ": " + m_chars.decode(beam.tokens) + " [" + qids +
                               "] log p " + fixed(beam.logProb));
        }
        n = 0;
        for (const auto& d : decoded[i].demos)
        {
            const auto& demo = m_retriever->at(d.index);
            ex.notes.push_back("demo " + std::to_string(++n) + " (cos " + fixed(d.cosine, 2) + "): \"" +
                               shorten(demo.text, 80) + "\" " + demo.surface + " -> " + demo.name + " [" + demo.qid +
                               "]");
        }
    }
    return results;
}

} // namespace mel::models::gemel
