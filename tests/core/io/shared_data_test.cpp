// The full shared Wikidata-MEL and Richpedia-MEL data: exact counts, round-trip export, import time.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "iotest.h"
#include "mel/core/io/importbench.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"

using namespace mel::core;
using mel::test::sharedData;
using mel::test::TempDir;

namespace {

nlohmann::json parseFile(const std::filesystem::path& file)
{
    return nlohmann::json::parse(mel::test::readText(file));
}

std::int64_t splitSamples(const StoreStats& stats, const std::string& dataset, const std::string& split)
{
    for (const auto& s : stats.splits)
        if (s.dataset == dataset && s.split == split)
            return s.samples;
    return -1;
}

class SharedData : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!std::filesystem::exists(sharedData() / "wikidata-mel/Wikidata-MEL.json"))
            GTEST_SKIP() << "shared MELBench data not found under " << sharedData();
    }
};

} // namespace

TEST_F(SharedData, WikidataMelImportsWithExactCounts)
{
    TempDir dir;
    const auto folder = melBenchFolder(sharedData() / "wikidata-mel", "wikidata-mel");
    const ImportBenchResult r = benchImport(dir / "p.melproj", folder.kb, folder.dataset);
    std::cout << "[ timing ] Wikidata-MEL import: KB " << r.kbSeconds << " s + samples " << r.datasetSeconds
              << " s; total with project creation " << r.totalSeconds << " s\n";
    RecordProperty("import_seconds", std::to_string(r.totalSeconds));

    EXPECT_EQ(r.kb.entities, 18880);
    EXPECT_EQ(r.kb.newEntities, 18880);
    EXPECT_EQ(r.kb.aliasesSameAsName, 18880);  // this ne2qid.json only repeats names
    EXPECT_EQ(r.kb.aliases, 0);
    EXPECT_EQ(r.kb.structuredAttributes, 18880);
    EXPECT_EQ(r.dataset.samples, 17724);
    EXPECT_EQ(r.dataset.samplesPerSplit.at("train"), 15511);
    EXPECT_EQ(r.dataset.samplesPerSplit.at("dev"), 2213);
    EXPECT_EQ(r.dataset.mentions, 20715);
    EXPECT_EQ(r.dataset.labels, 20715);
    EXPECT_EQ(r.dataset.unlocatedMentions.count, 584);
    EXPECT_EQ(r.dataset.sharedSpans.count, 19);
    EXPECT_EQ(r.dataset.locatedMentions, 20715 - 584);
    EXPECT_EQ(r.dataset.unknownAnswers.count, 0);
    EXPECT_EQ(r.dataset.imagesPresent, 35);  // 45 files, 35 of them named by a sample id
    EXPECT_EQ(r.dataset.imagesMissing, 17724 - 35);
    EXPECT_EQ(r.dataset.samplesWithoutSplit.count, 0);
    EXPECT_EQ(r.dataset.splitIdsWithoutSample.count, 0);

    Store store(dir / "p.melproj");
    const StoreStats stats = store.stats();
    EXPECT_EQ(stats.samples, 17724);
    EXPECT_EQ(stats.mentions, 20715);
    EXPECT_EQ(stats.entities, 18880);
    EXPECT_EQ(stats.labels, 20715);
    EXPECT_EQ(stats.historyRows, 20715);
    EXPECT_EQ(splitSamples(stats, "wikidata-mel", "train"), 15511);
    EXPECT_EQ(splitSamples(stats, "wikidata-mel", "dev"), 2213);
}

TEST_F(SharedData, WikidataMelRoundTripsUnchanged)
{
    TempDir dir;
    const auto folder = melBenchFolder(sharedData() / "wikidata-mel", "wikidata-mel");
    Store store(dir / "p.melproj");
    importKb(store, folder.kb);
    importMelBench(store, folder.dataset);
    const ExportSummary s = exportMelBench(store, "wikidata-mel", dir / "Wikidata-MEL.json");
    EXPECT_EQ(s.samples, 17724);
    EXPECT_EQ(s.changedLabels, 0);
    const std::string source = mel::test::readText(folder.dataset.samples.front().file);
    const std::string exported = mel::test::readText(dir / "Wikidata-MEL.json");
    EXPECT_EQ(nlohmann::json::parse(exported), nlohmann::json::parse(source));
    EXPECT_TRUE(exported == source) << "not byte-identical";

    exportMelBenchSplits(store, "wikidata-mel", dir / "splits.json");
    const auto splits = parseFile(dir / "splits.json");
    const auto original = parseFile(folder.dataset.splitsFile);
    for (const char* split : {"train", "dev"}) {
        auto a = splits[split].get<std::vector<std::string>>();
        auto b = original[split].get<std::vector<std::string>>();
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        EXPECT_EQ(a, b) << split;  // same ids; the order follows the samples file
    }
}

