// WRatio ranking with deterministic tie-breaks.
#include "mel/core/linker/namelinker.h"

#include <algorithm>
#include <cmath>

#include "mel/core/kb/wratio.h"
#include "mel/core/util/error.h"

namespace mel::core {

namespace {

struct Keyed
{
    int wratio = 0;
    int ratio = 0;
    std::size_t order = 0;
};

} // namespace

std::vector<LinkResult> NameLinker::rank(const std::vector<MentionQuery>& mentions,
                                         const std::vector<std::vector<CandidateEntity>>& candidates,
                                         bool explain)
{
    if (mentions.size() != candidates.size())
        throw Error(ErrorCode::Invalid, "name linker: one candidate list per mention is required");
    std::vector<LinkResult> results(mentions.size());
    for (std::size_t m = 0; m < mentions.size(); ++m) {
        const std::u32string surface = fuzz::preprocess(mentions[m].surface);
        const auto& cands = candidates[m];
        std::vector<Keyed> keys(cands.size());
        for (std::size_t i = 0; i < cands.size(); ++i) {
            const std::u32string name = fuzz::preprocess(cands[i].name);
            keys[i].wratio = std::max(fuzz::wratioProcessed(surface, name),
                                      static_cast<int>(std::lround(cands[i].nameScore)));
            keys[i].ratio = fuzz::ratio(surface, name);
            keys[i].order = i;
        }
        std::stable_sort(keys.begin(), keys.end(), [](const Keyed& a, const Keyed& b) {
            if (a.wratio != b.wratio)
                return a.wratio > b.wratio;
            return a.ratio > b.ratio;
        });
        LinkResult& out = results[m];
        out.ranked.reserve(keys.size());
        for (const Keyed& k : keys)
            out.ranked.push_back({cands[k.order].qid, k.wratio / 100.0});
        if (explain) {
            auto& wr = out.explanation.unitScores["wratio"];
            auto& ra = out.explanation.unitScores["ratio"];
            for (const Keyed& k : keys) {
                wr.push_back(k.wratio / 100.0);
                ra.push_back(k.ratio / 100.0);
            }
            out.explanation.notes.push_back("ranked by WRatio of mention and entity name; ties by plain ratio");
        }
    }
    return results;
}

} // namespace mel::core
