// Encoded entity features per model: one row per (model, QID), stale rows recognised by their input key.
#include "mel/core/store/entityfeatures.h"

#include <algorithm>

#include "mel/core/store/database.h"
#include "mel/core/util/error.h"

namespace mel::core {

RowId useFeatureModel(Store& store, std::string_view key, std::string_view linker, std::string_view checkpointPath)
{
    if (key.empty())
        throw Error(ErrorCode::Invalid, "stored entity features need a model key", {store.path().string(), {}, {}});
    auto& st = store.cached(
        "INSERT INTO feature_model(key, linker, checkpoint_path, last_used_at, use_order) "
        "VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(use_order), 0) + 1 FROM feature_model)) "
        "ON CONFLICT(key) DO UPDATE SET last_used_at = ?4, checkpoint_path = ?3, use_order = excluded.use_order "
        "RETURNING id");
    st.bind(1, key).bind(2, linker).bind(3, checkpointPath).bind(4, nowIso8601());
    st.step();
    const RowId id = st.int64(0);
    st.reset();
    return id;
}

std::vector<FeatureModel> featureModels(Store& store)
{
    auto& st = store.cached(
        "SELECT m.id, m.key, m.linker, m.checkpoint_path, m.last_used_at, count(f.qid), coalesce(sum(length(f.data)), 0) "
        "FROM feature_model m LEFT JOIN entity_feature f ON f.model_id = m.id GROUP BY m.id "
        "ORDER BY m.use_order DESC");
    std::vector<FeatureModel> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.int64(5), st.int64(6)});
    st.reset();
    return out;
}

std::vector<EntityFeatureRecord> loadEntityFeatures(Store& store, RowId model,
                                                    const std::vector<CandidateEntity>& wanted)
{
    auto& st = store.cached("SELECT input_key, data FROM entity_feature WHERE model_id = ? AND qid = ?");
    std::vector<EntityFeatureRecord> out;
    for (const auto& entity : wanted) {
        st.bind(1, model).bind(2, entity.qid);
        if (st.step()) {
            auto inputKey = st.text(0);
            if (inputKey == entityInputKey(entity))
                out.push_back({entity.qid, std::move(inputKey), st.blob(1)});
        }
        st.reset();
    }
    return out;
}

void saveEntityFeatures(Store& store, RowId model, const std::vector<EntityFeatureRecord>& records)
{
    store.inTransaction([&] {
        auto& st = store.cached("INSERT OR REPLACE INTO entity_feature(model_id, qid, input_key, data) "
                                "VALUES (?, ?, ?, ?)");
        for (const auto& r : records) {
            st.bind(1, model).bind(2, r.qid).bind(3, r.inputKey).bindBlob(4, r.data);
            st.exec();
        }
    });
}

int pruneFeatureModels(Store& store, int keep)
{
    // One statement: what counts as "most recently used" is read where the rows go (another connection may have
    // just used a model). entity_feature rows cascade.
    auto& del = store.cached("DELETE FROM feature_model WHERE id NOT IN "
                             "(SELECT id FROM feature_model ORDER BY use_order DESC LIMIT ?)");
    del.bind(1, std::max(keep, 0));
    del.exec();
    return store.db().changes();
}

int dropEntityFeatures(Store& store, int keep)
{
    const int dropped = pruneFeatureModels(store, keep);
    if (dropped > 0)
        store.db().exec("VACUUM");  // give the pages back: MIMIC's features are ~8 KB per entity
    return dropped;
}

} // namespace mel::core
