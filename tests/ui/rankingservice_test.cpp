// RankingService with a linker that caches entity features by QID (as the learned ones do): a new KB in the same
// session must not rank with the features of entries that are no longer there.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "candidates/rankingservice.h"
#include "mel/core/pipeline/kbcandidates.h"
#include "mel/core/store/store.h"
#include "uitest.h"

using namespace mel;
using mel::test::waitFor;

namespace {

// Encodes an entity once per QID (its description, the "feature") and scores every candidate by the length of
// what it encoded, so a ranking shows which version of an entry the linker holds.
class DescriptionCachingLinker final : public core::Linker
{
public:
    std::string name() const override { return "description-cache"; }
    std::vector<core::LinkResult> rank(const std::vector<core::MentionQuery>& mentions,
                                       const std::vector<std::vector<core::CandidateEntity>>& candidates,
                                       bool) override
    {
        std::vector<core::LinkResult> out(mentions.size());
        for (std::size_t i = 0; i < mentions.size(); ++i)
            for (const auto& c : candidates[i]) {
                const auto& feature = m_cache.emplace(c.qid, c.description).first->second;
                out[i].ranked.push_back({c.qid, static_cast<double>(feature.size())});
            }
        return out;
    }

private:
    std::map<std::string, std::string> m_cache;
};

class CachingProvider final : public ui::LinkerProvider
{
public:
    QString id() const override { return QStringLiteral("description-cache"); }
    QString displayName() const override { return QStringLiteral("Description cache"); }
    std::unique_ptr<core::Linker> create() const override
    {
        const std::lock_guard lock(m_mutex);
        ++m_created;
        return std::make_unique<DescriptionCachingLinker>();
    }
    bool cachesEntityFeatures() const override { return true; }
    int created() const
    {
        const std::lock_guard lock(m_mutex);
        return m_created;
    }

private:
    mutable std::mutex m_mutex;
    mutable int m_created = 0;
};

struct RankingServiceTest : ::testing::Test
{
    test::UiTempDir dir;
    std::unique_ptr<core::Store> store;

    void SetUp() override
    {
        test::app();
        store = std::make_unique<core::Store>(dir / "p.melproj");
    }

    std::shared_ptr<const core::KbCandidates> kbWith(const std::string& description)
    {
        core::Entity e;
        e.qid = "Q2105";
        e.name = "François Hollande";
        e.description = description;
        store->upsertEntity(e);
        return std::make_shared<core::KbCandidates>(*store);
    }

    // The score the service's linker gives Q2105 for the mention "Hollande".
    double rankHollande(ui::RankingService& service)
    {
        std::optional<ui::Ranking> result;
        QObject::connect(&service, &ui::RankingService::ranked, &service,
                         [&](const ui::Ranking& r) { result = r; }, Qt::SingleShotConnection);
        core::MentionQuery query;
        query.mentionId = 1;
        query.surface = "Hollande";
        query.text = "Hollande visits Berlin";
        service.request(query);
        EXPECT_TRUE(waitFor([&] { return result.has_value(); }, 30000));
        if (!result || result->candidates.empty()) {
            ADD_FAILURE() << "no ranking" << (result ? result->error.toStdString() : std::string());
            return -1;
        }
        EXPECT_EQ(result->candidates.front().entity.qid, "Q2105");
        return result->candidates.front().score;
    }
};

} // namespace

TEST_F(RankingServiceTest, ANewKb_IsRankedWithFeaturesOfItsOwnEntries)
{
    auto provider = std::make_shared<CachingProvider>();
    ui::RankingService service;
    service.setProvider(provider);
    service.setKb(kbWith("president"));
    EXPECT_TRUE(waitFor([&] { return service.warmedEntities() == 1; }, 30000));
    EXPECT_EQ(rankHollande(service), 9.0);  // "president"

    // The KB is imported again with a changed entry (as File > Import knowledge graph does in an open project).
    service.setKb(kbWith("President of France from 2012 to 2017"));
    EXPECT_TRUE(waitFor([&] { return service.warmedEntities() == 1; }, 30000));
    EXPECT_EQ(rankHollande(service), 37.0) << "ranked with the features of the entry that was replaced";
    EXPECT_EQ(provider->created(), 2);

    // Ranking again with the same KB keeps the instance and its features.
    EXPECT_EQ(rankHollande(service), 37.0);
    EXPECT_EQ(provider->created(), 2);
}
