// MELBench import on small fixtures: spans, splits, labels, images, shapes, summaries.
#include <gtest/gtest.h>

#include "iotest.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"

using namespace mel::core;
using mel::test::fixtures;
using mel::test::TempDir;

namespace {

void importFixtureKb(Store& store)
{
    importKb(store, {fixtures() / "kb/qid2ne.json", fixtures() / "kb/qid2abs.json", fixtures() / "kb/ne2qid.json", {}});
}

MelBenchOptions listOptions()
{
    MelBenchOptions o;
    o.datasetName = "mini";
    o.samples = {{fixtures() / "melbench-list/samples.json", ""}};
    o.splitsFile = fixtures() / "melbench-list/splits.json";
    o.imagesDir = fixtures() / "melbench-list/images";
    return o;
}

} // namespace

TEST(MelBenchImport, ImportsListShapedSamplesWithSplits)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importFixtureKb(store);
    const DatasetImportSummary s = importMelBench(store, listOptions());
    EXPECT_EQ(s.samples, 5);
    EXPECT_EQ(s.mentions, 7);
    EXPECT_EQ(s.labels, 7);
    EXPECT_EQ(s.samplesPerSplit.at("train"), 3);
    EXPECT_EQ(s.samplesPerSplit.at("dev"), 2);
    EXPECT_EQ(s.splitIdsWithoutSample.count, 1);
    EXPECT_EQ(s.splitIdsWithoutSample.examples.at(0), "dev: s404");
    const auto dataset = store.dataset("mini");
    ASSERT_TRUE(dataset);
    EXPECT_EQ(dataset->format, "melbench");
    const auto samples = store.samples(dataset->id, "");
    ASSERT_EQ(samples.size(), 5u);
    EXPECT_EQ(samples[0].sourceId, "s1");  // file order, not split order
    EXPECT_EQ(samples[1].split, "dev");
}

TEST(MelBenchImport, LocatesSpansAndReportsTheRest)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importFixtureKb(store);
    const DatasetImportSummary s = importMelBench(store, listOptions());
    const auto dataset = store.dataset("mini");
    const auto s1 = store.mentionsOf(store.sampleBySource(dataset->id, "s1")->id);
    ASSERT_EQ(s1.size(), 2u);
    EXPECT_EQ(s1[0].begin, 0);
    EXPECT_EQ(s1[0].end, 5);
    EXPECT_EQ(s1[1].begin, 10);
    EXPECT_EQ(s1[1].end, 24);
    EXPECT_EQ(s1[1].goldName, "Michelle Obama");
    // "Obama" twice in "The Obamas, ...": one occurrence, so the second mention shares it.
    EXPECT_EQ(s.sharedSpans.count, 1);
    // "Paris Hilton" is not in "Hilton at the premiere": stored without a span, reported.
    EXPECT_EQ(s.unlocatedMentions.count, 1);
    EXPECT_EQ(s.unlocatedMentions.examples.at(0), "s4: 'Paris Hilton'");
    const auto s4 = store.mentionsOf(store.sampleBySource(dataset->id, "s4")->id);
    ASSERT_EQ(s4.size(), 1u);
    EXPECT_FALSE(s4[0].begin);
    EXPECT_FALSE(s4[0].end);
    EXPECT_EQ(s.locatedMentions, 6);
}

TEST(MelBenchImport, WritesDatasetLabelsWithImportHistory)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importFixtureKb(store);
    importMelBench(store, listOptions());
    const auto dataset = store.dataset("mini");
    const auto m = store.mentionsOf(store.sampleBySource(dataset->id, "s2")->id).at(0);
    const auto label = store.label(m.id);
    ASSERT_TRUE(label);
    EXPECT_EQ(label->value, "Q1339");
    EXPECT_EQ(label->source, LabelSource::Dataset);
    const auto history = store.history(m.id);
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].action, "import");
    EXPECT_FALSE(store.undoLastChange(m.id, "tester"));  // imports are the baseline
}

TEST(MelBenchImport, ReportsAnswersMissingFromTheKb)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importFixtureKb(store);
    const DatasetImportSummary s = importMelBench(store, listOptions());
    EXPECT_EQ(s.unknownAnswers.count, 1);
    EXPECT_EQ(s.unknownAnswers.examples.at(0), "s5: Q123456789");
    EXPECT_EQ(store.stats().labels, 7);  // still labelled
}

TEST(MelBenchImport, RecordsImagesBySampleId)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importFixtureKb(store);
    const DatasetImportSummary s = importMelBench(store, listOptions());
    EXPECT_EQ(s.imagesPresent, 2);
    EXPECT_EQ(s.imagesMissing, 3);
    const auto dataset = store.dataset("mini");
    EXPECT_EQ(std::filesystem::path(dataset->rootDir),
              std::filesystem::canonical(fixtures() / "melbench-list"));
    const auto s1 = store.sampleBySource(dataset->id, "s1");
    EXPECT_EQ(s1->imagePath, "images/s1.jpg");
    EXPECT_EQ(s1->imageStatus, ImageStatus::Present);
    EXPECT_EQ(s1->imageSha1, "40e18ccaf4fa927c8f1e2e66449de65fe686fc13");
    EXPECT_EQ(store.sampleBySource(dataset->id, "s2")->imagePath, "images/s2.png");
    const auto s3 = store.sampleBySource(dataset->id, "s3");
    EXPECT_EQ(s3->imagePath, "images/s3.jpg");
    EXPECT_EQ(s3->imageStatus, ImageStatus::Missing);
    EXPECT_EQ(s3->imageSha1, "");
}

