// Ranking by constrained generation log-probability; beams and demonstrations as the explanation.
#include "linkers/gemel/gemellinker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "linkers/gemel/gemelinput.h"
#include "linkers/torchlinker.h"
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

std::vector<double> combinedScores(const std::vector<double>& logProbs,
                                   const std::vector<core::CandidateEntity>& candidates, double prior)
{
    std::vector<double> out(logProbs.size());
    for (std::size_t i = 0; i < logProbs.size(); ++i)
        out[i] = logProbs[i] + prior * candidates[i].nameScore / 100.0;
    return out;
}

GemelLinker::GemelLinker(GemelModel model, CharTable chars, std::shared_ptr<const DemoRetriever> retriever,
                         torch::Device device, int threads)
    : m_model(std::move(model)), m_chars(std::move(chars)), m_retriever(std::move(retriever)), m_device(device),
      m_threads(threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())))
{
    m_model->to(m_device);
    m_model->eval();
    m_prior = m_model->config().gemel.priorWeight;
}

std::vector<MentionDecoding> GemelLinker::decodeMentions(
    const std::vector<core::MentionQuery>& mentions, const std::vector<std::vector<core::CandidateEntity>>& candidates,
    bool beams)
{
    at::set_num_threads(m_threads);
    c10::InferenceMode guard;
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
            const auto& cands = candidates.at(start + b);
            Memory row;
            const auto i = static_cast<std::int64_t>(b);
            row.states = memory.states.slice(0, i, i + 1);
            row.mask = memory.mask.slice(0, i, i + 1);
            result.logProbs.assign(cands.size(), kImpossible);
            if (cands.empty())
                continue;
            std::vector<std::string> names;
            for (const auto& c : cands)
                names.push_back(c.name);
            const auto nb = nameBatch(names, m_chars, 1 << 20);
            const auto trie = buildTrie(nb.tokens);
            const auto logits = m_model->decode(row, nb.inputs);
            const auto lp = constrainedTokenLogProbs(logits, nb.targets, allowedMask(trie, nb.targets, m_model->vocabularySize()))
                                .sum(1)
                                .to(torch::kCPU)
                                .to(torch::kDouble);
            const auto* p = lp.data_ptr<double>();
            for (std::size_t k = 0; k < cands.size(); ++k)
                if (!nb.tokens[k].empty() && std::isfinite(p[k]))
                    result.logProbs[k] = p[k];
            if (beams)
            {
                std::size_t longest = 0;
                for (const auto& t : nb.tokens)
                    longest = std::max(longest, t.size());
                result.beams = beamSearch(*m_model, row, trie, g.beams, static_cast<int>(longest));
            }
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
        const auto scores = combinedScores(decoded[i].logProbs, cands, m_prior);
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
            priorRanked.push_back(m_prior * cands[static_cast<std::size_t>(k)].nameScore / 100.0);
        }
        ex.gates["prior weight"] = m_prior;
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
