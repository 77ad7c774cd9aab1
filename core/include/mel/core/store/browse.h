// Read queries for browsing a project: filtered sample id lists, page rows with label counts, identical mentions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mel/core/store/store.h"

namespace mel::core {

// Which samples to show, by the labels of their mentions (a sample matches when ANY of its mentions does).
enum class LabelStateFilter
{
    Any,
    Unlabeled,       // a mention without a label
    Linked,          // a mention labelled with a QID
    Nil,             // a mention labelled NIL
    Ambiguous,       // a mention labelled AMBIGUOUS
    HumanChanged,    // a mention whose current label was set by a human
    ModelDisagrees,  // a mention whose top prediction in `runId` differs from its label
    Uncertain,       // a mention whose top-2 scores in `runId` are closer than `margin`
};

struct SampleFilter
{
    RowId datasetId = 0;                 // 0: every dataset
    std::optional<std::string> split;    // empty: every split
    LabelStateFilter state = LabelStateFilter::Any;
    std::string text;                    // substring of the sample text, ASCII case-insensitive; "" = any
    std::string labelValue;              // samples with a mention labelled exactly this ("" = any)
    RowId runId = 0;                     // the model run for ModelDisagrees / Uncertain
    double margin = 0.05;                // Uncertain: top-1 score minus top-2 score below this
};

// Matching sample ids in dataset order (dataset id, then source order). Ids only, so 10^5 samples cost < 1 MB.
std::vector<RowId> filterSampleIds(Store& store, const SampleFilter& filter);
// The steps of the plan SQLite chooses for that query (EXPLAIN QUERY PLAN's detail column, in order), so tests can
// check that every per-sample lookup uses an index rather than a scan.
std::vector<std::string> filterQueryPlan(Store& store, const SampleFilter& filter);

// One row of the sample browser.
struct SampleRow
{
    RowId id = 0;
    std::string dataset;
    std::string sourceId;
    std::string split;
    std::string preview;    // the first `previewChars` code points of the text
    bool hasImage = false;  // the image file is present
    int mentions = 0;
    int unlabeled = 0;
    int linked = 0;
    int nil = 0;
    int ambiguous = 0;
    int human = 0;          // labels whose source is human
};

// Rows for the given ids, in the same order (ids that do not exist are skipped).
std::vector<SampleRow> sampleRows(Store& store, std::span<const RowId> ids, int previewChars = 160);

// The dataset named `name`; throws NotFound naming the project when it has none.
Dataset requireDataset(Store& store, std::string_view name);

// Distinct split names of a dataset (0: of every dataset), sorted.
std::vector<std::string> splitNames(Store& store, RowId datasetId = 0);
// Throws NotFound naming the project, the dataset and its splits when `split` is not "" (every split) and no sample
// of the dataset has it: a mistyped --split must not link, evaluate or export nothing and report success.
void requireSplit(Store& store, const Dataset& dataset, std::string_view split);

// Mentions whose surface equals `surface` exactly, in id order (for "apply to all identical mentions"); with a
// `datasetId`, only that dataset's.
std::vector<RowId> mentionsWithSurface(Store& store, std::string_view surface, RowId datasetId = 0);

// The same mentions with their current labels, read in one query (a bulk action over thousands of them must not read
// each label on its own).
struct SurfaceMention
{
    RowId mentionId = 0;
    std::optional<Label> label;
};
std::vector<SurfaceMention> labelsOfMentionsWithSurface(Store& store, std::string_view surface, RowId datasetId = 0);

// The most recent finished run ("done") over the dataset, if any.
std::optional<ModelRun> latestRun(Store& store, std::string_view datasetName);

} // namespace mel::core
