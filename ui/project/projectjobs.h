// The project's long operations as JobWork for the JobRunner: each opens its own Store on the worker thread.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <QString>

#include "jobs/jobrunner.h"
#include "linkers/linkerprovider.h"
#include "mel/core/eval/metrics.h"
#include "mel/core/store/entityfeatures.h"
#include "project/project.h"

namespace mel::ui {

// Imports a MELBench folder (KG files + samples + images, as core::melBenchFolder finds them) as `datasetName`,
// then rebuilds the KB index and hands it to the project.
JobWork importMelBenchFolderJob(Project& project, const std::filesystem::path& folder, const std::string& datasetName);

// Imports a JSON Lines samples file as `datasetName`.
JobWork importJsonlJob(Project& project, const std::filesystem::path& file, const std::string& datasetName);

// Builds the in-memory KB candidate index from the project file and hands it to the project.
JobWork buildKbIndexJob(Project& project);

// Imports the bundled demo datasets (resources/demo: wikidata-mel, richpedia-mel) that the project lacks.
JobWork importDemoJob(Project& project, const std::filesystem::path& demoDir);

// Imports the KG files of a folder (qid2ne.json, qid2abs.json, optional ne2qid.json and qid2abs_long.json).
JobWork importKbJob(Project& project, const std::filesystem::path& folder);

// Links every mention of the dataset ("" = every dataset in turn) and split ("" = all) with a fresh linker from `provider`, storing a model run
// (or, when `store` is false, only computing metrics); `topK` candidates per mention come from the KB index. `onMetrics` runs on the GUI thread with the result.
JobWork linkJob(Project& project, std::shared_ptr<LinkerProvider> provider, const std::string& dataset,
                const std::string& split, bool store,
                std::function<void(const core::RankingMetrics&, core::RowId runId)> onMetrics = {}, int topK = 100);

// Model > Stored entity features: `onList` runs on the GUI thread with the models whose encoded entity features
// the project keeps (core::featureModels). With `drop`, every model's features are dropped first and the file is
// compacted (VACUUM).
JobWork storedFeaturesJob(Project& project, bool drop,
                          std::function<void(const std::vector<core::FeatureModel>&, int dropped)> onList);

// Deletes model runs with their stored predictions (core::Store::deleteRuns) and compacts the file.
JobWork deleteRunsJob(Project& project, std::vector<core::RowId> runs);

// Export formats offered in File > Export.
enum class ExportFormat
{
    MelBenchLayout,  // a folder recreating the imported files (round trip)
    MelBenchJson,    // one MELBench JSON file
    Jsonl,           // everything: spans, boxes, gold, label, source, annotator
    Csv,             // one row per mention
};
QString exportFormatName(ExportFormat format);
JobWork exportJob(Project& project, ExportFormat format, const std::string& dataset,
                  const std::filesystem::path& target);

} // namespace mel::ui
