// The `name` linker: ranks candidates by the WRatio of mention surface and entity name alone — the floor every
// learned linker must beat.
#pragma once

#include "mel/core/linker/linker.h"

namespace mel::core {

// Order: WRatio(surface, name) descending; ties by the plain ratio of the two full pre-processed strings; then the
// order the candidates were given in (stable). When the candidate generator matched the entity through an alias its
// nameScore can exceed the WRatio of the main name; the larger of the two is used. Score = WRatio / 100.
// Explanation: one unit score per candidate ("wratio", "ratio"), no attention.
class NameLinker final : public Linker
{
public:
    std::string name() const override { return "name"; }
    std::vector<LinkResult> rank(const std::vector<MentionQuery>& mentions,
                                 const std::vector<std::vector<CandidateEntity>>& candidates,
                                 bool explain) override;
};

} // namespace mel::core
