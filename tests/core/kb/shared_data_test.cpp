// topK == topKBruteForce on real mentions: Wikidata-MEL and Richpedia-MEL surfaces against their full KG names.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "mel/core/kb/candidatebench.h"
#include "mel/core/kb/candidateindex.h"

using namespace mel::core;

namespace {

std::filesystem::path sharedData()
{
    return std::filesystem::path(MEL_SHARED_DIR) / "data";
}

// Distinct surfaces in first-seen order, then `count` of them evenly spaced (all with MEL_KB_FULL_CHECK=1).
std::vector<std::string> sample(const std::vector<std::string>& mentions, std::size_t count)
{
    std::vector<std::string> distinct;
    std::set<std::string> seen;
    for (const auto& m : mentions)
        if (seen.insert(m).second)
            distinct.push_back(m);
    if (std::getenv("MEL_KB_FULL_CHECK") || distinct.size() <= count)
        return distinct;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(distinct[i * distinct.size() / count]);
    return out;
}

void checkAgainstBruteForce(const std::string& folder, const std::string& samplesFile, std::size_t count,
                            double exactShare)
{
    const auto dir = sharedData() / folder;
    if (!std::filesystem::exists(dir / samplesFile))
        GTEST_SKIP() << "shared data not found under " << dir;
    const auto kb = kgNamesFromQid2ne(dir / "qid2ne.json");
    const auto mentions = sample(mentionsFromMelBench(dir / samplesFile), count);
    const CandidateIndex index(kb);
    std::size_t checked = 0, hundred = 0;
    for (const auto& m : mentions) {
        const auto got = index.topK(m, 100);
        const auto want = index.topKBruteForce(m, 100);
        ASSERT_EQ(got.size(), want.size()) << m;
        for (std::size_t i = 0; i < got.size(); ++i) {
            ASSERT_EQ(got[i].entity, want[i].entity) << m << " #" << i;
            ASSERT_EQ(got[i].score, want[i].score) << m << " #" << i;
            ASSERT_EQ(got[i].ratio, want[i].ratio) << m << " #" << i;
            ASSERT_EQ(got[i].matchedName, want[i].matchedName) << m << " #" << i;
        }
        hundred += !got.empty() && got[0].score == 100;
        ++checked;
    }
    std::cout << "[ check ] " << folder << ": " << checked << " distinct mentions, topK(100) == brute force; "
              << hundred << " with an exact name match first\n";
    EXPECT_GT(checked, count / 2);
    // Wikidata-MEL mentions are mostly full KG names (WRatio 100); Richpedia's are often surnames only.
    EXPECT_GT(static_cast<double>(hundred), exactShare * static_cast<double>(checked));
}

} // namespace

TEST(CandidateIndexSharedData, WikidataMelMentionsMatchBruteForce)
{
    checkAgainstBruteForce("wikidata-mel", "Wikidata-MEL.json", 1000, 0.5);
}

TEST(CandidateIndexSharedData, RichpediaMelMentionsMatchBruteForce)
{
    checkAgainstBruteForce("richpedia-mel", "train.json", 500, 0.2);
}

TEST(CandidateIndexSharedData, SurnameOnlyMentionFindsTheFullName)
{
    const auto file = sharedData() / "wikidata-mel/qid2ne.json";
    if (!std::filesystem::exists(file))
        GTEST_SKIP() << "shared data not found";
    const CandidateIndex index(kgNamesFromQid2ne(file));
    EXPECT_EQ(index.entityCount(), 18880u);
    const auto top = index.topK("Hollande", 10);
    const auto it = std::find_if(top.begin(), top.end(), [](const Candidate& c) {
        return c.matchedName == "François Hollande";
    });
    ASSERT_NE(it, top.end());
    EXPECT_EQ(it->score, 90);
}
