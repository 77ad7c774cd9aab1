// In-memory KB with its candidate index.
#include "mel/core/pipeline/kbcandidates.h"

#include "mel/core/kb/candidateindex.h"

namespace mel::core {

KbCandidates::KbCandidates(Store& store)
    : m_entities(store.entities())
{
    m_byRowId.reserve(m_entities.size());
    m_byQid.reserve(m_entities.size());
    for (std::size_t i = 0; i < m_entities.size(); ++i) {
        m_byRowId.emplace(m_entities[i].id, i);
        m_byQid.emplace(m_entities[i].qid, i);
    }
    m_index = std::make_unique<CandidateIndex>(store.entityNames());
}

KbCandidates::~KbCandidates() = default;

const Entity* KbCandidates::entity(std::string_view qid) const
{
    const auto it = m_byQid.find(std::string(qid));
    return it == m_byQid.end() ? nullptr : &m_entities[it->second];
}

CandidateEntity KbCandidates::toCandidate(const Entity& e, double nameScore) const
{
    return CandidateEntity{e.qid, e.name, e.description, e.imagePath, nameScore};
}

std::vector<CandidateEntity> KbCandidates::candidates(std::string_view surface, int k) const
{
    std::vector<CandidateEntity> out;
    for (const auto& c : m_index->topK(surface, k)) {
        const auto it = m_byRowId.find(c.entity);
        if (it != m_byRowId.end())
            out.push_back(toCandidate(m_entities[it->second], c.score));
    }
    return out;
}

} // namespace mel::core
