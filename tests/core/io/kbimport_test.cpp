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
    EXPECT_EQ(summary.aliasesForUnknownQid.examples.at(0),
              (fixtures() / "kb/ne2qid.json").string() + ": Ghost Entity -> Q999999");
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

// Found by a black-box review of KB import and search (2026-12-05); each failed before its fix.

TEST(KbImport, ANameOrAliasTooLongForTheIndexIsRefused_NamingFileRecordAndField)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importKb(store, fixtureKb());
    const std::string tooLong(kMaxEntityNameLength + 1, 'A');
    mel::test::writeFile(dir / "ne.json", nlohmann::json{{"Q5", tooLong}}.dump());
    mel::test::writeFile(dir / "abs.json", R"({"Q5": "Sex: male."})");
    const Error name = mel::test::expectError([&] { importKb(store, {dir / "ne.json", dir / "abs.json", {}, {}}); });
    EXPECT_EQ(name.code(), ErrorCode::Invalid);
    EXPECT_EQ(name.context().record, "Q5");
    EXPECT_EQ(name.context().field, "name");
    mel::test::writeFile(dir / "ne.json", R"({"Q5": "Five"})");
    mel::test::writeFile(dir / "aliases.json", nlohmann::json{{tooLong, "Q5"}}.dump());
    const Error alias = mel::test::expectError(
        [&] { importKb(store, {dir / "ne.json", dir / "abs.json", dir / "aliases.json", {}}); });
    EXPECT_EQ(alias.context().field, "alias");
    EXPECT_FALSE(store.entity("Q5"));  // nothing of either file was stored
    EXPECT_FALSE(store.searchEntities("Obama").empty());
}

TEST(KbImport, AliasTargetsAndAbstractKeysMustBeQids)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    mel::test::writeFile(dir / "ne.json", R"({"Q1": "One"})");
    mel::test::writeFile(dir / "abs.json", R"({"Q1": "Sex: male."})");
    mel::test::writeFile(dir / "aliases.json", R"({"Uno": "q1"})");
    const Error alias = mel::test::expectError(
        [&] { importKb(store, {dir / "ne.json", dir / "abs.json", dir / "aliases.json", {}}); });
    EXPECT_EQ(alias.context().record, "Uno");
    EXPECT_EQ(alias.context().field, "qid");
    mel::test::writeFile(dir / "abs.json", R"({"Q1": "Sex: male.", "banana": "x"})");
    const Error abstract = mel::test::expectError([&] { importKb(store, {dir / "ne.json", dir / "abs.json", {}, {}}); });
    EXPECT_EQ(abstract.context().record, "banana");
    EXPECT_FALSE(store.entity("Q1"));
    // A name keyed Q01 would be a second entity beside Q1.
    mel::test::writeFile(dir / "ne.json", R"({"Q1": "One", "Q01": "One again"})");
    const Error padded = mel::test::expectError([&] { importKb(store, {dir / "ne.json", dir / "abs.json", {}, {}}); });
    EXPECT_EQ(padded.context().record, "Q01");
    EXPECT_NE(std::string(padded.what()).find("without leading zeros"), std::string::npos) << padded.what();
}

// A name of spaces only is no more a name than "" (refused); one without a letter or digit is a real name ("!!!")
// that no mention can find: kept and listed.
TEST(KbImport, BlankNamesAreRefusedAndUnsearchableOnesListed)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    mel::test::writeFile(dir / "abs.json", R"({"Q1": "x"})");
    mel::test::writeFile(dir / "ne.json", "{\"Q1\": \"One\", \"Q2\": \" \\u00a0\\t\"}");
    const Error blank = mel::test::expectError([&] { importKb(store, {dir / "ne.json", dir / "abs.json", {}, {}}); });
    EXPECT_EQ(blank.context().record, "Q2");
    EXPECT_EQ(blank.context().field, "name");
    EXPECT_NE(std::string(blank.what()).find("blank entity name"), std::string::npos) << blank.what();
    EXPECT_FALSE(store.entity("Q1"));

    mel::test::writeFile(dir / "ne.json", R"({"Q1": "One", "Q2": "!!!"})");
    mel::test::writeFile(dir / "aliases.json", "{\"\\u3000\": \"Q1\", \"?!\": \"Q1\", \"Uno\": \"Q1\"}");
    const auto summary = importKb(store, {dir / "ne.json", dir / "abs.json", dir / "aliases.json", {}});
    EXPECT_EQ(summary.entities, 2);
    EXPECT_EQ(summary.emptyAliases.count, 1);  // the ideographic space
    ASSERT_EQ(summary.unsearchableNames.count, 2);
    EXPECT_EQ(summary.unsearchableNames.examples[0], "Q2: '!!!'");
    EXPECT_EQ(summary.unsearchableNames.examples[1], "?! -> Q1: '?!'");
    EXPECT_EQ(store.entity("Q2")->name, "!!!");
}

TEST(KbImport, AReimportKeepsImagesAndTheDescriptionsItsFilesLeaveOut)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importKb(store, fixtureKb());
    Entity withImage = *store.entity("Q76");
    withImage.imagePath = "entities/Q76.png";  // as synth-grounding stores them; the KG files carry no images
    store.upsertEntity(withImage);
    mel::test::writeFile(dir / "ne.json", R"({"Q76": "Barack Obama", "Q90": "Paris"})");
    mel::test::writeFile(dir / "abs.json", R"({"Q90": "Capital of France."})");
    const auto summary = importKb(store, {dir / "ne.json", dir / "abs.json", {}, {}});
    EXPECT_EQ(summary.withoutAbstract.count, 1);
    const auto obama = store.entity("Q76");
    EXPECT_EQ(obama->imagePath, "entities/Q76.png");
    EXPECT_NE(obama->description.find("Honolulu"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(obama->attributesJson)["Occupation"], nlohmann::json({"politician", "lawyer"}));
    EXPECT_EQ(store.entity("Q90")->description, "Capital of France.");  // a new abstract still replaces the old
    EXPECT_FALSE(store.searchEntities("Honolulu").empty());
}

TEST(KbImport, SearchSplitsWordsAtNonAsciiSpacesAndDashes)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importKb(store, fixtureKb());
    for (const std::string query : {"bar oba", "oba\u00a0bar", "bar\u2013oba", "oba\u3000bar", "bar\u2014oba"}) {
        const auto hits = store.searchEntities(query);
        ASSERT_FALSE(hits.empty()) << query;
        EXPECT_EQ(hits.front().entity.qid, "Q76") << query;
    }
}
