// warmEntityFeatures: every entity once through a linker's batched entity side, chunk by chunk.
#include "mel/core/linker/warmup.h"

#include <algorithm>
#include <string>

namespace mel::core {

MentionQuery warmUpQuery()
{
    MentionQuery q;
    q.surface = "entity";
    q.text = "entity";
    return q;
}

std::size_t warmEntityFeatures(Linker& linker, const std::vector<CandidateEntity>& entities, const JobContext& job,
                               std::size_t chunk)
{
    chunk = std::max<std::size_t>(1, chunk);
    const MentionQuery query = warmUpQuery();
    std::size_t done = 0;
    while (done < entities.size()) {
        if (job.isCancelled())
            break;
        const std::size_t end = std::min(entities.size(), done + chunk);
        linker.rank({query}, {std::vector<CandidateEntity>(entities.begin() + static_cast<std::ptrdiff_t>(done),
                                                           entities.begin() + static_cast<std::ptrdiff_t>(end))},
                    false);
        done = end;
        job.report(static_cast<double>(done) / static_cast<double>(entities.size()),
                   "encoded " + std::to_string(done) + " of " + std::to_string(entities.size()) + " entities");
    }
    return done;
}

} // namespace mel::core
