// Learned linkers' encoded entity features kept in the project, per model (schema migration 4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mel/core/linker/linker.h"
#include "mel/core/store/store.h"

namespace mel::core {

// One model's features in the project.
struct FeatureModel
{
    RowId id = 0;
    std::string key;             // Linker::entityFeatureKey()
    std::string linker;          // e.g. "mimic"
    std::string checkpointPath;  // where the checkpoint was when its features were stored
    std::string lastUsedAt;      // ISO 8601, UTC
    std::int64_t entities = 0;
    std::int64_t bytes = 0;      // feature bytes (the file holds a little more: keys, pages)
};

// The row for `key`, created when new; marks it used now. Throws Error(Invalid) for an empty key.
RowId useFeatureModel(Store& store, std::string_view key, std::string_view linker, std::string_view checkpointPath);

// Every model with stored features, most recently used first.
std::vector<FeatureModel> featureModels(Store& store);

// The stored features of `wanted` entities, looked up by QID; a row whose input key differs from the entity's
// current entityInputKey is left out (its KB entry changed since). Order follows `wanted`.
std::vector<EntityFeatureRecord> loadEntityFeatures(Store& store, RowId model,
                                                    const std::vector<CandidateEntity>& wanted);

// Stores records (replacing a QID's earlier row) in one transaction, or in the caller's when one is open.
void saveEntityFeatures(Store& store, RowId model, const std::vector<EntityFeatureRecord>& records);

// Deletes the features of all but the `keep` most recently used models (one statement); returns how many models
// went. A connection still filling a dropped model gets a foreign-key error on its next save (a cache: it stops).
int pruneFeatureModels(Store& store, int keep);

// What a user's "drop" does (features --keep/--clear, the GUI's Drop all): pruneFeatureModels, then, when any model
// went, VACUUM so the file shrinks (no statement of this connection may be mid-step then; both callers open their
// own). Automatic pruning does not compact (a whole-file rewrite). Returns how many went.
int dropEntityFeatures(Store& store, int keep = 0);

} // namespace mel::core
