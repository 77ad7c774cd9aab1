// Exports: MELBench round trip and corrected labels, JSONL with everything, CSV, no partial files.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "iotest.h"
#include "mel/core/io/csvexport.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"
#include "mel/core/store/browse.h"

using namespace mel::core;
using mel::test::fixtures;
using mel::test::readText;
using mel::test::TempDir;

namespace {

class ExportTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        importKb(store, {fixtures() / "kb/qid2ne.json", fixtures() / "kb/qid2abs.json", fixtures() / "kb/ne2qid.json", {}});
        MelBenchOptions o;
        o.datasetName = "mini";
        o.samples = {{fixtures() / "melbench-list/samples.json", ""}};
        o.splitsFile = fixtures() / "melbench-list/splits.json";
        o.imagesDir = fixtures() / "melbench-list/images";
        importMelBench(store, o);
    }

    Mention mentionOf(const std::string& sourceId, std::size_t index)
    {
        return store.mentionsOf(store.sampleBySource(store.dataset("mini")->id, sourceId)->id).at(index);
    }

    TempDir dir;
    Store store{dir / "p.melproj"};
};

nlohmann::json parseFile(const std::filesystem::path& file) { return nlohmann::json::parse(readText(file)); }

} // namespace

TEST_F(ExportTest, UnchangedMelBenchExportsTheSameJson)
{
    const ExportSummary s = exportMelBench(store, "mini", dir / "out.json");
    EXPECT_EQ(s.samples, 5);
    EXPECT_EQ(s.changedLabels, 0);
    EXPECT_EQ(parseFile(dir / "out.json"), parseFile(fixtures() / "melbench-list/samples.json"));
}

TEST_F(ExportTest, MelBenchExportKeepsFileAndKeyOrder)
{
    exportMelBench(store, "mini", dir / "out.json");
    const auto exported = nlohmann::ordered_json::parse(readText(dir / "out.json"));
    const auto source = nlohmann::ordered_json::parse(readText(fixtures() / "melbench-list/samples.json"));
    EXPECT_EQ(exported.dump(), source.dump());
}

TEST_F(ExportTest, MelBenchExportWritesCorrectedLabels)
{
    store.setLabel(mentionOf("s1", 0).id, "Q13133", LabelSource::Human, "ann");
    store.setLabel(mentionOf("s2", 0).id, kNil, LabelSource::Human, "ann");
    store.setLabel(mentionOf("s5", 0).id, "Q42", LabelSource::Human, "ann");
    store.clearLabel(mentionOf("s4", 0).id, "ann");
    const ExportSummary s = exportMelBench(store, "mini", dir / "out.json");
    EXPECT_EQ(s.changedLabels, 4);
    const auto out = parseFile(dir / "out.json");
    EXPECT_EQ(out["s1"]["answer"], nlohmann::json({"Q13133", "Q13133"}));
    EXPECT_EQ(out["s1"]["entities"], nlohmann::json({"Michelle Obama", "Michelle Obama"}));
    EXPECT_EQ(out["s2"]["answer"], nlohmann::json({"NIL"}));
    EXPECT_EQ(out["s2"]["entities"], nlohmann::json({"NIL"}));
    EXPECT_EQ(out["s5"]["entities"], nlohmann::json({"Douglas Adams"}));
    EXPECT_EQ(out["s4"]["answer"], nlohmann::json({""}));
    EXPECT_EQ(out["s3"], parseFile(fixtures() / "melbench-list/samples.json")["s3"]);
}

TEST_F(ExportTest, MelBenchExportsOneSplitAndTheSplitsFile)
{
    exportMelBench(store, "mini", dir / "dev.json", "dev");
    EXPECT_EQ(parseFile(dir / "dev.json").size(), 2u);
    exportMelBenchSplits(store, "mini", dir / "splits.json");
    EXPECT_EQ(parseFile(dir / "splits.json"), nlohmann::json::parse(R"({"train": ["s1", "s3", "s4"], "dev": ["s2", "s5"]})"));
}

