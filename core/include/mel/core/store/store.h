// A project: one SQLite file (WAL, foreign keys, versioned schema) holding datasets, KB, labels and model runs.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mel/core/store/database.h"
#include "mel/core/store/types.h"

namespace mel::core {

struct SplitCounts
{
    std::string dataset;
    std::string split;
    std::int64_t samples = 0;
    std::int64_t mentions = 0;
    std::int64_t labels = 0;
};

struct StoreStats
{
    std::int64_t datasets = 0;
    std::int64_t samples = 0;
    std::int64_t mentions = 0;
    std::int64_t entities = 0;
    std::int64_t aliases = 0;
    std::int64_t labels = 0;
    std::int64_t humanLabels = 0;
    std::int64_t historyRows = 0;
    std::int64_t modelRuns = 0;
    std::vector<SplitCounts> splits;
};

struct EntitySearchHit
{
    Entity entity;
    double rank = 0;  // FTS5 bm25, lower is better
};

// Thread contract: a Store is one connection; use one Store per thread (open the same file again elsewhere).
class Store
{
public:
    // Opens or creates the project and migrates it to `schemaVersion` (default: latest).
    explicit Store(const std::filesystem::path& file, int schemaVersion = -1);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    Database& db() { return m_db; }
    // Whether this project can only be read (a read-only file, folder or medium): every write throws.
    bool readOnly() const { return m_db.readOnly(); }
    const std::filesystem::path& path() const { return m_db.path(); }
    int schemaVersion();

    // A statement prepared once per Store and reused (bulk imports call these in tight loops).
    Statement& cached(std::string_view sql);

    // --- datasets, samples, mentions -------------------------------------------------------------
    std::optional<Dataset> dataset(std::string_view name);
    std::optional<Dataset> dataset(RowId id);
    std::vector<Dataset> datasets();
    RowId insertDataset(const Dataset& dataset);
    void deleteDataset(RowId id);

    RowId insertSample(const Sample& sample);
    std::optional<Sample> sample(RowId id);
    std::optional<Sample> sampleBySource(RowId datasetId, std::string_view sourceId);
    // Samples of a dataset in source order; `split` "" means every split.
    std::vector<Sample> samples(RowId datasetId, std::string_view split = {});

    // Gives a new id (never one a deleted mention had) unless mention.id is set: then that id, which must be free.
    RowId insertMention(const Mention& mention);
    std::optional<Mention> mention(RowId id);
    std::vector<Mention> mentionsOf(RowId sampleId);
    void setMentionBox(RowId mentionId, const std::optional<BoundingBox>& box);

    // --- knowledge base --------------------------------------------------------------------------
    // Inserts the entity, or updates name/description/attributes/image of the existing QID. Returns its row id.
    RowId upsertEntity(const Entity& entity);
    void addAlias(RowId entityId, std::string_view alias);
    std::optional<Entity> entity(std::string_view qid);
    std::vector<std::string> aliases(RowId entityId);
    std::vector<Entity> entities();
    // Every (entity row id, name or alias) pair, for building the candidate index.
    std::vector<std::pair<RowId, std::string>> entityNames();
    // Refills the FTS5 table from entity + alias. Call after a KB import (inside its transaction).
    void rebuildSearchIndex();
    // Full-text search over names, aliases, descriptions; every query word matches as a prefix. Order: the name
    // in full, every word whole in a name or alias, prefixes there, descriptions only; then by how many labels of
    // the project use the entity, then bm25.
    std::vector<EntitySearchHit> searchEntities(std::string_view query, int limit = 20);

    // --- labels ----------------------------------------------------------------------------------
    std::optional<Label> label(RowId mentionId);
    // Sets the current label and appends a history row, committed before returning (or as part of the
    // caller's open transaction). `value` is a QID, kNil or kAmbiguous.
    void setLabel(RowId mentionId, std::string_view value, LabelSource source, std::string_view annotator,
                  std::string_view action = "set");
    // Removes the current label (recorded in history).
    void clearLabel(RowId mentionId, std::string_view annotator);
    // Every change of a mention, oldest first.
    std::vector<LabelChange> history(RowId mentionId);
    // Reverts the most recent change of the mention that has not been reverted yet. False when nothing is left.
    bool undoLastChange(RowId mentionId, std::string_view annotator);

    // --- model runs ------------------------------------------------------------------------------
    RowId createRun(const ModelRun& run);
    void finishRun(RowId runId, std::string_view status, std::string_view metricsJson);
    void setRunMetrics(RowId runId, std::string_view metricsJson);  // progress of a run still going
    // Marks "interrupted" every unfinished run whose process has provably ended (killed, crashed); runs of a process
    // still working on this project, or on another host, are left alone. Returns how many were marked.
    int markInterruptedRuns();
    // Deletes runs with their predictions in one transaction; returns the number of predictions deleted. A run whose
    // process is still working on it is refused with Error(Invalid), and then nothing is deleted. The file is
    // compacted (VACUUM, best effort) after predictions were deleted.
    std::int64_t deleteRuns(const std::vector<RowId>& runIds);
    std::optional<ModelRun> run(RowId runId);
    std::vector<ModelRun> runs();
    void insertPredictions(RowId runId, const std::vector<Prediction>& predictions);
    std::vector<Prediction> predictions(RowId runId, RowId mentionId);

    StoreStats stats();  // counts every table: for reports, not for a quick check
    bool hasEntities();  // one row read, whatever the KB's size

    // Runs `fn` in a transaction, or in the caller's when one is already open.
    template <typename Fn>
    void inTransaction(Fn&& fn)
    {
        if (m_db.inTransaction()) {
            fn();
            return;
        }
        Transaction tx(m_db);
        fn();
        tx.commit();
    }

private:
    void openReadOnly(const std::filesystem::path& file, int schemaVersion);

    Database m_db;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> m_statements;
};

// Current time as ISO 8601 UTC with milliseconds, e.g. 2026-11-23T09:30:00.123Z.
std::string nowIso8601();

// Whether a process is still working on `run`: unfinished ("running" / "training") and owned by a process that has
// not ended. Rows from before owners were recorded cannot be checked and count as left behind.
bool runInProgress(const ModelRun& run);

// Removes a project file with its SQLite WAL and shared-memory files (absent ones are fine). The first form throws
// std::filesystem::filesystem_error; the second reports through `error` and never throws (for clean-up paths).
void removeProjectFile(const std::filesystem::path& file);
void removeProjectFile(const std::filesystem::path& file, std::error_code& error) noexcept;

} // namespace mel::core
