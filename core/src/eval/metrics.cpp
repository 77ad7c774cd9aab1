// Ranking metrics, counted as metrics.h documents.
#include "mel/core/eval/metrics.h"

namespace mel::core {

GoldRank goldRankIn(const std::vector<ScoredCandidate>& ranked, const std::string& gold)
{
    for (std::size_t i = 0; i < ranked.size(); ++i)
        if (ranked[i].qid == gold)
            return GoldRank{static_cast<int>(i) + 1};
    return GoldRank{};
}

RankingMetrics computeMetrics(const std::vector<GoldRank>& ranks, int k)
{
    RankingMetrics m;
    m.k = k;
    m.n = static_cast<int>(ranks.size());
    if (ranks.empty())
        return m;
    for (const GoldRank& g : ranks) {
        if (!g.found()) {
            m.mr += k + 1;
            continue;
        }
        m.recallAtK += 1;
        m.mrr += 1.0 / g.rank;
        m.mr += g.rank;
        m.hits1 += g.rank <= 1;
        m.hits3 += g.rank <= 3;
        m.hits5 += g.rank <= 5;
        m.hits10 += g.rank <= 10;
        m.hits20 += g.rank <= 20;
    }
    const double n = m.n;
    for (double* v : {&m.hits1, &m.hits3, &m.hits5, &m.hits10, &m.hits20, &m.mrr, &m.mr, &m.recallAtK})
        *v /= n;
    return m;
}

RankingMetrics withMisses(const RankingMetrics& m, int misses)
{
    if (misses <= 0)
        return m;
    RankingMetrics out = m;
    out.n = m.n + misses;
    const double kept = static_cast<double>(m.n) / out.n;
    for (double* v : {&out.hits1, &out.hits3, &out.hits5, &out.hits10, &out.hits20, &out.mrr, &out.recallAtK})
        *v *= kept;
    out.mr = (m.mr * m.n + static_cast<double>(misses) * (m.k + 1)) / out.n;
    return out;
}

nlohmann::json toJson(const RankingMetrics& m)
{
    return nlohmann::json{{"n", m.n},          {"k", m.k},           {"hits@1", m.hits1},
                          {"hits@3", m.hits3}, {"hits@5", m.hits5},  {"hits@10", m.hits10},
                          {"hits@20", m.hits20}, {"mrr", m.mrr},     {"mr", m.mr},
                          {"recall@k", m.recallAtK}};
}

} // namespace mel::core
