// KB search for a search box: full-text matches first, then fuzzy name matches for what full text cannot find.
#pragma once

#include <string_view>
#include <vector>

#include "mel/core/pipeline/kbcandidates.h"
#include "mel/core/store/store.h"

namespace mel::core {

struct KbSearchHit
{
    Entity entity;
    bool fuzzy = false;  // false: an FTS5 prefix match over names, aliases and descriptions
    double score = 0;    // FTS5: bm25 (lower is better); fuzzy: WRatio of query and name (0..100)
};

// FTS5 prefix hits in Store::searchEntities order, then entities whose name or alias is close to the query by
// WRatio (typos, missing accents, word order: "Holande", "Francois Hollande", "Obama Barack") that were not already
// found, best first, down to `minFuzzyScore`. At most `limit` hits; an empty query gives none.
std::vector<KbSearchHit> searchKb(Store& store, const KbCandidates& kb, std::string_view query, int limit = 20,
                                  int minFuzzyScore = 70);

} // namespace mel::core
