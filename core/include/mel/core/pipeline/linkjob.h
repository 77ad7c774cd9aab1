// Linking a whole split: candidates from the KB index, ranking by a Linker, predictions stored as a model run,
// ranking metrics against the current labels.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mel/core/eval/metrics.h"
#include "mel/core/linker/linker.h"
#include "mel/core/pipeline/kbcandidates.h"
#include "mel/core/store/store.h"

namespace mel::core {

struct LinkOptions
{
    std::string dataset;
    std::string split;              // "" = every split
    int topK = 100;                 // candidates per mention from the WRatio index
    int batchSize = 64;             // mentions per Linker::rank call (progress and cancel are checked between)
    bool storePredictions = true;   // write a model_run with every ranked candidate
    std::string configJson = "{}";  // stored with the run
    std::string checkpointPath;     // stored with the run
    // Learned linkers: load the candidates' encoded features from the project and store what was encoded
    // (StoredEntityFeatures), so a second run over the same KB encodes no entity.
    bool storedEntityFeatures = true;
};

struct LinkOutcome
{
    RowId runId = 0;                // 0 when predictions were not stored
    RankingMetrics metrics;         // over mentions whose current label is a QID
    std::int64_t mentionsLinked = 0;
    double seconds = 0;
    std::int64_t entityFeaturesLoaded = 0;  // given to the linker from the project
    std::int64_t entityFeaturesStored = 0;  // encoded by this run and written to the project
    std::string entityFeaturesWarning;      // why storing them stopped (the run itself went on), "" when it did not
    std::vector<std::string> undecodableImages;  // Linker::undecodableImages after the run (ranked as "no image")
};

// Where a learned linker ran (Linker::placement) as JSON: device, precision, threads, and pair_budget when it scores
// in shared passes; {} for a linker that uses no device (the name baseline). Kept with stored runs, printed by the CLI.
nlohmann::json placementJson(const Linker& linker);

// The mentions of a dataset split as linker input (image paths made absolute, present images only), together
// with their current label values ("" when unlabeled). Never exposes the sample's source id.
struct SplitMentions
{
    std::vector<MentionQuery> queries;
    std::vector<std::string> labels;
};
SplitMentions loadSplitMentions(Store& store, const std::string& dataset, const std::string& split);

// Links every mention of the split. Throws Error(NotFound) for an unknown dataset and Error(Cancelled) when the
// job is cancelled (a cancelled run is recorded with status "cancelled" and its partial predictions).
LinkOutcome linkSplit(Store& store, Linker& linker, const KbCandidates& kb, const LinkOptions& options,
                      const JobContext& job = {});

} // namespace mel::core
