// StoredEntityFeatures: the project's feature rows in front of a linker's in-memory cache.
#include "mel/core/pipeline/storedfeatures.h"

#include <algorithm>

#include "mel/core/store/entityfeatures.h"

namespace mel::core {

StoredEntityFeatures::StoredEntityFeatures(Store& store, Linker& linker, const std::string& checkpointPath,
                                           int keepModels)
    : m_store(store), m_linker(linker)
{
    const auto key = linker.entityFeatureKey();
    if (key.empty())
        return;
    m_model = useFeatureModel(store, key, linker.name(), checkpointPath);
    pruneFeatureModels(store, std::max(1, keepModels));  // this model is the most recently used: it stays
}

void StoredEntityFeatures::collect(const std::vector<CandidateEntity>& list, std::vector<CandidateEntity>& wanted)
{
    for (const auto& e : list)
        if (m_lookedUp.insert(e.qid).second)
            wanted.push_back(e);
}

std::size_t StoredEntityFeatures::give(const std::vector<CandidateEntity>& wanted)
{
    if (wanted.empty())
        return 0;
    const auto taken = m_linker.putEntityFeatures(loadEntityFeatures(m_store, m_model, wanted));
    m_loaded += static_cast<std::int64_t>(taken);
    return taken;
}

std::size_t StoredEntityFeatures::load(const std::vector<CandidateEntity>& entities)
{
    if (!active())
        return 0;
    std::vector<CandidateEntity> wanted;
    collect(entities, wanted);
    return give(wanted);
}

std::size_t StoredEntityFeatures::load(const std::vector<std::vector<CandidateEntity>>& candidateLists)
{
    if (!active())
        return 0;
    // Only entities not looked up before are copied (a batch's lists repeat most of them).
    std::vector<CandidateEntity> wanted;
    for (const auto& list : candidateLists)
        collect(list, wanted);
    return give(wanted);
}

std::size_t StoredEntityFeatures::save()
{
    if (!active())
        return 0;
    const auto fresh = m_linker.takeNewEntityFeatures();
    if (fresh.empty())
        return 0;
    saveEntityFeatures(m_store, m_model, fresh);
    m_saved += static_cast<std::int64_t>(fresh.size());
    return fresh.size();
}

} // namespace mel::core
