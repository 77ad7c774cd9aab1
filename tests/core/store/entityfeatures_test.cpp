// Stored entity features: per-model rows in the project, stale rows recognised, old models dropped, and
// StoredEntityFeatures putting them in front of a linker's own cache.
#include <gtest/gtest.h>

#include <fstream>

#include "mel/core/pipeline/storedfeatures.h"
#include "mel/core/store/entityfeatures.h"
#include "mel/core/util/error.h"
#include "encodinglinker.h"
#include "testproject.h"

using namespace mel::core;

namespace {

using mel::test::EncodingLinker;

std::vector<CandidateEntity> kb()
{
    return {{"Q1", "Ada Lovelace", "mathematician", "/img/q1.jpg", 90},
            {"Q2", "Alan Turing", "computer scientist", "", 80},
            {"Q3", "Grace Hopper", "rear admiral", "", 70}};
}

std::vector<LinkResult> rankAll(Linker& linker, const std::vector<CandidateEntity>& entities)
{
    MentionQuery q;
    q.surface = "x";
    return linker.rank({q}, {entities}, false);
}

struct EntityFeatureStore : ::testing::Test
{
    mel::test::TempDir dir;
    std::unique_ptr<Store> store = std::make_unique<Store>(dir / "p.melproj");
};

} // namespace

TEST_F(EntityFeatureStore, RowsRoundTripAsBlobsAndStaleOnesAreLeftOut)
{
    const RowId model = useFeatureModel(*store, "m/1", "mimic", "/ck/a.pt");
    EXPECT_EQ(useFeatureModel(*store, "m/1", "mimic", "/ck/a.pt"), model) << "one row per key";
    EXPECT_THROW(useFeatureModel(*store, "", "mimic", ""), Error);
    const auto entities = kb();
    const std::string bytes("\0\x01\xff raw", 7);  // embedded NULs: stored as a BLOB, not as text
    saveEntityFeatures(*store, model,
                       {{"Q1", entityInputKey(entities[0]), bytes}, {"Q2", entityInputKey(entities[1]), "two"}});

    auto back = loadEntityFeatures(*store, model, entities);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].qid, "Q1");
    EXPECT_EQ(back[0].data, bytes);
    EXPECT_EQ(back[1].data, "two");

    // The KB entry of Q1 changed (a re-import): its row is stale and not given back; a new save replaces it.
    auto changed = entities;
    changed[0].description = "mathematician and writer";
    back = loadEntityFeatures(*store, model, changed);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].qid, "Q2");
    changed[0].imagePath = "/img/other.jpg";
    EXPECT_NE(entityInputKey(changed[0]), entityInputKey(entities[0]));
    saveEntityFeatures(*store, model, {{"Q1", entityInputKey(changed[0]), "new"}});
    back = loadEntityFeatures(*store, model, changed);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].data, "new");

    const auto models = featureModels(*store);
    ASSERT_EQ(models.size(), 1u);
    EXPECT_EQ(models[0].key, "m/1");
    EXPECT_EQ(models[0].linker, "mimic");
    EXPECT_EQ(models[0].entities, 2);
    EXPECT_EQ(models[0].bytes, 6);

    // Another model's rows are its own.
    const RowId other = useFeatureModel(*store, "m/2", "mimic", "/ck/b.pt");
    EXPECT_TRUE(loadEntityFeatures(*store, other, entities).empty());
}

TEST_F(EntityFeatureStore, PruningKeepsTheMostRecentlyUsedModels)
{
    const auto entities = kb();
    for (const char* key : {"a", "b", "c"}) {
        const RowId model = useFeatureModel(*store, key, "ghmf", "");
        saveEntityFeatures(*store, model, {{"Q1", entityInputKey(entities[0]), key}});
    }
    useFeatureModel(*store, "a", "ghmf", "");  // used again: now the most recent
    EXPECT_EQ(pruneFeatureModels(*store, 2), 1);
    const auto left = featureModels(*store);
    ASSERT_EQ(left.size(), 2u);
    EXPECT_EQ(left[0].key, "a");
    EXPECT_EQ(left[1].key, "c");
    Statement rows(store->db(), "SELECT count(*) FROM entity_feature");
    ASSERT_TRUE(rows.step());
    EXPECT_EQ(rows.int64(0), 2) << "the dropped model's rows went with it";
    EXPECT_EQ(pruneFeatureModels(*store, 0), 2);
    EXPECT_TRUE(featureModels(*store).empty());
}

