// Labels: immediate writes, append-only history, undo.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "mel/core/store/database.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "testproject.h"

using namespace mel::core;

namespace {

struct LabelFixture : ::testing::Test
{
    mel::test::TempDir dir;
    std::unique_ptr<Store> store = std::make_unique<Store>(dir / "p.melproj");
    RowId mention = 0;

    void SetUp() override
    {
        const RowId ds = store->insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
        Sample s;
        s.datasetId = ds;
        s.sourceId = "1";
        s.text = "Adams at a signing";
        const RowId sid = store->insertSample(s);
        Mention m;
        m.sampleId = sid;
        m.surface = "Adams";
        mention = store->insertMention(m);
        store->setLabel(mention, "Q42", LabelSource::Dataset, "", "import");
    }
};

} // namespace

TEST_F(LabelFixture, Labels_SetIsVisibleToAnotherConnectionImmediately)
{
    store->setLabel(mention, "Q76", LabelSource::Human, "ann");
    Store other(dir / "p.melproj");
    const auto label = other.label(mention);
    ASSERT_TRUE(label);
    EXPECT_EQ(label->value, "Q76");
    EXPECT_EQ(label->source, LabelSource::Human);
    EXPECT_EQ(label->annotator, "ann");
}

TEST_F(LabelFixture, Labels_HistoryRecordsEveryChange)
{
    store->setLabel(mention, "Q76", LabelSource::Human, "ann");
    store->setLabel(mention, kNil, LabelSource::Human, "bob");
    const auto history = store->history(mention);
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].action, "import");
    EXPECT_FALSE(history[0].oldValue.has_value());
    EXPECT_EQ(history[1].oldValue, "Q42");
    EXPECT_EQ(history[1].newValue, "Q76");
    EXPECT_EQ(history[2].newValue, "NIL");
    EXPECT_EQ(history[2].annotator, "bob");
}

TEST_F(LabelFixture, Labels_UndoRestoresPreviousValuesStepByStep)
{
    store->setLabel(mention, "Q76", LabelSource::Human, "ann");
    store->setLabel(mention, kAmbiguous, LabelSource::Human, "ann");
    ASSERT_TRUE(store->undoLastChange(mention, "ann"));
    EXPECT_EQ(store->label(mention)->value, "Q76");
    ASSERT_TRUE(store->undoLastChange(mention, "ann"));
    EXPECT_EQ(store->label(mention)->value, "Q42");
    EXPECT_EQ(store->label(mention)->source, LabelSource::Dataset);
    EXPECT_FALSE(store->undoLastChange(mention, "ann"));  // the imported label is the baseline
    EXPECT_EQ(store->history(mention).size(), 5u);          // undo appends, never rewrites
}

TEST_F(LabelFixture, Labels_UndoRestoresThePreviousLabelsAnnotatorNotTheUndoers)
{
    store->setLabel(mention, "Q76", LabelSource::Human, "bob");
    const std::string bobsTime = store->label(mention)->updatedAt;
    store->setLabel(mention, kNil, LabelSource::Human, "alice");
    ASSERT_TRUE(store->undoLastChange(mention, "alice"));
    auto label = store->label(mention);
    EXPECT_EQ(label->value, "Q76");
    EXPECT_EQ(label->annotator, "bob") << "bob's label comes back as bob's";
    EXPECT_EQ(label->updatedAt, bobsTime);
    ASSERT_TRUE(store->undoLastChange(mention, "alice"));
    label = store->label(mention);
    EXPECT_EQ(label->value, "Q42");
    EXPECT_EQ(label->source, LabelSource::Dataset);
    EXPECT_EQ(label->annotator, "") << "the dataset's label has no annotator";
    // Who undid, and when, is in the history.
    const auto history = store->history(mention);
    EXPECT_EQ(history.back().action, "undo");
    EXPECT_EQ(history.back().annotator, "alice");
}

TEST_F(LabelFixture, Labels_UndoOfFirstHumanLabelOnUnlabeledMentionRemovesIt)
{
    Mention m;
    m.sampleId = store->mention(mention)->sampleId;
    m.ordinal = 1;
    m.surface = "signing";
    const RowId other = store->insertMention(m);
    store->setLabel(other, "Q1", LabelSource::Human, "ann");
    ASSERT_TRUE(store->undoLastChange(other, "ann"));
    EXPECT_FALSE(store->label(other).has_value());
}

TEST_F(LabelFixture, Labels_RejectMalformedValues)
{
    EXPECT_THROW(store->setLabel(mention, "42", LabelSource::Human, "ann"), Error);
    EXPECT_THROW(store->setLabel(mention, "Q4x", LabelSource::Human, "ann"), Error);
    EXPECT_THROW(store->setLabel(mention, "Q042", LabelSource::Human, "ann"), Error);  // Q42 spelt otherwise
    EXPECT_THROW(store->setLabel(mention, "Q0", LabelSource::Human, "ann"), Error);
    EXPECT_EQ(store->label(mention)->value, "Q42");
}

TEST_F(LabelFixture, Labels_HistoryIsAppendOnlyInTheDatabase)
{
    EXPECT_THROW(store->db().exec("UPDATE label_history SET new_value = 'Q1'"), Error);
}

TEST_F(LabelFixture, Labels_SurviveReopening)
{
    store->setLabel(mention, "Q76", LabelSource::Human, "ann");
    store.reset();
    Store reopened(dir / "p.melproj");
    EXPECT_EQ(reopened.label(mention)->value, "Q76");
}

// Every write to label or label_history made SQLite allocate (and free) an 87 KB page-cache block for the temporary
// index that checks their CHECK (... IN (...)) constraint, which glibc could hand back to the system every time: bulk
// label changes ran up to ten times slower. Database's first connection turns that block off.
TEST_F(LabelFixture, Labels_BulkChangesAllocateNoPageCacheBlockPerStatement)
{
    for (int i = 0; i < 50; ++i) {
        Mention m;
        m.sampleId = store->mention(mention)->sampleId;
        m.ordinal = i + 1;
        m.surface = "Adams";
        store->insertMention(m);
    }
    sqlite3_int64 current = 0;
    sqlite3_int64 largest = 0;
    ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MALLOC_SIZE, &current, &largest, 1), SQLITE_OK);  // reset the mark
    {
        Transaction tx(store->db());
        for (RowId id = mention; id <= mention + 50; ++id)
            store->setLabel(id, "Q5", LabelSource::Human, "ann");
        for (RowId id = mention; id <= mention + 50; ++id)
            store->undoLastChange(id, "ann");
        tx.commit();
    }
    ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MALLOC_SIZE, &current, &largest, 0), SQLITE_OK);
    EXPECT_GT(largest, 0) << "SQLite keeps no memory statistics in this build";
    EXPECT_LT(largest, 64 * 1024) << "largest single SQLite allocation during the bulk change";
    EXPECT_EQ(store->label(mention)->value, "Q42");
}
