// Ranking metrics on hand-computed cases, including the rule for gold entities outside the candidate list.
#include <gtest/gtest.h>

#include "mel/core/eval/metrics.h"

using namespace mel::core;

TEST(Metrics, GoldRankIsOneBasedAndZeroWhenAbsent)
{
    const std::vector<ScoredCandidate> ranked{{"Q1", 0.9}, {"Q2", 0.8}, {"Q3", 0.1}};
    EXPECT_EQ(goldRankIn(ranked, "Q1").rank, 1);
    EXPECT_EQ(goldRankIn(ranked, "Q3").rank, 3);
    EXPECT_EQ(goldRankIn(ranked, "Q9").rank, 0);
    EXPECT_FALSE(goldRankIn({}, "Q1").found());
}

TEST(Metrics, HandComputedCase)
{
    // ranks 1, 2, 4, 12, miss with K = 100
    const std::vector<GoldRank> ranks{{1}, {2}, {4}, {12}, {0}};
    const RankingMetrics m = computeMetrics(ranks, 100);
    EXPECT_EQ(m.n, 5);
    EXPECT_EQ(m.k, 100);
    EXPECT_DOUBLE_EQ(m.hits1, 1.0 / 5);
    EXPECT_DOUBLE_EQ(m.hits3, 2.0 / 5);
    EXPECT_DOUBLE_EQ(m.hits5, 3.0 / 5);
    EXPECT_DOUBLE_EQ(m.hits10, 3.0 / 5);
    EXPECT_DOUBLE_EQ(m.hits20, 4.0 / 5);
    EXPECT_DOUBLE_EQ(m.mrr, (1.0 + 0.5 + 0.25 + 1.0 / 12 + 0.0) / 5);
    EXPECT_DOUBLE_EQ(m.mr, (1.0 + 2 + 4 + 12 + 101) / 5);
    EXPECT_DOUBLE_EQ(m.recallAtK, 4.0 / 5);
}

TEST(Metrics, MissTakesRankKPlusOne)
{
    const RankingMetrics m = computeMetrics({{0}, {0}}, 10);
    EXPECT_DOUBLE_EQ(m.mr, 11.0);
    EXPECT_DOUBLE_EQ(m.mrr, 0.0);
    EXPECT_DOUBLE_EQ(m.hits20, 0.0);
    EXPECT_DOUBLE_EQ(m.recallAtK, 0.0);
}

// Training's dev figures leave out mentions whose gold entity is not in the KB; with them as misses they must be
// exactly what computeMetrics gives over all the ranks (what `eval` reports).
TEST(Metrics, WithMissesEqualsCountingTheMissesDirectly)
{
    const std::vector<GoldRank> inKb{{1}, {2}, {4}, {12}, {0}};
    std::vector<GoldRank> all = inKb;
    all.insert(all.end(), {{0}, {0}});
    const RankingMetrics expected = computeMetrics(all, 100);
    const RankingMetrics m = withMisses(computeMetrics(inKb, 100), 2);
    EXPECT_EQ(m.n, 7);
    EXPECT_EQ(m.k, 100);
    EXPECT_DOUBLE_EQ(m.hits1, 1.0 / 7);
    EXPECT_DOUBLE_EQ(m.mrr, expected.mrr);
    EXPECT_DOUBLE_EQ(m.mr, (1.0 + 2 + 4 + 12 + 101 + 101 + 101) / 7);
    for (const auto& [got, want] : {std::pair{m.hits3, expected.hits3}, {m.hits5, expected.hits5},
                                    {m.hits10, expected.hits10}, {m.hits20, expected.hits20},
                                    {m.recallAtK, expected.recallAtK}})
        EXPECT_DOUBLE_EQ(got, want);
    EXPECT_EQ(withMisses(expected, 0).n, 7);
    EXPECT_EQ(withMisses(computeMetrics({}, 100), 3).mr, 101.0);  // nothing in the KB: every mention a miss
}

TEST(Metrics, EmptyIsAllZero)
{
    const RankingMetrics m = computeMetrics({}, 100);
    EXPECT_EQ(m.n, 0);
    EXPECT_DOUBLE_EQ(m.hits1, 0.0);
    EXPECT_DOUBLE_EQ(m.mr, 0.0);
}

TEST(Metrics, JsonHasTheDocumentedKeys)
{
    const auto j = toJson(computeMetrics({{1}, {3}}, 20));
    for (const char* key : {"n", "k", "hits@1", "hits@3", "hits@5", "hits@10", "hits@20", "mrr", "mr", "recall@k"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["n"].get<int>(), 2);
    EXPECT_DOUBLE_EQ(j["hits@1"].get<double>(), 0.5);
    EXPECT_DOUBLE_EQ(j["mr"].get<double>(), 2.0);
}
