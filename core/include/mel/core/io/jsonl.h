// JSON Lines samples (tweets and other sources with image paths): import, and export of everything a project knows.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "mel/core/io/summary.h"
#include "mel/core/linker/linker.h"  // JobContext
#include "mel/core/store/store.h"

namespace mel::core {

// One object per line:
//   {"id": "t1", "text": "...", "image": "img/t1.jpg", "split": "train",
//    "mentions": [{"surface": "Obama", "begin": 0, "end": 5, "qid": "Q76", "box": [x, y, w, h]}]}
// id: string or integer, unique. text: string. mentions: list (may be empty). image, split: optional (null or
// absent = none). In a mention: surface is required; begin/end are code point offsets that must select exactly
// the surface; when both are absent or null the span is located as for MELBench (locateMentions; spans given on
// other mentions count as taken); qid (a QID, NIL or AMBIGUOUS) and box (four numbers, w and h > 0) are optional.
// Other fields are ignored and reported, except those exportJsonl writes. Blank lines are skipped.
struct JsonlOptions
{
    std::string datasetName;
    std::filesystem::path file;
    std::filesystem::path imageRoot;  // image paths are relative to it; default: the folder of `file`
    bool replace = false;             // replace an existing dataset of the same name instead of refusing
};

// Imports in one transaction. Errors name the file, the record as "line N" and the field (e.g.
// "mentions[1].begin"); image paths must stay inside the image root (checkedRelativePath). Nothing is stored
// when any line is bad.
DatasetImportSummary importJsonl(Store& store, const JsonlOptions& options, const JobContext& job = {});

// Writes one line per sample (or per sample of `split`) in dataset order:
//   {"id", "dataset", "split", "text", "image" (relative to the dataset root, or null), "image_status"
//    ("present"/"missing"/"none"), "image_sha1", "mentions": [{"surface", "begin", "end", "box" ([x, y, w, h] or
//    null), "gold" (dataset answer or null), "gold_name", "label" (current value or null), "label_source",
//    "annotator", "updated_at", "qid" (= label, so the file re-imports with the corrected answers)}]}
// through a temporary file renamed into place.
ExportSummary exportJsonl(Store& store, std::string_view datasetName, const std::filesystem::path& output,
                          std::string_view split = {});

} // namespace mel::core
