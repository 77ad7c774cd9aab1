// Mentions added by hand: spans in code points, ordinals in reading order, validation, removal with history.
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

TEST_F(MentionEditFixture, MentionEdit_AMentionAddedBetweenOthersTakesItsPlaceInReadingOrder)
{
    // "Léa Seydoux in Cannes": Cannes first, then "in" between the two; J/K and exports follow ordinals.
    const RowId cannes = addMention(*store, sample, 15, 21);
    const RowId in = addMention(*store, sample, 12, 14);
    const RowId lea = addMention(*store, sample, 0, 3);  // same start as "Léa Seydoux", shorter: before it
    std::vector<std::string> order;
    for (const auto& m : store->mentionsOf(sample))
        order.push_back(m.surface);
    EXPECT_EQ(order, (std::vector<std::string>{"Léa", "Léa Seydoux", "in", "Cannes"}));
    EXPECT_EQ(store->mention(lea)->ordinal, 0);
    EXPECT_EQ(store->mention(in)->ordinal, 2);
    EXPECT_EQ(store->mention(cannes)->ordinal, 3);
    removeMention(*store, in);  // undo leaves a gap, and adding again fills reading order again
    const RowId again = addMention(*store, sample, 12, 14);
    order.clear();
    for (const auto& m : store->mentionsOf(sample))
        order.push_back(m.surface);
    EXPECT_EQ(order, (std::vector<std::string>{"Léa", "Léa Seydoux", "in", "Cannes"}));
    EXPECT_NE(again, 0);
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

TEST_F(MentionEditFixture, MentionEdit_ARemovedMentionsIdIsNeverGivenAgainButARedoGetsItBack)
{
    // Ids used to be max(id) + 1: removing the newest mention and adding another gave the removed one's id, so an
    // id kept elsewhere (undo history, a GEMEL checkpoint's demonstrations) could name a different mention.
    const RowId cannes = addMention(*store, sample, 15, 21);
    removeMention(*store, cannes);
    const RowId in = addMention(*store, sample, 12, 14);
    EXPECT_EQ(in, cannes + 1);
    EXPECT_EQ(store->mention(addMention(*store, sample, 15, 21, cannes))->surface, "Cannes") << "redo: its own id";
    EXPECT_THROW(addMention(*store, sample, 0, 3, in), Error) << "an id in use is refused";
    removeMention(*store, in);
    store.reset();
    store = std::make_unique<Store>(dir / "p.melproj");
    EXPECT_EQ(addMention(*store, sample, 0, 3), in + 1) << "kept in the project file";
}