TEST_F(ExportTest, LayoutExportRecreatesTheImportedFiles)
{
    const ExportSummary s = exportMelBenchLayout(store, "mini", dir / "layout");
    EXPECT_EQ(s.files.size(), 2u);
    EXPECT_EQ(parseFile(dir / "layout/samples.json"), parseFile(fixtures() / "melbench-list/samples.json"));
    EXPECT_TRUE(std::filesystem::exists(dir / "layout/splits.json"));
}

TEST_F(ExportTest, StringShapedLayoutWritesOneFilePerSplit)
{
    MelBenchOptions o;
    o.datasetName = "rich";
    o.samples = {{fixtures() / "melbench-string/train.json", "train"}, {fixtures() / "melbench-string/dev.json", "dev"}};
    importMelBench(store, o);
    exportMelBenchLayout(store, "rich", dir / "rich");
    EXPECT_EQ(parseFile(dir / "rich/train.json"), parseFile(fixtures() / "melbench-string/train.json"));
    EXPECT_EQ(parseFile(dir / "rich/dev.json"), parseFile(fixtures() / "melbench-string/dev.json"));
}

TEST_F(ExportTest, LayoutExportOfSplitsFromFilesOfTheSameName_WritesAFolderPerSplit)
{
    std::filesystem::create_directories(dir / "a");
    std::filesystem::create_directories(dir / "b");
    std::filesystem::copy_file(fixtures() / "melbench-string/train.json", dir / "a/data.json");
    std::filesystem::copy_file(fixtures() / "melbench-string/dev.json", dir / "b/data.json");
    MelBenchOptions o;
    o.datasetName = "same";
    o.samples = {{dir / "a/data.json", "train"}, {dir / "b/data.json", "dev"}};
    importMelBench(store, o);
    const ExportSummary s = exportMelBenchLayout(store, "same", dir / "same");
    EXPECT_EQ(s.files.size(), 2u);
    EXPECT_EQ(parseFile(dir / "same/train/data.json"), parseFile(fixtures() / "melbench-string/train.json"));
    EXPECT_EQ(parseFile(dir / "same/dev/data.json"), parseFile(fixtures() / "melbench-string/dev.json"));
    EXPECT_FALSE(std::filesystem::exists(dir / "same/data.json"));
}

TEST_F(ExportTest, JsonlHasEverything)
{
    const RowId m = mentionOf("s1", 1).id;
    store.setLabel(m, "Q76", LabelSource::Human, "ann");
    store.setMentionBox(m, BoundingBox{1, 2, 3.5, 4});
    exportJsonl(store, "mini", dir / "out.jsonl");
    std::istringstream lines(readText(dir / "out.jsonl"));
    std::string first;
    std::getline(lines, first);
    const auto s1 = nlohmann::json::parse(first);
    EXPECT_EQ(s1["id"], "s1");
    EXPECT_EQ(s1["split"], "train");
    EXPECT_EQ(s1["image"], "images/s1.jpg");
    EXPECT_EQ(s1["image_status"], "present");
    const auto& mention = s1["mentions"][1];
    EXPECT_EQ(mention["surface"], "Michelle Obama");
    EXPECT_EQ(mention["begin"], 10);
    EXPECT_EQ(mention["end"], 24);
    EXPECT_EQ(mention["box"], nlohmann::json({1, 2, 3.5, 4}));
    EXPECT_EQ(mention["gold"], "Q13133");
    EXPECT_EQ(mention["label"], "Q76");
    EXPECT_EQ(mention["label_source"], "human");
    EXPECT_EQ(mention["annotator"], "ann");
    EXPECT_FALSE(mention["updated_at"].get<std::string>().empty());
}

