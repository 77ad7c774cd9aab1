// Timed import of a KB plus a MELBench dataset into a fresh project, for `melstudio-cli bench import`.
#pragma once

#include <filesystem>

#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"

namespace mel::core {

struct ImportBenchResult
{
    double openSeconds = 0;     // creating the project file and its schema
    double kbSeconds = 0;       // importKb
    double datasetSeconds = 0;  // importMelBench
    double totalSeconds = 0;    // all of the above
    KbImportSummary kb;
    DatasetImportSummary dataset;
};

// The inputs for a MELBench folder laid out like the shared data: Wikidata-MEL (Wikidata-MEL.json + splits.json)
// or Richpedia-MEL (train.json, dev.json and, when present, test.json; qid2abs_long.json when present), with the
// KG files qid2ne.json, qid2abs.json, ne2qid.json and images/. Throws Error(NotFound) when neither layout is there.
struct MelBenchFolder
{
    KbFiles kb;
    MelBenchOptions dataset;
};
MelBenchFolder melBenchFolder(const std::filesystem::path& dir, const std::string& datasetName);

// Creates a new project at `projectFile` (which must not exist yet), imports the KB then the dataset, and
// returns the wall-clock times. The project is left in place for the caller to inspect or delete.
ImportBenchResult benchImport(const std::filesystem::path& projectFile, const KbFiles& kb,
                              const MelBenchOptions& dataset, const JobContext& job = {});

} // namespace mel::core
