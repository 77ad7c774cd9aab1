// What an import or export did: counts, and the non-fatal problems it reports instead of dropping data silently.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mel::core {

// One kind of non-fatal problem: how often it happened and the first few cases ("record: detail").
struct IssueList
{
    static constexpr std::size_t kMaxExamples = 10;
    std::int64_t count = 0;
    std::vector<std::string> examples;
    void add(std::string example);
    bool empty() const { return count == 0; }
};

struct KbImportSummary
{
    std::int64_t entities = 0;         // entities written (new + updated)
    std::int64_t newEntities = 0;      // QIDs the project did not have before
    std::int64_t aliases = 0;          // alias rows written (duplicates of existing ones are ignored by the store)
    std::int64_t aliasesSameAsName = 0;     // ne2qid entries that only repeat the entity's name (not stored)
    std::int64_t structuredAttributes = 0;  // entities whose attribute text parsed into attributes_json
    IssueList withoutAbstract;         // a name with no qid2abs entry (description left empty)
    IssueList abstractsForUnknownQid;  // qid2abs / qid2abs_long entries with no name (skipped)
    IssueList aliasesForUnknownQid;    // ne2qid entries pointing at a QID with no name (skipped)
    IssueList emptyAliases;            // ne2qid entries with an empty or blank key (skipped)
    IssueList unsearchableNames;       // names/aliases without a letter or digit: kept, but no mention finds them
    double seconds = 0;
};

struct DatasetImportSummary
{
    std::string dataset;
    std::string format;  // "melbench" or "jsonl"
    std::int64_t samples = 0;
    std::int64_t mentions = 0;
    std::int64_t labels = 0;  // dataset labels written (one per mention with an answer)
    std::int64_t restoredLabels = 0;  // JSON Lines exports: human and model labels read back over the answers
    std::map<std::string, std::int64_t> samplesPerSplit;
    std::int64_t locatedMentions = 0;
    IssueList unlocatedMentions;  // surface not found in the text: stored with a null span
    IssueList sharedSpans;        // listed more often than the text contains it: span shared (see mentionlocator.h)
    IssueList unknownAnswers;     // answer QIDs missing from the project's KB (labels are still stored)
    std::int64_t imagesPresent = 0;
    std::int64_t imagesMissing = 0;  // an expected image that is not on disk (normal for MELBench subsets)
    IssueList namedImagesMissing;    // JSON Lines: images a record names that are not under imageRoot
    std::string imageRoot;           // the folder image paths were resolved against
    IssueList boxesOutsideImage;     // region boxes reaching outside their image (stored as given)
    IssueList unreadableImages;      // on disk but empty, corrupt, truncated or too large: stored as Unreadable
    IssueList ignoredFields;         // record fields the format does not know (not stored, not exported)
    IssueList samplesWithoutSplit;   // MELBench: ids that splits.json does not list (split left empty)
    IssueList splitIdsWithoutSample; // MELBench: ids in splits.json with no sample
    bool replacedExisting = false;
    std::int64_t replacedHumanLabels = 0;  // human labels of the replaced dataset (deleted with it)
    std::int64_t replacedRuns = 0;  // model runs over the replaced dataset: metrics kept, predictions deleted with it
    double seconds = 0;
};

struct ExportSummary
{
    std::int64_t samples = 0;
    std::int64_t mentions = 0;
    std::int64_t changedLabels = 0;  // mentions whose current label differs from the dataset's answer
    std::vector<std::filesystem::path> files;
    IssueList warnings;  // e.g. mentions a single-string MELBench record cannot hold
};

nlohmann::json toJson(const IssueList& issues);
nlohmann::json toJson(const KbImportSummary& summary);
nlohmann::json toJson(const DatasetImportSummary& summary);
nlohmann::json toJson(const ExportSummary& summary);

} // namespace mel::core