TEST_F(ExportTest, JsonlExportReimportsWithCorrectedLabels)
{
    const std::string gold = mentionOf("s1", 0).goldQid;
    ASSERT_FALSE(gold.empty());
    ASSERT_NE(gold, "Q13133");
    store.setLabel(mentionOf("s1", 0).id, "Q13133", LabelSource::Human, "ann");
    store.setLabel(mentionOf("s2", 0).id, kNil, LabelSource::Model, "");
    exportJsonl(store, "mini", dir / "out.jsonl");
    JsonlOptions o;
    o.datasetName = "again";
    o.file = dir / "out.jsonl";
    o.imageRoot = fixtures() / "melbench-list";
    const DatasetImportSummary s = importJsonl(store, o);
    EXPECT_EQ(s.samples, 5);
    EXPECT_EQ(s.mentions, 7);
    EXPECT_EQ(s.ignoredFields.count, 0);
    EXPECT_EQ(s.imagesPresent, 2);
    const auto again = store.mentionsOf(store.sampleBySource(store.dataset("again")->id, "s1")->id);
    EXPECT_EQ(again[1].begin, 10);
    // Who corrected what comes back (the correction used to become the dataset's answer, and "0 by humans").
    EXPECT_EQ(s.restoredLabels, 2);
    EXPECT_EQ(again[0].goldQid, gold);
    const auto label = store.label(again[0].id);
    ASSERT_TRUE(label);
    EXPECT_EQ(label->value, "Q13133");
    EXPECT_EQ(label->source, LabelSource::Human);
    EXPECT_EQ(label->annotator, "ann");
    const auto s2 = store.mentionsOf(store.sampleBySource(store.dataset("again")->id, "s2")->id);
    EXPECT_EQ(store.label(s2[0].id)->value, kNil);
    EXPECT_EQ(store.label(s2[0].id)->source, LabelSource::Model);
    // Exporting the copy gives the same file back, bar the dataset name and the times of the labels.
    exportJsonl(store, "again", dir / "again.jsonl");
    const auto strip = [](std::string text) {
        text = std::regex_replace(text, std::regex(R"("updated_at": ?"[^"]*")"), "T");
        return std::regex_replace(text, std::regex(R"("dataset": ?"[^"]*")"), "D");
    };
    EXPECT_EQ(strip(readText(dir / "again.jsonl")), strip(readText(dir / "out.jsonl")));
}

TEST_F(ExportTest, AnExportedLabelWithoutItsValueOrWithAnUnknownSource_IsRefusedWithItsField)
{
    for (const auto& [mention, field] : std::vector<std::pair<std::string, std::string>>{
             {R"({"surface": "Obama", "gold": "Q76", "label": null, "label_source": "human"})", "mentions[0].label"},
             {R"({"surface": "Obama", "gold": "Q76", "label": "Q1", "label_source": "robot"})",
              "mentions[0].label_source"},
             {R"({"surface": "Obama", "gold": "Q76", "label": "Obama", "label_source": "human"})", "mentions[0].label"},
             {R"({"surface": "Obama", "gold": "Barack", "label": null, "label_source": null})", "mentions[0].gold"}}) {
        mel::test::writeFile(dir / "bad.jsonl",
                             R"({"id": "a", "text": "Obama spoke", "mentions": [)" + mention + "]}\n");
        JsonlOptions o;
        o.datasetName = "bad";
        o.file = dir / "bad.jsonl";
        try {
            importJsonl(store, o);
            ADD_FAILURE() << mention;
        } catch (const Error& e) {
            EXPECT_EQ(e.context().field, field) << e.what();
            EXPECT_EQ(e.context().record, "line 1");
        }
        EXPECT_FALSE(store.dataset("bad"));
    }
}

TEST_F(ExportTest, MelBenchThroughJsonlAndBack_KeepsTheEntityNames)
{
    // MELBench -> JSON Lines -> import -> MELBench: the dataset's entity names come back (they were written as
    // gold_name but not read, and the MELBench export then wrote "" for every unchanged answer).
    store.setLabel(mentionOf("s1", 0).id, "Q13133", LabelSource::Human, "ann");
    exportJsonl(store, "mini", dir / "out.jsonl");
    JsonlOptions o;
    o.datasetName = "again";
    o.file = dir / "out.jsonl";
    importJsonl(store, o);
    exportMelBench(store, "again", dir / "again.json");
    const auto original = parseFile(fixtures() / "melbench-list/samples.json");
    const auto out = parseFile(dir / "again.json");
    for (const auto& id : {"s2", "s3", "s4", "s5"})
        EXPECT_EQ(out[id]["entities"], original[id]["entities"]) << id;
    // s1's first answer was corrected to Q13133 before the JSON Lines export: the name of the new answer.
    EXPECT_EQ(out["s1"]["entities"], nlohmann::json({"Michelle Obama", "Michelle Obama"}));
}

TEST_F(ExportTest, MelBenchExportOfAJsonlDatasetNamesItsEntitiesFromTheKb)
{
    // A JSON Lines dataset written by hand has QIDs but no names: the MELBench "entities" field takes the KB's.
    mel::test::writeFile(dir / "hand.jsonl",
                         R"({"id": "h1", "text": "Obama spoke", "mentions": [{"surface": "Obama", "qid": "Q76"}]})"
                         "\n"
                         R"({"id": "h2", "text": "nobody", "mentions": [{"surface": "nobody", "qid": "NIL"}]})"
                         "\n");
    JsonlOptions o;
    o.datasetName = "hand";
    o.file = dir / "hand.jsonl";
    importJsonl(store, o);
    exportMelBench(store, "hand", dir / "hand.json");
    const auto out = parseFile(dir / "hand.json");
    EXPECT_EQ(out["h1"]["entities"], nlohmann::json({"Barack Obama"}));
    EXPECT_EQ(out["h2"]["entities"], nlohmann::json({"NIL"}));
}

TEST_F(ExportTest, CsvQuotesAndNeutralisesCells)
{
    TempDir data;
    mel::test::writeFile(data / "f.jsonl",
                         R"({"id": "=cmd", "text": "-2+3, \"quoted\"\nnext", "mentions": [{"surface": "quoted", "qid": "Q42"}]})"
                         "\n");
    importJsonl(store, {"formula", data / "f.jsonl", {}, false});
    const ExportSummary s = exportCsv(store, "formula", dir / "out.csv");
    EXPECT_EQ(s.mentions, 1);
    const std::string csv = readText(dir / "out.csv");
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "dataset,split,sample_id,text,image,mention,surface,begin,end,box_x,box_y,box_w,box_h,gold,gold_name,"
              "label,label_name,label_source,annotator,updated_at");
    const std::string row = csv.substr(csv.find("\r\n") + 2);
    EXPECT_EQ(row.rfind("formula,,'=cmd,\"'-2+3, \"\"quoted\"\"\nnext\",,0,quoted,", 0), 0u) << row;
    EXPECT_NE(row.find(",Q42,,Q42,Douglas Adams,dataset,,"), std::string::npos) << row;
}

TEST_F(ExportTest, CsvWritesNegativeBoxCoordinatesAsNumbers)
{
    // The formula guard is for text; a box partly left of or above the image keeps its numbers.
    store.setMentionBox(mentionOf("s1", 0).id, BoundingBox{-3.5, -2, 10, 20});
    exportCsv(store, "mini", dir / "out.csv");
    const std::string csv = readText(dir / "out.csv");
    EXPECT_NE(csv.find(",-3.5,-2,10,20,"), std::string::npos) << csv;
    EXPECT_EQ(csv.find("'-3.5"), std::string::npos);
}

TEST_F(ExportTest, CsvHasOneRowPerMention)
{
    const ExportSummary s = exportCsv(store, "mini", dir / "out.csv");
    EXPECT_EQ(s.mentions, 7);
    const std::string csv = readText(dir / "out.csv");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 8);
}

