// Keeps a learned linker's encoded entity features in the project between runs and sessions.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "mel/core/linker/linker.h"
#include "mel/core/store/store.h"

namespace mel::core {

// Before a batch is ranked, load() gives the linker the project's stored features of the batch's candidates; after
// it, save() stores what the linker had to encode. Entities whose KB entry changed since are encoded again (their
// stored input key no longer matches). With a linker that has no entityFeatureKey() every call does nothing.
// Uses `store` on the calling thread only (a Store is one connection).
class StoredEntityFeatures
{
public:
    // Marks the model used and drops the stored features of all but the `keepModels` most recently used models
    // (a retrained checkpoint is a new model; MIMIC keeps about 8 KB per entity).
    StoredEntityFeatures(Store& store, Linker& linker, const std::string& checkpointPath = {}, int keepModels = 3);

    bool active() const { return m_model != 0; }
    // Loads the stored features of the entities not looked up before by this object; returns how many it gave.
    std::size_t load(const std::vector<CandidateEntity>& entities);
    std::size_t load(const std::vector<std::vector<CandidateEntity>>& candidateLists);
    // Stores the features the linker encoded since the last call; returns how many.
    std::size_t save();

    std::int64_t loaded() const { return m_loaded; }
    std::int64_t saved() const { return m_saved; }

    static constexpr int kDefaultKeepModels = 3;

private:
    // Adds the entities of `list` not looked up before to `wanted`.
    void collect(const std::vector<CandidateEntity>& list, std::vector<CandidateEntity>& wanted);
    // Gives the linker the stored features of `wanted`; returns how many it took.
    std::size_t give(const std::vector<CandidateEntity>& wanted);

    Store& m_store;
    Linker& m_linker;
    RowId m_model = 0;
    std::unordered_set<std::string> m_lookedUp;
    std::int64_t m_loaded = 0;
    std::int64_t m_saved = 0;
};

} // namespace mel::core