TEST(MelBenchImport, WithoutImagesFolderRecordsNoImage)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    MelBenchOptions o = listOptions();
    o.imagesDir.clear();
    importMelBench(store, o);
    const auto s1 = store.sampleBySource(store.dataset("mini")->id, "s1");
    EXPECT_EQ(s1->imageStatus, ImageStatus::None);
    EXPECT_EQ(s1->imagePath, "");
}

TEST(MelBenchImport, ImportsStringShapedFilesPerSplit)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importFixtureKb(store);
    MelBenchOptions o;
    o.datasetName = "rich";
    o.samples = {{fixtures() / "melbench-string/train.json", "train"}, {fixtures() / "melbench-string/dev.json", "dev"}};
    o.imagesDir = fixtures() / "melbench-string/images";
    const DatasetImportSummary s = importMelBench(store, o);
    EXPECT_EQ(s.samples, 3);
    EXPECT_EQ(s.samplesPerSplit.at("train"), 2);
    EXPECT_EQ(s.samplesPerSplit.at("dev"), 1);
    EXPECT_EQ(s.unlocatedMentions.count, 1);  // "J.S. Bach"
    EXPECT_EQ(s.imagesPresent, 1);
    const auto meta = nlohmann::json::parse(store.dataset("rich")->metaJson);
    EXPECT_EQ(meta["shape"], "string");
    EXPECT_EQ(meta["fields"], nlohmann::json({"id", "sentence", "mentions", "entities", "answer"}));
    const auto q42 = store.sampleBySource(store.dataset("rich")->id, "Q42");
    EXPECT_EQ(q42->split, "dev");
    EXPECT_EQ(q42->imagePath, "images/Q42.jpg");
    EXPECT_EQ(store.mentionsOf(q42->id).at(0).begin, 13);
}

TEST(MelBenchImport, RefusesAnExistingDatasetNameUnlessReplacing)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importMelBench(store, listOptions());
    const auto before = store.stats();
    const Error e = mel::test::expectError([&] { importMelBench(store, listOptions()); });
    EXPECT_NE(std::string(e.what()).find("already has a dataset named 'mini'"), std::string::npos);
    mel::test::expectSameStats(before, store.stats());

    MelBenchOptions o = listOptions();
    o.replace = true;
    const DatasetImportSummary s = importMelBench(store, o);
    EXPECT_TRUE(s.replacedExisting);
    EXPECT_EQ(s.replacedHumanLabels, 0);
    mel::test::expectSameStats(before, store.stats());

    // Replacing a dataset that has human labels says how many went with it.
    const auto mentions = store.mentionsOf(store.samples(store.dataset("mini")->id, "").front().id);
    ASSERT_FALSE(mentions.empty());
    store.setLabel(mentions.front().id, kNil, LabelSource::Human, "ann");
    EXPECT_EQ(importMelBench(store, o).replacedHumanLabels, 1);
    EXPECT_EQ(store.stats().humanLabels, 0);
}

// A link still running over the dataset holds its mention ids; replacing it reused them for other mentions and the
// run stored its predictions there (found by a review: rank-1 right for 2 of 12,968, the run marked done).
TEST(MelBenchImport, ReplacingADatasetThatARunningLinkUsesIsRefused)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importMelBench(store, listOptions());
    ModelRun run;
    run.linker = "name";
    run.datasetName = "mini";
    run.split = "dev";
    const RowId running = store.createRun(run);  // owned by this (live) process
    run.datasetName = "other";
    store.createRun(run);
    const auto before = store.stats();
    MelBenchOptions o = listOptions();
    o.replace = true;
    const Error e = mel::test::expectError([&] { importMelBench(store, o); });
    EXPECT_NE(std::string(e.what()).find("dataset 'mini' is in use by model run " + std::to_string(running)),
              std::string::npos)
        << e.what();
    mel::test::expectSameStats(before, store.stats());
    store.finishRun(running, "done", "{}");
    const DatasetImportSummary s = importMelBench(store, o);
    EXPECT_TRUE(s.replacedExisting);
    // The finished run keeps its row (and metrics) but not its predictions: the summary counts it.
    EXPECT_EQ(s.replacedRuns, 1);
    EXPECT_EQ(toJson(s)["replaced_runs"], 1);
}

TEST(MelBenchImport, CancellingStoresNothing)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    std::atomic<bool> cancelled{true};
    JobContext job;
    job.cancelled = &cancelled;
    EXPECT_EQ(mel::test::expectError([&] { importMelBench(store, listOptions(), job); }).code(), ErrorCode::Cancelled);
    EXPECT_EQ(store.stats().samples, 0);
    EXPECT_EQ(store.stats().datasets, 0);
}
