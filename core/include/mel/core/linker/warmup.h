// Encoding a learned linker's entity side ahead of time, as an editor indexes a project in the background.
#pragma once

#include <cstddef>
#include <vector>

#include "mel/core/linker/linker.h"

namespace mel::core {

// The learned linkers cache each entity's encoded features by QID (models' TorchLinker), so only the first
// ranking that meets an entity pays for encoding it: with 100 candidates that first visit is several times slower
// than a ranking whose candidates are all cached. warmEntityFeatures ranks `entities` as the candidates of one
// placeholder mention, `chunk` at a time (one batched forward pass each, no explanation), which fills that cache;
// the scores are thrown away. For a linker without such a cache it is only wasted work, so callers use it for the
// linkers that have one. Stops between chunks when `job` is cancelled; reports progress after each chunk.
// Returns how many entities went through.
std::size_t warmEntityFeatures(Linker& linker, const std::vector<CandidateEntity>& entities, const JobContext& job = {},
                               std::size_t chunk = 256);

// The placeholder mention the warm-up ranks against (no span, no image).
MentionQuery warmUpQuery();

} // namespace mel::core
