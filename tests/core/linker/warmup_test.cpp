// warmEntityFeatures: every entity reaches the linker once, in chunks, as candidates of one placeholder mention.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "mel/core/linker/warmup.h"

using namespace mel::core;

namespace {

// Records what it is asked to rank; ranks in the given order.
class RecordingLinker final : public Linker
{
public:
    std::vector<std::vector<std::string>> calls;  // the candidate QIDs of each call
    std::vector<bool> explained;
    std::string name() const override { return "recording"; }
    std::vector<LinkResult> rank(const std::vector<MentionQuery>& mentions,
                                 const std::vector<std::vector<CandidateEntity>>& candidates, bool explain) override
    {
        EXPECT_EQ(mentions.size(), 1u);
        EXPECT_EQ(mentions.at(0).surface, warmUpQuery().surface);
        std::vector<std::string> qids;
        LinkResult r;
        for (const auto& c : candidates.at(0)) {
            qids.push_back(c.qid);
            r.ranked.push_back({c.qid, 0});
        }
        calls.push_back(qids);
        explained.push_back(explain);
        return {r};
    }
};

std::vector<CandidateEntity> entities(int n)
{
    std::vector<CandidateEntity> out;
    for (int i = 0; i < n; ++i)
        out.push_back({"Q" + std::to_string(i + 1), "Name " + std::to_string(i), "", "", 0});
    return out;
}

} // namespace

TEST(WarmUp, EveryEntityOnceInChunksWithoutExplanation)
{
    RecordingLinker linker;
    std::vector<double> progress;
    JobContext job;
    job.progress = [&](double f, std::string_view) { progress.push_back(f); };
    EXPECT_EQ(warmEntityFeatures(linker, entities(10), job, 4), 10u);
    ASSERT_EQ(linker.calls.size(), 3u);
    EXPECT_EQ(linker.calls[0].size(), 4u);
    EXPECT_EQ(linker.calls[2].size(), 2u);
    std::set<std::string> seen;
    for (const auto& call : linker.calls)
        seen.insert(call.begin(), call.end());
    EXPECT_EQ(seen.size(), 10u);
    EXPECT_EQ(linker.explained, (std::vector<bool>{false, false, false}));
    EXPECT_EQ(progress.back(), 1.0);
}

TEST(WarmUp, StopsBetweenChunksWhenCancelled)
{
    RecordingLinker linker;
    std::atomic<bool> cancel{false};
    JobContext job;
    job.cancelled = &cancel;
    job.progress = [&](double, std::string_view) { cancel = true; };  // cancel after the first chunk
    EXPECT_EQ(warmEntityFeatures(linker, entities(10), job, 4), 4u);
    EXPECT_EQ(linker.calls.size(), 1u);
    EXPECT_EQ(warmEntityFeatures(linker, {}, {}, 4), 0u);
}
