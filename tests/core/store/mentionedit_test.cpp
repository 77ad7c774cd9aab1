// Mentions added by hand: spans in code points, next ordinal, validation, removal with history.
#include <gtest/gtest.h>

#include "mel/core/store/mentionedit.h"
#include "mel/core/util/error.h"
#include "testproject.h"

using namespace mel::core;

namespace {

struct MentionEditFixture : ::testing::Test
{
    mel::test::TempDir dir;
    std::unique_ptr<Store> store = std::make_unique<Store>(dir / "p.melproj");
    RowId sample = 0;

    void SetUp() override
    {
        const RowId ds = store->insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
        Sample s;
        s.datasetId = ds;
        s.sourceId = "s1";
        s.text = "Léa Seydoux in Cannes";
        sample = store->insertSample(s);
        Mention m;
        m.sampleId = sample;
        m.surface = "Léa Seydoux";
        m.begin = 0;
        m.end = 11;
        store->insertMention(m);
    }
};

} // namespace

TEST_F(MentionEditFixture, MentionEdit_AddTakesTheSurfaceFromCodePointsAndTheNextOrdinal)
{
    const RowId id = addMention(*store, sample, 15, 21);
    const auto m = store->mention(id);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->surface, "Cannes");
    EXPECT_EQ(m->ordinal, 1);
    EXPECT_EQ(m->begin, 15);
    EXPECT_EQ(store->mentionsOf(sample).size(), 2u);
    EXPECT_EQ(store->mention(addMention(*store, sample, 0, 3))->surface, "Léa");
}

TEST_F(MentionEditFixture, MentionEdit_RejectsBadSpansAndDuplicates)
{
    EXPECT_THROW(addMention(*store, sample, 5, 5), Error);
    EXPECT_THROW(addMention(*store, sample, 15, 22), Error);
    EXPECT_THROW(addMention(*store, sample, 0, 11), Error);
    EXPECT_THROW(addMention(*store, 999, 0, 1), Error);
}

TEST_F(MentionEditFixture, MentionEdit_RemoveTakesLabelAndHistoryWithIt)
{
    const RowId id = addMention(*store, sample, 15, 21);
    store->setLabel(id, "Q1", LabelSource::Human, "ann");
    store->setLabel(id, kNil, LabelSource::Human, "ann");
    store->undoLastChange(id, "ann");
    removeMention(*store, id);
    EXPECT_FALSE(store->mention(id));
    EXPECT_FALSE(store->label(id));
    EXPECT_TRUE(store->history(id).empty());
    EXPECT_THROW(removeMention(*store, id), Error);
}