TEST_F(SharedData, RichpediaMelImportsWithExactCounts)
{
    TempDir dir;
    const auto folder = melBenchFolder(sharedData() / "richpedia-mel", "richpedia-mel");
    ASSERT_EQ(folder.dataset.samples.size(), 2u);
    Store store(dir / "p.melproj");
    const KbImportSummary kb = importKb(store, folder.kb);
    EXPECT_EQ(kb.entities, 17805);
    EXPECT_EQ(kb.aliasesSameAsName, 17735);
    EXPECT_EQ(kb.aliases, 0);
    const DatasetImportSummary s = importMelBench(store, folder.dataset);
    EXPECT_EQ(s.samples, 12820 + 1424);
    EXPECT_EQ(s.samplesPerSplit.at("train"), 12820);
    EXPECT_EQ(s.samplesPerSplit.at("dev"), 1424);
    EXPECT_EQ(s.mentions, 12820 + 1424);
    EXPECT_EQ(s.labels, 12820 + 1424);
    EXPECT_EQ(s.unlocatedMentions.count, 1263 + 131);
    EXPECT_EQ(s.unknownAnswers.count, 0);
    EXPECT_EQ(s.imagesPresent, 8);
    const auto meta = nlohmann::json::parse(store.dataset("richpedia-mel")->metaJson);
    EXPECT_EQ(meta["shape"], "string");
    const StoreStats stats = store.stats();
    EXPECT_EQ(stats.entities, 17805);
    EXPECT_EQ(splitSamples(stats, "richpedia-mel", "train"), 12820);
    EXPECT_EQ(splitSamples(stats, "richpedia-mel", "dev"), 1424);
    // Sample images are named by the sample id (= the answer QID); they are never attached to KB entities.
    EXPECT_EQ(store.entity("Q42")->imagePath, "");
}

TEST_F(SharedData, RichpediaMelRoundTripsUnchanged)
{
    TempDir dir;
    const auto folder = melBenchFolder(sharedData() / "richpedia-mel", "richpedia-mel");
    Store store(dir / "p.melproj");
    importKb(store, folder.kb);
    importMelBench(store, folder.dataset);
    const ExportSummary s = exportMelBenchLayout(store, "richpedia-mel", dir / "out");
    EXPECT_EQ(s.samples, 12820 + 1424);
    EXPECT_EQ(s.changedLabels, 0);
    EXPECT_TRUE(s.warnings.empty());
    for (const char* name : {"train.json", "dev.json"}) {
        const std::string source = mel::test::readText(sharedData() / "richpedia-mel" / name);
        const std::string exported = mel::test::readText(dir / "out" / name);
        EXPECT_EQ(nlohmann::json::parse(exported), nlohmann::json::parse(source)) << name;
        EXPECT_TRUE(exported == source) << name << " not byte-identical";
    }
}

TEST(DemoData, ImportsAndRoundTrips)
{
    const std::filesystem::path demo = std::filesystem::path(MEL_SOURCE_DIR) / "resources/demo";
    TempDir dir;
    Store store(dir / "p.melproj");
    const auto wikidata = melBenchFolder(demo / "wikidata-mel", "wikidata-mel");
    const KbImportSummary kb = importKb(store, wikidata.kb);
    EXPECT_EQ(kb.entities, 3512);
    const DatasetImportSummary w = importMelBench(store, wikidata.dataset);
    EXPECT_EQ(w.samples, 440);
    EXPECT_EQ(w.imagesPresent, 35);
    EXPECT_EQ(w.unknownAnswers.count, 0);  // every gold entity is in the demo KG
    EXPECT_EQ(w.samplesWithoutSplit.count, 0);

    const auto richpedia = melBenchFolder(demo / "richpedia-mel", "richpedia-mel");
    importKb(store, richpedia.kb);
    const DatasetImportSummary r = importMelBench(store, richpedia.dataset);
    EXPECT_EQ(r.samples, 158);
    EXPECT_EQ(r.imagesPresent, 8);
    EXPECT_EQ(r.unknownAnswers.count, 0);

    exportMelBench(store, "wikidata-mel", dir / "Wikidata-MEL.json");
    EXPECT_TRUE(mel::test::readText(dir / "Wikidata-MEL.json") ==
                mel::test::readText(demo / "wikidata-mel/Wikidata-MEL.json"));
}
