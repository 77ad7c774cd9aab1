// Ranking metrics over a linker's ranked candidate lists: Hits@k, MRR, MR and recall@K.
//
// How a gold entity is counted (the same for every linker, so figures are comparable):
//  - rank r (1-based) is the gold entity's position in the ranked list the linker returned for the mention; ties
//    are whatever the linker's fixed order makes them (name linker: WRatio, ratio, KB order; learned linkers:
//    score, name score, QID), never "1 + the number scored strictly higher";
//  - a gold entity that is NOT among the K candidates (the candidate generator missed it, or the list is shorter)
//    is a miss for every Hits@k, contributes 0 to MRR, and takes rank K+1 for MR;
//  - recall@K is the fraction of mentions whose gold entity is among the candidates at all (the ceiling of Hits@k);
//  - only mentions whose label is a QID are counted (NIL, ambiguous and unlabeled mentions are left out); n is their
//    number. With n == 0 every figure is 0.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mel/core/linker/linker.h"

namespace mel::core {

// Where the gold entity ended up for one mention: rank 1.. or 0 when it is not in the list.
struct GoldRank
{
    int rank = 0;
    bool found() const { return rank > 0; }
};

struct RankingMetrics
{
    int n = 0;                       // mentions with a gold QID
    int k = 0;                       // candidate list size the figures refer to (MR's K+1 for a miss)
    double hits1 = 0, hits3 = 0, hits5 = 0, hits10 = 0, hits20 = 0;
    double mrr = 0;
    double mr = 0;
    double recallAtK = 0;
};

// The gold entity's 1-based position in `ranked`, or 0 when absent.
GoldRank goldRankIn(const std::vector<ScoredCandidate>& ranked, const std::string& gold);

// Aggregates ranks; `k` is the number of candidates each mention was given (a miss counts as rank k+1 for MR).
RankingMetrics computeMetrics(const std::vector<GoldRank>& ranks, int k);

// `m` with `misses` more mentions whose gold entity is not among the K candidates (rank K+1), as `eval` counts a
// mention whose gold entity is not in the KB. Training's dev figures leave those out (they cannot be targets);
// this gives the figure `eval` reports for the same mentions.
RankingMetrics withMisses(const RankingMetrics& m, int misses);

// {"n","k","hits@1","hits@3","hits@5","hits@10","hits@20","mrr","mr","recall@k"}
nlohmann::json toJson(const RankingMetrics& metrics);

} // namespace mel::core
