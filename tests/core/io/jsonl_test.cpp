// JSONL import: explicit and located spans, boxes, images relative to the file, labels.
#include <gtest/gtest.h>

#include "iotest.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/kbimport.h"

using namespace mel::core;
using mel::test::fixtures;
using mel::test::TempDir;

namespace {

JsonlOptions fixtureOptions()
{
    JsonlOptions o;
    o.datasetName = "tweets";
    o.file = fixtures() / "jsonl/samples.jsonl";
    return o;
}

} // namespace

TEST(JsonlImport, ImportsSamplesMentionsAndLabels)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importKb(store, {fixtures() / "kb/qid2ne.json", fixtures() / "kb/qid2abs.json", {}, {}});
    const DatasetImportSummary s = importJsonl(store, fixtureOptions());
    EXPECT_EQ(s.samples, 3);  // the blank line is skipped
    EXPECT_EQ(s.mentions, 5);
    EXPECT_EQ(s.labels, 4);
    EXPECT_EQ(s.unknownAnswers.count, 0);
    EXPECT_EQ(s.samplesPerSplit.at("train"), 1);
    EXPECT_EQ(s.samplesPerSplit.at(""), 1);
    const RowId datasetId = store.dataset("tweets")->id;
    EXPECT_TRUE(store.sampleBySource(datasetId, "2"));  // integer ids become strings
    const auto t1 = store.sampleBySource(datasetId, "t1");
    const auto mentions = store.mentionsOf(t1->id);
    ASSERT_EQ(mentions.size(), 3u);
    EXPECT_EQ(mentions[0].begin, 12);
    ASSERT_TRUE(mentions[0].box);
    EXPECT_EQ(mentions[0].box->w, 30.5);
    // Located after the emoji: code points, not bytes or UTF-16 units.
    EXPECT_EQ(mentions[1].begin, 32);
    EXPECT_EQ(mentions[1].end, 37);
    // "Obama" inside the given span of "Michelle Obama" is avoided.
    EXPECT_EQ(mentions[2].begin, 0);
    EXPECT_EQ(store.label(mentions[1].id)->value, "Q90");
}

TEST(JsonlImport, ChecksImagesAgainstTheFileFolder)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    const DatasetImportSummary s = importJsonl(store, fixtureOptions());
    EXPECT_EQ(s.imagesPresent, 1);
    EXPECT_EQ(s.imagesMissing, 1);
    const RowId datasetId = store.dataset("tweets")->id;
    const auto t1 = store.sampleBySource(datasetId, "t1");
    EXPECT_EQ(t1->imagePath, "img/t1.jpg");
    EXPECT_EQ(t1->imageSha1, "40e18ccaf4fa927c8f1e2e66449de65fe686fc13");
    EXPECT_EQ(store.sampleBySource(datasetId, "t3")->imageStatus, ImageStatus::Missing);
    EXPECT_EQ(store.sampleBySource(datasetId, "2")->imageStatus, ImageStatus::None);
}

TEST(JsonlImport, KeepsNilAndUnlocatedMentions)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    const DatasetImportSummary s = importJsonl(store, fixtureOptions());
    EXPECT_EQ(s.unlocatedMentions.count, 1);
    EXPECT_EQ(s.unlocatedMentions.examples.at(0), "line 4: 'nobody'");
    const auto t3 = store.mentionsOf(store.sampleBySource(store.dataset("tweets")->id, "t3")->id);
    ASSERT_EQ(t3.size(), 2u);
    EXPECT_EQ(store.label(t3[0].id)->value, kNil);
    EXPECT_FALSE(store.label(t3[1].id));
    EXPECT_FALSE(t3[1].begin);
}

TEST(JsonlImport, ReportsUnknownFields)
{
    TempDir dir;
    mel::test::writeFile(dir / "a.jsonl", R"({"id": "a", "text": "x", "mentions": [], "lang": "en"})" "\n");
    Store store(dir / "p.melproj");
    JsonlOptions o;
    o.datasetName = "a";
    o.file = dir / "a.jsonl";
    const DatasetImportSummary s = importJsonl(store, o);
    EXPECT_EQ(s.ignoredFields.count, 1);
    EXPECT_EQ(s.ignoredFields.examples.at(0), "line 1: lang");
}
