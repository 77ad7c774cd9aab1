// KB import from qid2ne / qid2abs / ne2qid files.
#include <gtest/gtest.h>

#include "iotest.h"
#include "mel/core/io/kbimport.h"

using namespace mel::core;
using mel::test::fixtures;
using mel::test::TempDir;

namespace {

KbFiles fixtureKb()
{
    return {fixtures() / "kb/qid2ne.json", fixtures() / "kb/qid2abs.json", fixtures() / "kb/ne2qid.json", {}};
}

} // namespace

TEST(KbImport, StoresEntitiesWithDescriptionsAndAttributes)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    const KbImportSummary summary = importKb(store, fixtureKb());
    EXPECT_EQ(summary.entities, 6);
    EXPECT_EQ(summary.newEntities, 6);
    const auto obama = store.entity("Q76");
    ASSERT_TRUE(obama);
    EXPECT_EQ(obama->name, "Barack Obama");
    EXPECT_EQ(obama->description, "Sex: male. Birth: 1961, Honolulu. Occupation: politician, lawyer. Spouse: Michelle "
                                  "Obama. Languages: English.");
    const auto attributes = nlohmann::json::parse(obama->attributesJson);
    EXPECT_EQ(attributes["Occupation"], nlohmann::json({"politician", "lawyer"}));
    EXPECT_EQ(nlohmann::json::parse(store.entity("Q90")->attributesJson), nlohmann::json::object());
    EXPECT_EQ(summary.structuredAttributes, 4);
}

TEST(KbImport, StoresAliasesExceptNamesAndReportsUnknownQids)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    const KbImportSummary summary = importKb(store, fixtureKb());
    EXPECT_EQ(summary.aliasesSameAsName, 2);  // "Barack Obama", "Paris Hilton"
    EXPECT_EQ(summary.aliases, 3);
    EXPECT_EQ(store.aliases(store.entity("Q76")->id), (std::vector<std::string>{"Barack Hussein Obama II", "Obama"}));
    EXPECT_EQ(summary.aliasesForUnknownQid.count, 1);
    EXPECT_EQ(summary.aliasesForUnknownQid.examples.at(0), "Ghost Entity -> Q999999");
    EXPECT_EQ(store.stats().aliases, 3);
}

TEST(KbImport, RebuildsTheSearchIndex)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importKb(store, fixtureKb());
    const auto hits = store.searchEntities("Bach");
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits.front().entity.qid, "Q1339");
}

TEST(KbImport, ReimportUpdatesInsteadOfDuplicating)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importKb(store, fixtureKb());
    const KbImportSummary again = importKb(store, fixtureKb());
    EXPECT_EQ(again.newEntities, 0);
    EXPECT_EQ(store.stats().entities, 6);
    EXPECT_EQ(store.stats().aliases, 3);
}

TEST(KbImport, UsesTheLongAbstractForAttributes)
{
    TempDir dir;
    mel::test::writeFile(dir / "long.json", R"({"Q90": "Country: France. Population: 2100000."})");
    Store store(dir / "p.melproj");
    KbFiles files = fixtureKb();
    files.abstractsLong = dir / "long.json";
    importKb(store, files);
    const auto paris = store.entity("Q90");
    EXPECT_EQ(paris->description, "capital and largest city of France");
    EXPECT_EQ(nlohmann::json::parse(paris->attributesJson)["Country"], nlohmann::json({"France"}));
}

TEST(KbImport, CancellingStoresNothing)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    std::atomic<bool> cancelled{true};
    JobContext job;
    job.cancelled = &cancelled;
    const Error e = mel::test::expectError([&] { importKb(store, fixtureKb(), job); });
    EXPECT_EQ(e.code(), ErrorCode::Cancelled);
    EXPECT_EQ(store.stats().entities, 0);
}

TEST(KbImport, ReportsProgress)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    double last = -1;
    JobContext job;
    job.progress = [&](double fraction, std::string_view) {
        EXPECT_GE(fraction, last);
        last = fraction;
    };
    importKb(store, fixtureKb(), job);
    EXPECT_EQ(last, 1.0);
}