TEST_F(ExportTest, FailedExportLeavesNoFile)
{
    const Error e = mel::test::expectError([&] { exportMelBench(store, "mini", dir / "missing-dir/out.json"); });
    EXPECT_EQ(e.code(), ErrorCode::Io);
    EXPECT_FALSE(std::filesystem::exists(dir / "missing-dir"));
    const Error unknown = mel::test::expectError([&] { exportCsv(store, "nope", dir / "out.csv"); });
    EXPECT_EQ(unknown.code(), ErrorCode::NotFound);
    EXPECT_FALSE(std::filesystem::exists(dir / "out.csv"));
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

// Found by a black-box review of import/export round trips (2026-12-05); each failed before its fix.

TEST_F(ExportTest, SingleStringRecordsWithASecondMention_AreWrittenAsListsSoNoneIsLost)
{
    MelBenchOptions o;
    o.datasetName = "rich";
    o.samples = {{fixtures() / "melbench-string/dev.json", "dev"}};
    importMelBench(store, o);
    const RowId sample = store.sampleBySource(store.dataset("rich")->id, "Q42")->id;
    Mention added;
    added.sampleId = sample;
    added.ordinal = 1;
    added.surface = "English";
    const RowId id = store.insertMention(added);
    store.setLabel(id, kNil, LabelSource::Human, "ann");

    const ExportSummary s = exportMelBench(store, "rich", dir / "rich.json");
    EXPECT_EQ(s.mentions, 2);
    EXPECT_EQ(s.warnings.count, 1);
    const auto out = parseFile(dir / "rich.json");
    EXPECT_EQ(out["Q42"]["mentions"], nlohmann::json({"Adams", "English"}));
    EXPECT_EQ(out["Q42"]["answer"], nlohmann::json({"Q42", "NIL"}));
    EXPECT_EQ(out["Q42"]["entities"], nlohmann::json({"Douglas Adams", "NIL"}));

    MelBenchOptions again;
    again.datasetName = "again";
    again.samples = {{dir / "rich.json", "dev"}};
    const auto reimported = importMelBench(store, again);
    EXPECT_EQ(reimported.mentions, 2);
}

TEST_F(ExportTest, LayoutExport_NeverWritesTheSplitsFileOverASamplesFileOfTheSameName)
{
    std::filesystem::create_directories(dir / "x");
    std::filesystem::create_directories(dir / "meta");
    std::filesystem::copy_file(fixtures() / "melbench-list/samples.json", dir / "x/data.json");
    std::filesystem::copy_file(fixtures() / "melbench-list/splits.json", dir / "meta/data.json");
    MelBenchOptions o;
    o.datasetName = "clash";
    o.samples = {{dir / "x/data.json", ""}};
    o.splitsFile = dir / "meta/data.json";
    importMelBench(store, o);
    const ExportSummary s = exportMelBenchLayout(store, "clash", dir / "out");
    EXPECT_EQ(parseFile(dir / "out/data.json"), parseFile(fixtures() / "melbench-list/samples.json"));
    // (the fixture's unknown id s404 is not a sample: it is reported at import and not written back)
    EXPECT_EQ(parseFile(dir / "out/splits.json"),
              nlohmann::json::parse(R"({"train": ["s1", "s3", "s4"], "dev": ["s2", "s5"]})"));
    EXPECT_EQ(s.warnings.count, 1);
}

TEST_F(ExportTest, AnExportOverTheProjectFileIsRefused_AndTheProjectStaysIntact)
{
    const auto before = store.stats();
    for (const auto& target : {store.path(), std::filesystem::path(store.path().string() + "-wal")}) {
        const Error csv = mel::test::expectError([&] { exportCsv(store, "mini", target); });
        EXPECT_EQ(csv.code(), ErrorCode::Invalid);
        EXPECT_NE(std::string(csv.what()).find("project file"), std::string::npos) << csv.what();
        EXPECT_THROW(exportJsonl(store, "mini", target), Error);
        EXPECT_THROW(exportMelBench(store, "mini", target), Error);
        EXPECT_THROW(exportMelBenchSplits(store, "mini", target), Error);
    }
    // Through another spelling of the same path too.
    const auto dotted = store.path().parent_path() / "." / store.path().filename();
    EXPECT_THROW(exportCsv(store, "mini", dotted), Error);
    Store reopened(store.path());
    mel::test::expectSameStats(reopened.stats(), before);
}

TEST_F(ExportTest, UnchangedMelBenchWithEmptyEntityNames_ExportsTheSameJson)
{
    const std::string source =
        R"({"s1": {"id": "s1", "sentence": "Al and Bo", "mentions": ["Al", "Bo"], "entities": ["", ""], "answer": ["Q42", "NIL"]}})";
    mel::test::writeFile(dir / "empty-names.json", source);
    MelBenchOptions o;
    o.datasetName = "names";
    o.samples = {{dir / "empty-names.json", ""}};
    importMelBench(store, o);
    const ExportSummary s = exportMelBench(store, "names", dir / "out.json");
    EXPECT_EQ(s.changedLabels, 0);
    EXPECT_EQ(readText(dir / "out.json"), source);
}

TEST_F(ExportTest, AJsonlDatasetWithSplits_ExportsItsSplitsFileInTheMelBenchLayout)
{
    exportJsonl(store, "mini", dir / "mini.jsonl");
    JsonlOptions j;
    j.datasetName = "lines";
    j.file = dir / "mini.jsonl";
    importJsonl(store, j);
    const ExportSummary s = exportMelBenchLayout(store, "lines", dir / "lines");
    EXPECT_EQ(parseFile(dir / "lines/splits.json"),
              nlohmann::json::parse(R"({"train": ["s1", "s3", "s4"], "dev": ["s2", "s5"]})"));
    EXPECT_EQ(s.warnings.count, 1);  // says where the splits went
}

TEST_F(ExportTest, TheSplitsFileListsNoEmptySplit)
{
    mel::test::writeFile(dir / "some.json", R"({"train": ["s1", "s3"]})");
    MelBenchOptions o;
    o.datasetName = "partial";
    o.samples = {{fixtures() / "melbench-list/samples.json", ""}};
    o.splitsFile = dir / "some.json";
    importMelBench(store, o);
    exportMelBenchSplits(store, "partial", dir / "out.json");
    EXPECT_EQ(parseFile(dir / "out.json"), nlohmann::json::parse(R"({"train": ["s1", "s3"]})"));
}

TEST_F(ExportTest, MelBenchRefusesAnEmptySampleId)
{
    mel::test::writeFile(dir / "empty-id.json",
                         R"({"": {"sentence": "Al", "mentions": ["Al"], "entities": ["A"], "answer": ["Q42"]}})");
    MelBenchOptions o;
    o.datasetName = "empty";
    o.samples = {{dir / "empty-id.json", ""}};
    const Error e = mel::test::expectError([&] { importMelBench(store, o); });
    EXPECT_EQ(e.code(), ErrorCode::Invalid);
    EXPECT_NE(std::string(e.what()).find("empty sample id"), std::string::npos) << e.what();
    EXPECT_FALSE(store.dataset("empty"));
}

TEST_F(ExportTest, AMentionWithoutAnswer_KeepsItsEntityNameThroughJsonl)
{
    mel::test::writeFile(
        dir / "unanswered.json",
        R"({"s": {"id": "s", "sentence": "Paris", "mentions": ["Paris"], "entities": ["B"], "answer": [""]}})");
    MelBenchOptions o;
    o.datasetName = "open";
    o.samples = {{dir / "unanswered.json", ""}};
    importMelBench(store, o);
    exportJsonl(store, "open", dir / "open.jsonl");
    JsonlOptions j;
    j.datasetName = "open2";
    j.file = dir / "open.jsonl";
    importJsonl(store, j);
    exportMelBench(store, "open2", dir / "back.json");
    EXPECT_EQ(parseFile(dir / "back.json")["s"]["entities"], nlohmann::json({"B"}));
}

TEST_F(ExportTest, LayoutExport_NeverWritesOutsideItsFolder_WhateverTheDatasetIsCalled)
{
    // The file name of a dataset without source files is its name: "../../esc" used to write deep/esc.json from
    // --out deep/a/b, and an absolute name wrote wherever it pointed.
    exportJsonl(store, "mini", dir / "mini.jsonl");
    const std::filesystem::path absolute = dir / "abs";
    for (const std::string& name : {std::string("../../esc"), absolute.string(), std::string("..")}) {
        JsonlOptions j;
        j.datasetName = name;
        j.file = dir / "mini.jsonl";
        importJsonl(store, j);
        const auto out = dir / "deep/a/b";
        std::filesystem::remove_all(dir / "deep");
        std::filesystem::create_directories(out);
        const ExportSummary s = exportMelBenchLayout(store, name, out);
        ASSERT_FALSE(s.files.empty());
        for (const auto& file : s.files) {
            EXPECT_EQ(file.lexically_normal().parent_path(), out.lexically_normal()) << name << ": " << file;
            EXPECT_TRUE(std::filesystem::is_regular_file(file)) << file;
        }
        EXPECT_FALSE(std::filesystem::exists(dir / "deep/esc.json"));
        EXPECT_FALSE(std::filesystem::exists(absolute.string() + ".json"));
        EXPECT_EQ(s.samples, 5);
    }
}
