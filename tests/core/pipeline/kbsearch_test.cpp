// KB search: full-text prefix hits first, fuzzy name matches for typos after them, no duplicates.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>

#include "mel/core/pipeline/kbsearch.h"

using namespace mel::core;
namespace fs = std::filesystem;

namespace {

class KbSearchTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::random_device rd;
        m_dir = fs::temp_directory_path() / ("mel-kbsearch-" + std::to_string(rd()));
        fs::create_directories(m_dir);
        m_store = std::make_unique<Store>(m_dir / "p.melproj");
        const std::vector<std::tuple<std::string, std::string, std::string>> entities{
            {"Q2105", "François Hollande", "President of France 2012-2017"},
            {"Q76", "Barack Obama", "44th President of the United States"},
            {"Q13133", "Michelle Obama", "First Lady of the United States"},
            {"Q55", "Netherlands", "country in Europe, also called Holland"},
            {"Q42", "Douglas Adams", "English writer"},
        };
        for (const auto& [qid, name, description] : entities) {
            Entity e;
            e.qid = qid;
            e.name = name;
            e.description = description;
            m_store->upsertEntity(e);
        }
        m_store->rebuildSearchIndex();
        m_kb = std::make_unique<KbCandidates>(*m_store);
    }
    void TearDown() override
    {
        m_kb.reset();
        m_store.reset();
        fs::remove_all(m_dir);
    }
    std::vector<std::string> qids(std::string_view query, int limit = 20)
    {
        std::vector<std::string> out;
        for (const auto& hit : searchKb(*m_store, *m_kb, query, limit))
            out.push_back(hit.entity.qid + (hit.fuzzy ? "~" : ""));
        return out;
    }
    fs::path m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<KbCandidates> m_kb;
};

} // namespace

TEST_F(KbSearchTest, FullTextHitsComeFirst)
{
    const auto hits = qids("obama");
    ASSERT_GE(hits.size(), 2u);
    EXPECT_EQ(std::set<std::string>(hits.begin(), hits.begin() + 2), (std::set<std::string>{"Q76", "Q13133"}));
}

TEST_F(KbSearchTest, TyposAreFoundByFuzzyNameMatching)
{
    EXPECT_EQ(qids("Holande").front(), "Q2105~");
    EXPECT_EQ(qids("Francois Hollande").front().substr(0, 5), "Q2105");  // FTS5 finds "hollande" already
    EXPECT_EQ(qids("Obamma Barack").front(), "Q76~");
    EXPECT_EQ(qids("Duglas Adams").front(), "Q42~");
}

TEST_F(KbSearchTest, NoDuplicatesAndLimitRespected)
{
    const auto hits = qids("president", 3);
    EXPECT_LE(hits.size(), 3u);
    std::set<std::string> unique;
    for (const auto& h : hits)
        EXPECT_TRUE(unique.insert(h.substr(0, h.find('~'))).second) << h;
    EXPECT_TRUE(qids("   ").empty());
    EXPECT_TRUE(qids("zzzzqqqq").empty());  // nothing close enough
}
