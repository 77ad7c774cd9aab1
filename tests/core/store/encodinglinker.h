// A core::Linker with an entity feature cache but no model, for the stored-feature tests.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "mel/core/linker/linker.h"

namespace mel::test {

using core::CandidateEntity;
using core::EntityFeatureRecord;
using core::LinkResult;
using core::Linker;
using core::LinkerPlacementUsed;
using core::MentionQuery;

// "Encodes" an entity as the bytes of its name and description and scores by their length; counts encodings.
class EncodingLinker final : public Linker
{
public:
    explicit EncodingLinker(std::string key) : m_key(std::move(key)) {}
    std::vector<std::string> encoded;  // QIDs this instance had to encode, in order
    LinkerPlacementUsed placementUsed;  // what placement() and undecodableImages() report
    std::vector<std::string> undecodable;

    std::string name() const override { return "encoding"; }
    LinkerPlacementUsed placement() const override { return placementUsed; }
    std::vector<std::string> undecodableImages() const override { return undecodable; }
    std::string entityFeatureKey() const override { return m_key; }
    std::vector<LinkResult> rank(const std::vector<MentionQuery>& mentions,
                                 const std::vector<std::vector<CandidateEntity>>& candidates, bool) override
    {
        std::vector<LinkResult> out(mentions.size());
        for (std::size_t i = 0; i < mentions.size(); ++i)
            for (const auto& c : candidates[i]) {
                if (!m_cache.count(c.qid)) {
                    m_cache[c.qid] = c.name + '\0' + c.description;
                    encoded.push_back(c.qid);
                    if (!m_key.empty())
                        m_fresh.push_back({c.qid, core::entityInputKey(c), m_cache[c.qid]});
                }
                out[i].ranked.push_back({c.qid, static_cast<double>(m_cache[c.qid].size())});
            }
        return out;
    }
    std::vector<EntityFeatureRecord> takeNewEntityFeatures() override { return std::exchange(m_fresh, {}); }
    std::size_t putEntityFeatures(const std::vector<EntityFeatureRecord>& records) override
    {
        std::size_t taken = 0;
        for (const auto& r : records)
            taken += m_cache.emplace(r.qid, r.data).second ? 1 : 0;
        return taken;
    }
    const std::string& cached(const std::string& qid) const { return m_cache.at(qid); }

private:
    std::string m_key;
    std::map<std::string, std::string> m_cache;
    std::vector<EntityFeatureRecord> m_fresh;
};

} // namespace mel::test
