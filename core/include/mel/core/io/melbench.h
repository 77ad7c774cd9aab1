// MELBench JSON datasets (Wikidata-MEL, Richpedia-MEL, MEL-GHMFC splits): import and round-trip export.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mel/core/io/summary.h"
#include "mel/core/linker/linker.h"  // JobContext
#include "mel/core/store/store.h"

namespace mel::core {

// One samples file: {id: {"id", "sentence", "mentions", "entities", "answer"}}. The three mention fields are
// either lists of equal length (Wikidata-MEL) or single strings (Richpedia-MEL); a dataset uses one shape.
struct MelBenchSource
{
    std::filesystem::path file;
    std::string split;  // the split of every sample in the file ("train"), or "" to take it from the splits file
};

struct MelBenchOptions
{
    std::string datasetName;
    std::vector<MelBenchSource> samples;  // e.g. {Wikidata-MEL.json, ""} or {train.json, "train"}, {dev.json, "dev"}
    std::filesystem::path splitsFile;     // optional splits.json: {"train": [ids], "dev": [ids]}
    // Optional image folder. Images are named by sample id: <id>.jpg, else .jpeg, .png, .webp, .bmp, .gif (refused
    // as undecodable), an empty file last (for Richpedia-MEL the sample id is the QID). A missing file is normal
    // and recorded as ImageStatus::Missing.
    std::filesystem::path imagesDir;
    bool replace = false;  // replace an existing dataset of the same name instead of refusing
};

// Imports the samples in one transaction: samples (split, text, image path relative to the dataset root, SHA-1),
// mentions with code point spans located by locateMentions (unlocatable ones stored with a null span and
// reported), and one dataset label per mention with an answer (source Dataset, history action "import").
// The dataset root is the directory of the first samples file, or the images folder when that lies elsewhere.
// Malformed input (syntax, wrong types, nulls, missing fields, duplicate ids, list length mismatches, invalid
// UTF-8, unsafe image paths) throws Error naming file, record (sample id) and field, and nothing is stored.
// Answer QIDs missing from the KB are reported, not fatal, so import the KB first to get a meaningful count.
DatasetImportSummary importMelBench(Store& store, const MelBenchOptions& options, const JobContext& job = {});

// Writes the dataset (or one split of it) in its MELBench shape and field order with the current labels:
// answer = the label (QID, "NIL" or "AMBIGUOUS"; "" when the mention has no label); entities = the original
// value when the label equals the dataset's answer, otherwise the KB name of the labelled QID ("NIL" and
// "AMBIGUOUS" as such). An unchanged dataset exports to the JSON it was imported from. The file is written to a
// temporary sibling and renamed, so a failure leaves no partial file. Datasets from other formats export as
// list-shaped records.
ExportSummary exportMelBench(Store& store, std::string_view datasetName, const std::filesystem::path& output,
                             std::string_view split = {});

// Writes {"split": [sample ids in dataset order]} for every split of the dataset (splits.json form).
ExportSummary exportMelBenchSplits(Store& store, std::string_view datasetName, const std::filesystem::path& output);

// Recreates the imported file layout in `outputDir`: one file per source file under its original name (each
// holding its split when sources were per split), plus the splits file under its original name when one was used.
ExportSummary exportMelBenchLayout(Store& store, std::string_view datasetName, const std::filesystem::path& outputDir);

} // namespace mel::core
