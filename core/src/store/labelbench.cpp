// Bulk label benchmark: a project of one-mention samples, a share of them with one surface, labelled and undone.
#include "mel/core/store/labelbench.h"

#include <chrono>
#include <string>
#include <vector>

#include "mel/core/store/browse.h"
#include "mel/core/store/database.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

namespace mel::core {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

constexpr const char* kSurface = "Hollande";
constexpr const char* kDatasetLabel = "Q2105";
constexpr const char* kPersonLabel = "Q1";
constexpr const char* kAnnotator = "bench";

void build(Store& store, const LabelBenchOptions& options)
{
    const int stride = options.samples / options.identical;
    Transaction tx(store.db());
    const RowId dataset = store.insertDataset({0, "bench", "jsonl", "", "", "", "{}"});
    for (int i = 0; i < options.samples; ++i) {
        const bool same = i % stride == 0 && i / stride < options.identical;
        Sample sample;
        sample.datasetId = dataset;
        sample.sourceId = std::to_string(i);
        sample.split = "train";
        sample.ordinal = i;
        const std::string surface = same ? std::string(kSurface) : "Name " + std::to_string(i);
        sample.text = surface + " spoke in sample " + std::to_string(i);
        Mention mention;
        mention.sampleId = store.insertSample(sample);
        mention.surface = surface;
        mention.begin = 0;
        mention.end = static_cast<int>(surface.size());
        const RowId id = store.insertMention(mention);
        store.setLabel(id, kDatasetLabel, LabelSource::Dataset, "", "import");
    }
    tx.commit();
}

} // namespace

LabelBenchResult benchBulkLabels(const std::filesystem::path& projectFile, const LabelBenchOptions& options)
{
    if (options.identical < 1 || options.samples < options.identical)
        throw Error(ErrorCode::Invalid, "the label bench needs 1 <= identical mentions <= samples (got " +
                                            std::to_string(options.identical) + " of " +
                                            std::to_string(options.samples) + ")");
    if (std::filesystem::exists(projectFile))
        throw Error(ErrorCode::Invalid, "the benchmark needs a new project file; this one exists",
                    {projectFile.string(), {}, {}});
    LabelBenchResult result;
    auto start = Clock::now();
    {
        Store store(projectFile);
        build(store, options);
    }
    result.mentions = options.samples;
    result.buildSeconds = secondsSince(start);

    // Timed on the project opened again, as an annotator meets it: nothing of it in SQLite's cache yet.
    Store store(projectFile);
    start = Clock::now();
    std::vector<RowId> targets;
    for (const auto& [id, label] : labelsOfMentionsWithSurface(store, kSurface))
        if (!label || label->value != kPersonLabel)
            targets.push_back(id);
    result.readSeconds = secondsSince(start);
    result.changed = static_cast<int>(targets.size());

    start = Clock::now();
    {
        Transaction tx(store.db());
        for (RowId id : targets)
            store.setLabel(id, kPersonLabel, LabelSource::Human, kAnnotator);
        tx.commit();
    }
    result.setSeconds = secondsSince(start);

    start = Clock::now();
    {
        Transaction tx(store.db());
        for (auto it = targets.rbegin(); it != targets.rend(); ++it)
            store.undoLastChange(*it, kAnnotator);
        tx.commit();
    }
    result.undoSeconds = secondsSince(start);

    int restored = 0;
    for (const auto& [id, label] : labelsOfMentionsWithSurface(store, kSurface))
        restored += label && label->value == kDatasetLabel && label->source == LabelSource::Dataset;
    if (restored != result.changed)
        throw Error(ErrorCode::Database, "the undo restored " + std::to_string(restored) + " of " +
                                             std::to_string(result.changed) + " labels",
                    {projectFile.string(), {}, {}});
    return result;
}

} // namespace mel::core
