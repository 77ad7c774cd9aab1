// The bulk label benchmark: it sets and undoes exactly the identical mentions, and refuses bad input.
#include <gtest/gtest.h>

#include "mel/core/store/browse.h"
#include "mel/core/store/labelbench.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "testproject.h"

using namespace mel::core;

TEST(LabelBench, SetsAndUndoesEveryIdenticalMention_LeavingTheProjectAsBuilt)
{
    mel::test::TempDir dir;
    const auto file = dir / "bench.melproj";
    const auto result = benchBulkLabels(file, {200, 30});
    EXPECT_EQ(result.mentions, 200);
    EXPECT_EQ(result.changed, 30);
    EXPECT_GE(result.setSeconds, 0.0);
    EXPECT_GE(result.undoSeconds, 0.0);

    Store store(file);
    EXPECT_EQ(store.stats().mentions, 200);
    const auto same = labelsOfMentionsWithSurface(store, "Hollande");
    ASSERT_EQ(same.size(), 30u);
    for (const auto& [id, label] : same) {
        ASSERT_TRUE(label);
        EXPECT_EQ(label->source, LabelSource::Dataset) << "mention " << id;
        // Each target has its import, the bench's label and the undo that reverted it.
        EXPECT_EQ(store.history(id).size(), 3u) << "mention " << id;
    }
}

TEST(LabelBench, RefusesCountsOutOfRangeAndAnExistingProject)
{
    mel::test::TempDir dir;
    EXPECT_THROW(benchBulkLabels(dir / "a.melproj", {10, 0}), Error);
    EXPECT_THROW(benchBulkLabels(dir / "b.melproj", {10, 11}), Error);
    const auto file = dir / "c.melproj";
    benchBulkLabels(file, {10, 10});
    EXPECT_THROW(benchBulkLabels(file, {10, 10}), Error);
}
