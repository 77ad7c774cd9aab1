// The name baseline: WRatio order, ratio tie-break, then the given order; every candidate returned once.
#include <gtest/gtest.h>

#include <set>

#include "mel/core/kb/wratio.h"
#include "mel/core/linker/namelinker.h"
#include "mel/core/util/error.h"

using namespace mel::core;

namespace {

CandidateEntity entity(std::string qid, std::string name)
{
    CandidateEntity e;
    e.qid = std::move(qid);
    e.name = std::move(name);
    return e;
}

std::vector<std::string> qids(const LinkResult& r)
{
    std::vector<std::string> out;
    for (const auto& c : r.ranked)
        out.push_back(c.qid);
    return out;
}

} // namespace

TEST(NameLinker, RanksByWRatio)
{
    NameLinker linker;
    MentionQuery q;
    q.surface = "Hollande";
    const auto results = linker.rank({q}, {{entity("Q1", "Nicolas Sarkozy"), entity("Q2", "François Hollande"),
                                            entity("Q3", "Hollande Street Bridge Company")}},
                                     false);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].ranked.front().qid, "Q2");
    EXPECT_DOUBLE_EQ(results[0].ranked.front().score, fuzz::wratio("Hollande", "François Hollande") / 100.0);
    EXPECT_EQ(results[0].ranked.back().qid, "Q1");
}

TEST(NameLinker, TiesBrokenByPlainRatioThenGivenOrder)
{
    NameLinker linker;
    MentionQuery q;
    q.surface = "john smith";
    // "smith john" reaches WRatio 95 through token sort (plain ratio 50); "John Smith" is exact (100).
    // QA and QC are identical, so only the given order separates them.
    const auto r = linker.rank({q}, {{entity("QA", "smith john"), entity("QC", "smith john"),
                                      entity("QB", "John Smith")}},
                               true);
    EXPECT_EQ(qids(r[0]), (std::vector<std::string>{"QB", "QA", "QC"}));
    ASSERT_EQ(r[0].explanation.unitScores.at("wratio").size(), 3u);

    // "smith john" and "jon smith" both score WRatio 95 against "john smith" but their plain ratios differ
    // (50 vs 95): the higher ratio wins whatever the given order.
    ASSERT_EQ(fuzz::wratio("john smith", "smith john"), fuzz::wratio("john smith", "john smiths"));
    const auto r2 = linker.rank({q}, {{entity("Q1", "smith john"), entity("Q2", "john smiths")}}, false);
    EXPECT_EQ(r2[0].ranked.front().qid, "Q2");
}

TEST(NameLinker, EveryCandidateExactlyOnceAndDeterministic)
{
    NameLinker linker;
    MentionQuery q;
    q.surface = "Obama";
    std::vector<CandidateEntity> cands{entity("Q1", "Barack Obama"), entity("Q2", "Michelle Obama"),
                                       entity("Q3", "Obama"), entity("Q4", ""), entity("Q5", "Malia Obama")};
    const auto r1 = linker.rank({q}, {cands}, false);
    const auto r2 = linker.rank({q}, {cands}, false);
    EXPECT_EQ(qids(r1[0]), qids(r2[0]));
    const auto list = qids(r1[0]);
    EXPECT_EQ(std::set<std::string>(list.begin(), list.end()).size(), cands.size());
    EXPECT_EQ(list.front(), "Q3");
    EXPECT_EQ(list.back(), "Q4");   // empty name scores 0
}

TEST(NameLinker, AliasScoreFromGeneratorIsKept)
{
    NameLinker linker;
    MentionQuery q;
    q.surface = "JFK";
    CandidateEntity kennedy = entity("Q9696", "John F. Kennedy");
    kennedy.nameScore = 100;   // matched through the alias "JFK"
    const auto r = linker.rank({q}, {{entity("Q1", "JFK Airport"), kennedy}}, false);
    EXPECT_EQ(r[0].ranked.front().qid, "Q9696");
}

TEST(NameLinker, MismatchedInputIsAnError)
{
    NameLinker linker;
    EXPECT_THROW(linker.rank({MentionQuery{}}, {}, false), Error);
}
