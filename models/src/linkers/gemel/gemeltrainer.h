// GEMEL's own training loop (a generative loss does not fit the pairwise trainer), with the same TrainOptions,
// TrainResult, progress, cancellation and checkpoint conventions as train/trainer.cpp.
#pragma once

#include <vector>

#include "linkers/gemel/gemellinker.h"
#include "mel/models/training.h"

namespace mel::models::gemel {

// Teacher-forced name generation: loss = mean constrained NLL of the gold name's characters (trie over the
// mention's top-K candidate names and the gold, renormalised) + lmWeight * mean unconstrained NLL. Dev after each
// epoch ranks the candidates by constrained log-probability; the name-score prior weight is picked on dev from a
// fixed grid when config.gemel.tunePrior; best dev MRR kept (early stopping with `patience`). Progress after
// every batch, cancellation before every batch.
TrainResult trainGemel(const TrainingData& data, const TrainOptions& options, const core::JobContext& job = {});

// Metrics of ranking by logProbs + prior * WRatio / 100 (the linker's rank order, the shared metric code).
RankingMetrics metricsWithPrior(const std::vector<TrainingExample>& examples,
                                const std::vector<MentionDecoding>& decoded, double prior);

} // namespace mel::models::gemel
