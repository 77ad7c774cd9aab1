// The project's KB in memory with its WRatio candidate index: mention surface -> top-K CandidateEntity list.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mel/core/linker/linker.h"
#include "mel/core/store/store.h"

namespace mel::core {

class CandidateIndex;

// Built once per project (a few hundred ms for 20k entities); read-only and thread-safe afterwards.
class KbCandidates
{
public:
    explicit KbCandidates(Store& store);
    ~KbCandidates();
    KbCandidates(const KbCandidates&) = delete;
    KbCandidates& operator=(const KbCandidates&) = delete;

    // The top-k entities by WRatio of `surface` against names and aliases, best first (CandidateIndex order),
    // with nameScore set.
    std::vector<CandidateEntity> candidates(std::string_view surface, int k) const;
    // nullptr when the QID is not in the KB.
    const Entity* entity(std::string_view qid) const;
    CandidateEntity toCandidate(const Entity& entity, double nameScore = 0) const;
    std::size_t size() const { return m_entities.size(); }
    const std::vector<Entity>& entities() const { return m_entities; }
    const CandidateIndex& index() const { return *m_index; }

private:
    std::vector<Entity> m_entities;
    std::unordered_map<RowId, std::size_t> m_byRowId;
    std::unordered_map<std::string, std::size_t> m_byQid;
    std::unique_ptr<CandidateIndex> m_index;
};

} // namespace mel::core