// A second linker with the same key encodes nothing the first one encoded, and gets the same scores; an entity whose
// KB entry changed is encoded again and its new features replace the old.
TEST_F(EntityFeatureStore, ASecondRunEncodesOnlyWhatChanged)
{
    const auto entities = kb();
    EncodingLinker first("k/1");
    {
        StoredEntityFeatures stored(*store, first, "/ck/a.pt");
        ASSERT_TRUE(stored.active());
        EXPECT_EQ(stored.load(std::vector<std::vector<CandidateEntity>>{entities}), 0u);
        rankAll(first, entities);
        EXPECT_EQ(stored.save(), 3u);
        EXPECT_EQ(stored.save(), 0u) << "each feature is handed out once";
        EXPECT_EQ(stored.saved(), 3);
    }
    EXPECT_EQ(first.encoded.size(), 3u);

    EncodingLinker second("k/1");
    StoredEntityFeatures stored(*store, second, "/ck/a.pt");
    EXPECT_EQ(stored.load(entities), 3u);
    EXPECT_EQ(stored.load(entities), 0u) << "looked up once per run";
    const auto a = rankAll(first, entities);
    const auto b = rankAll(second, entities);
    EXPECT_TRUE(second.encoded.empty());
    for (std::size_t k = 0; k < entities.size(); ++k)
        EXPECT_EQ(a[0].ranked[k].score, b[0].ranked[k].score);
    EXPECT_EQ(stored.save(), 0u);

    auto changed = entities;
    changed[1].description = "mathematician and codebreaker";
    EncodingLinker third("k/1");
    StoredEntityFeatures again(*store, third);
    EXPECT_EQ(again.load(changed), 2u);
    rankAll(third, changed);
    EXPECT_EQ(third.encoded, std::vector<std::string>{"Q2"});
    EXPECT_EQ(again.save(), 1u);
    EXPECT_EQ(loadEntityFeatures(*store, featureModels(*store)[0].id, changed).size(), 3u);
}

TEST_F(EntityFeatureStore, ALinkerWithoutAKeyStoresNothing)
{
    EncodingLinker plain("");
    StoredEntityFeatures stored(*store, plain);
    EXPECT_FALSE(stored.active());
    EXPECT_EQ(stored.load(kb()), 0u);
    rankAll(plain, kb());
    EXPECT_EQ(stored.save(), 0u);
    EXPECT_TRUE(featureModels(*store).empty());
}

TEST_F(EntityFeatureStore, OnlyTheNewestModelsKeepTheirFeatures)
{
    const auto entities = kb();
    for (int i = 0; i < 4; ++i) {
        EncodingLinker linker("k/" + std::to_string(i));
        StoredEntityFeatures stored(*store, linker, "", 2);
        rankAll(linker, entities);
        stored.save();
    }
    const auto left = featureModels(*store);
    ASSERT_EQ(left.size(), 2u);
    EXPECT_EQ(left[0].entities + left[1].entities, 6);
}

// The input key follows the image file, not only its path: an image that appears, or is replaced, makes the stored
// row stale (an unreadable image was encoded as "no image").
TEST_F(EntityFeatureStore, TheInputKeyFollowsTheImageFile)
{
    CandidateEntity e{"Q1", "Ada Lovelace", "mathematician", (dir / "q1.jpg").string(), 90};
    const auto missing = entityInputKey(e);
    std::ofstream(e.imagePath, std::ios::binary) << "first";
    const auto present = entityInputKey(e);
    EXPECT_NE(present, missing);
    EXPECT_EQ(entityInputKey(e), present) << "a stat, the same while nothing changes";
    std::ofstream(e.imagePath, std::ios::binary) << "a longer replacement";
    EXPECT_NE(entityInputKey(e), present);
}

// Features dropped while a run still fills them: its next save fails (it stops using them) and nothing is stored
// under a model that no longer exists.
TEST_F(EntityFeatureStore, ASaveIntoDroppedFeaturesFailsCleanly)
{
    EncodingLinker linker("k/1");
    StoredEntityFeatures stored(*store, linker);
    rankAll(linker, kb());
    EXPECT_EQ(dropEntityFeatures(*store), 1);
    EXPECT_THROW(stored.save(), Error);
    Statement rows(store->db(), "SELECT count(*) FROM entity_feature");
    ASSERT_TRUE(rows.step());
    EXPECT_EQ(rows.int64(0), 0);
}
