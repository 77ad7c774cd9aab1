// GEMEL's own training loop (a generative loss does not fit the pairwise trainer), with the same TrainOptions,
// TrainResult, progress, cancellation and checkpoint conventions as train/trainer.cpp.
#pragma once

#include <vector>

#include "linkers/gemel/gemellinker.h"
#include "mel/models/training.h"

namespace mel::models::gemel {

// Teacher-forced name generation: loss = mean constrained NLL of the gold name's characters (trie over the
// mention's top-K candidate names and the gold, renormalised) + lmWeight * mean unconstrained NLL. Dev after each
// epoch ranks the candidates by constrained log-probability; the score rule (prior weight, per-character log p) is
// picked on dev from scoreRuleGrid() when config.gemel.tunePrior; best dev MRR kept (early stopping with `patience`). Progress after
// every batch, cancellation before every batch.
TrainResult trainGemel(const TrainingData& data, const TrainOptions& options, const core::JobContext& job = {});

// Metrics of ranking by combinedScores(decoded, rule) (the linker's rank order, the shared metric code).
RankingMetrics metricsWithRule(const std::vector<TrainingExample>& examples,
                               const std::vector<MentionDecoding>& decoded, const ScoreRule& rule);

// The score rules tried on dev: every prior weight of the grid, with log p summed and per character. The grid
// runs up to weights where the name prior decides and log p only breaks its ties (1e6), so the dev-selected
// combination is below the name baseline on dev only if log p breaks those ties worse than candidate order.
std::vector<ScoreRule> scoreRuleGrid();

} // namespace mel::models::gemel
