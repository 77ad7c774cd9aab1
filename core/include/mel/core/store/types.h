// Plain domain types stored in a project: datasets, samples, mentions, entities, labels, model runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mel::core {

using RowId = std::int64_t;

struct Dataset
{
    RowId id = 0;
    std::string name;        // unique within a project, e.g. "wikidata-mel"
    std::string format;      // "melbench", "jsonl", ...
    std::string rootDir;     // absolute directory image paths are relative to ("" when there are no images)
    std::string sourcePath;  // the file it was imported from
    std::string importedAt;  // ISO 8601 UTC
    std::string metaJson;    // format-specific details needed to export back (e.g. field shapes)
};

enum class ImageStatus
{
    None = 0,     // the record names no image
    Present = 1,  // the file exists inside the dataset root
    Missing = 2,  // a path is known but no file is there (normal for MELBench subsets)
    Unreadable = 3,  // the file is there but empty, corrupt, truncated or too large to decode (see io/imageprobe.h)
};

struct BoundingBox
{
    double x = 0, y = 0, w = 0, h = 0;  // pixels in the sample image
};

struct Sample
{
    RowId id = 0;
    RowId datasetId = 0;
    std::string sourceId;   // the id in the source file (never a model feature)
    std::string split;      // "train", "dev", "test" or ""
    std::string text;
    std::string imagePath;  // relative to the dataset root, "" when none
    ImageStatus imageStatus = ImageStatus::None;
    std::string imageSha1;  // of the file bytes, "" when not present
    int ordinal = 0;        // position in the source file, kept so exports preserve order
};

struct Mention
{
    RowId id = 0;
    RowId sampleId = 0;
    int ordinal = 0;                     // position within the sample's mention list
    std::string surface;
    std::optional<int> begin;            // code point span in the sample text; empty when it could not be located
    std::optional<int> end;
    std::optional<BoundingBox> box;      // grounding in the image
    std::string goldQid;                 // the dataset's own answer ("" when none; "NIL" allowed)
    std::string goldName;                // the dataset's entity name field, kept for round-trip export
};

struct Entity
{
    RowId id = 0;
    std::string qid;
    std::string name;
    std::string description;     // attribute text (qid2abs) or abstract
    std::string attributesJson;  // structured attributes when known, "{}" otherwise
    std::string imagePath;       // absolute, or "" when the KB has no image for it
};

// A label's value: an entity QID, or one of the two special values.
inline constexpr const char* kNil = "NIL";
inline constexpr const char* kAmbiguous = "AMBIGUOUS";

// Whether `value` is a QID as Wikidata writes them: "Q" and a positive number without leading zeros (Q1, Q42).
// "Q01" is refused rather than taken for a second spelling of Q1: the two would be different entities here.
bool isQid(std::string_view value);

enum class LabelSource
{
    Dataset,
    Human,
    Model,
};

const char* toString(LabelSource source);
LabelSource labelSourceFromString(const std::string& text);

struct Label
{
    RowId mentionId = 0;
    std::string value;  // QID, kNil or kAmbiguous
    LabelSource source = LabelSource::Dataset;
    std::string annotator;
    std::string updatedAt;
};

// One row of the append-only label history.
struct LabelChange
{
    RowId id = 0;
    RowId mentionId = 0;
    std::optional<std::string> oldValue;  // empty when the mention had no label
    std::optional<std::string> newValue;  // empty when the change removed the label
    std::string oldSource;
    std::string newSource;
    std::string annotator;
    std::string changedAt;
    std::string action;                   // "set", "import" or "undo"
    std::optional<RowId> reverts;         // for "undo": the change it reverted
};

struct ModelRun
{
    RowId id = 0;
    std::string linker;
    std::string datasetName;
    std::string split;
    std::string configJson = "{}";
    std::string checkpointPath;
    std::string startedAt;
    std::string finishedAt;
    std::string metricsJson = "{}";
    std::string status;  // "running"/"training", "done"/"trained", "failed", "cancelled", "interrupted"
    std::string owner;   // the process that ran it (core::currentProcessOwner); written by createRun
};

struct Prediction
{
    RowId mentionId = 0;
    int rank = 0;  // 1-based
    std::string qid;
    double score = 0;
};

} // namespace mel::core
