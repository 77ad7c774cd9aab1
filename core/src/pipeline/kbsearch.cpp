// Full-text search with a fuzzy fallback.
#include "mel/core/pipeline/kbsearch.h"

#include <unordered_set>

namespace mel::core {

std::vector<KbSearchHit> searchKb(Store& store, const KbCandidates& kb, std::string_view query, int limit,
                                  int minFuzzyScore)
{
    std::vector<KbSearchHit> hits;
    if (limit <= 0 || query.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return hits;
    std::unordered_set<std::string> seen;
    for (auto& hit : store.searchEntities(query, limit)) {
        seen.insert(hit.entity.qid);
        hits.push_back({std::move(hit.entity), false, hit.rank});
    }
    if (static_cast<int>(hits.size()) >= limit)
        return hits;
    // Ask for a few more than needed: some of the best fuzzy matches are usually full-text hits already.
    for (const auto& candidate : kb.candidates(query, limit + static_cast<int>(hits.size()))) {
        if (static_cast<int>(hits.size()) >= limit || candidate.nameScore < minFuzzyScore)
            break;
        if (!seen.insert(candidate.qid).second)
            continue;
        if (const Entity* e = kb.entity(candidate.qid))
            hits.push_back({*e, true, candidate.nameScore});
    }
    return hits;
}

} // namespace mel::core
