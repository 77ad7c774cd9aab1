// Every malformed input gives one clear error naming file, record and field, and leaves the project unchanged.
#include <gtest/gtest.h>

#include "iotest.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"

using namespace mel::core;
using mel::test::fixtures;
using mel::test::TempDir;
namespace fs = std::filesystem;

namespace {

enum class Kind
{
    Kb,
    MelBench,
    MelBenchTwoFiles,
    Jsonl,
};

struct BadInput
{
    std::string name;
    Kind kind;
    std::string content;        // the file under test: bad.json / bad.jsonl / qid2ne.json ...
    ErrorCode code;
    std::string record;
    std::string field;
    std::string message;        // a fragment of the detail
    std::string errorFile = {};  // which file the error names, when not the main one
    std::function<void(const fs::path& dir, const fs::path& outside)> prepare = {};
};

const std::string kOk = R"("sentence": "Obama in Paris", "mentions": ["Obama"], "entities": ["Barack Obama"], "answer": ["Q76"])";

std::string record(const std::string& id, const std::string& body) { return "\"" + id + "\": {" + body + "}"; }

std::vector<BadInput> badInputs()
{
    return {
        // --- MELBench samples ---
        {"TruncatedJson", Kind::MelBench,
         R"({"a": {"id": "a", "sentence": "x", "mentions": ["x"], "entities": ["X"], "answer": ["Q)",
         ErrorCode::Parse, "a", "answer", "malformed JSON"},
        {"WrongTypeSentence", Kind::MelBench,
         "{" + record("a", R"("sentence": 42, "mentions": ["x"], "entities": ["X"], "answer": ["Q1"])") + "}",
         ErrorCode::Invalid, "a", "sentence", "expected a string, found an integer"},
        {"MissingAnswer", Kind::MelBench,
         "{" + record("a", R"("sentence": "x", "mentions": ["x"], "entities": ["X"])") + "}", ErrorCode::Invalid, "a",
         "answer", "missing field"},
        {"NullSentence", Kind::MelBench,
         "{" + record("a", R"("sentence": null, "mentions": ["x"], "entities": ["X"], "answer": ["Q1"])") + "}",
         ErrorCode::Invalid, "a", "sentence", "found null"},
        {"NullInAnswerList", Kind::MelBench,
         "{" + record("ok", kOk) + ", " +
             record("b", R"("sentence": "x", "mentions": ["x"], "entities": ["X"], "answer": [null])") + "}",
         ErrorCode::Invalid, "b", "answer[0]", "found null"},
        {"MismatchedListLengths", Kind::MelBench,
         "{" + record("a", R"("sentence": "x y", "mentions": ["x", "y"], "entities": ["X", "Y"], "answer": ["Q1"])") +
             "}",
         ErrorCode::Invalid, "a", "answer", "has 1 items but mentions has 2"},
        {"DuplicateSampleId", Kind::MelBench, "{" + record("a", kOk) + ", " + record("a", kOk) + "}",
         ErrorCode::Invalid, "a", "", "duplicate record id 'a'"},
        {"DuplicateField", Kind::MelBench,
         "{" + record("a", R"("sentence": "x", "sentence": "y", "mentions": ["x"], "entities": ["X"], "answer": ["Q1"])") +
             "}",
         ErrorCode::Invalid, "a", "sentence", "duplicate key 'sentence'"},
        {"NonUtf8Sentence", Kind::MelBench,
         "{" + record("a", "\"sentence\": \"Fran\xE7ois\", \"mentions\": [\"x\"], \"entities\": [\"X\"], "
                           "\"answer\": [\"Q1\"]") +
             "}",
         ErrorCode::Invalid, "a", "sentence", "not valid UTF-8"},
        // A bad key between records names no record; the detail gives line and column.
        {"NonUtf8Key", Kind::MelBench, "{" + record("ok", kOk) + ", \"b\xFF\": {}}", ErrorCode::Invalid, "", "",
         "not valid UTF-8"},
        {"AnswerNotAQid", Kind::MelBench,
         "{" + record("a", R"("sentence": "x", "mentions": ["x"], "entities": ["X"], "answer": ["Barack Obama"])") + "}",
         ErrorCode::Invalid, "a", "answer[0]", "is not a QID"},
        // Q01 would be a second spelling of Q1 and a different entity here: refused, as Wikidata never writes it.
        {"AnswerWithLeadingZero", Kind::MelBench,
         "{" + record("a", R"("sentence": "x", "mentions": ["x"], "entities": ["X"], "answer": ["Q01"])") + "}",
         ErrorCode::Invalid, "a", "answer[0]", "'Q01' is not a QID (Q and a number without leading zeros"},
        {"IdDiffersFromKey", Kind::MelBench, "{" + record("a", R"("id": "b", )" + kOk) + "}", ErrorCode::Invalid, "a",
         "id", "differs from the record key"},
        {"RecordNotAnObject", Kind::MelBench, "{" + record("ok", kOk) + R"(, "b": [1, 2]})", ErrorCode::Invalid, "b",
         "", "expected an object"},
        {"TopLevelArray", Kind::MelBench, "[1, 2]", ErrorCode::Invalid, "", "", "must be a JSON object"},
        {"MixedShapes", Kind::MelBench,
         "{" + record("ok", kOk) + ", " +
             record("b", R"("sentence": "x", "mentions": "x", "entities": "X", "answer": "Q1")") + "}",
         ErrorCode::Invalid, "b", "mentions", "expected a list (as in the first record)"},
        {"EmptyMention", Kind::MelBench,
         "{" + record("a", R"("sentence": "x", "mentions": [""], "entities": ["X"], "answer": ["Q1"])") + "}",
         ErrorCode::Invalid, "a", "mentions[0]", "empty mention"},
        {"MentionsNumber", Kind::MelBench,
         "{" + record("a", R"("sentence": "x", "mentions": 3, "entities": ["X"], "answer": ["Q1"])") + "}",
         ErrorCode::Invalid, "a", "mentions", "expected a list or a string, found an integer"},
        {"SplitListsIdTwice", Kind::MelBench, "{" + record("a", kOk) + "}", ErrorCode::Invalid, "a", "dev[0]",
         "listed in split 'train' and again in 'dev'", "splits.json",
         [](const fs::path& dir, const fs::path&) {
             mel::test::writeFile(dir / "splits.json", R"({"train": ["a"], "dev": ["a"]})");
         }},
        {"DuplicateIdAcrossFiles", Kind::MelBenchTwoFiles, "{" + record("a", kOk) + "}", ErrorCode::Invalid, "a", "id",
         "duplicate sample id", "dev.json"},
        {"ImageSymlinkEscapesRoot", Kind::MelBench, "{" + record("ok", kOk) + ", " + record("a", kOk) + "}",
         ErrorCode::Unsafe, "a", "image", "outside the dataset root",
         {},
         [](const fs::path& dir, const fs::path& outside) {
             mel::test::writeFile(outside / "secret.jpg", "secret");
             fs::create_directories(dir / "images");
             fs::create_symlink(outside / "secret.jpg", dir / "images/a.jpg");
         }},
        {"SampleIdIsAPath", Kind::MelBench, "{" + record("ok", kOk) + ", " + record("../../etc/passwd", kOk) + "}",
         ErrorCode::Unsafe, "../../etc/passwd", "id", "cannot name an image file",
         {},
         [](const fs::path& dir, const fs::path&) { fs::create_directories(dir / "images"); }},

        // --- KB files (the content is qid2ne.json unless a prepare step replaces another file) ---
        {"KbNameWrongType", Kind::Kb, R"({"Q1": "One", "Q2": 2})", ErrorCode::Invalid, "Q2", "name",
         "expected a string, found an integer", "qid2ne.json"},
        {"KbNameEmpty", Kind::Kb, R"({"Q1": ""})", ErrorCode::Invalid, "Q1", "name", "empty entity name", "qid2ne.json"},
        {"KbTruncated", Kind::Kb, R"({"Q1": "One", "Q2": "Tw)", ErrorCode::Parse, "Q2", "name", "malformed JSON",
         "qid2ne.json"},
        {"KbNonUtf8Name", Kind::Kb, "{\"Q1\": \"Caf\xE9\"}", ErrorCode::Invalid, "Q1", "name", "not valid UTF-8",
         "qid2ne.json"},
        {"KbAbstractNull", Kind::Kb, R"({"Q1": "One"})", ErrorCode::Invalid, "Q1", "abstract", "found null",
         "qid2abs.json",
         [](const fs::path& dir, const fs::path&) { mel::test::writeFile(dir / "qid2abs.json", R"({"Q1": null})"); }},
        {"KbAliasTargetList", Kind::Kb, R"({"Q1": "One"})", ErrorCode::Invalid, "Uno", "qid", "expected a string",
         "ne2qid.json",
         [](const fs::path& dir, const fs::path&) {
             mel::test::writeFile(dir / "ne2qid.json", R"({"One": "Q1", "Uno": ["Q1"]})");
         }},

        // An empty dataset used to be made (and then hidden: stats and views list samples).
        {"MelBenchNoRecords", Kind::MelBench, "{}", ErrorCode::Invalid, "", "", "has no samples"},

        // --- JSONL ---
        {"JsonlEmptyFile", Kind::Jsonl, "", ErrorCode::Invalid, "", "", "has no samples"},
        {"JsonlOnlyBlankLines", Kind::Jsonl, "\n  \n\t\n", ErrorCode::Invalid, "", "", "has no samples"},
        {"JsonlTruncatedLine", Kind::Jsonl,
         "{\"id\": \"a\", \"text\": \"x\", \"mentions\": []}\n{\"id\": \"b\", \"text\": \"y\", \"mentions\": [",
         ErrorCode::Parse, "line 2", "mentions", "malformed JSON"},
        {"JsonlSpanDoesNotMatchSurface", Kind::Jsonl,
         R"({"id": "a", "text": "Obama in Paris", "mentions": [{"surface": "Obama", "begin": 0, "end": 4}]})",
         ErrorCode::Invalid, "line 1", "mentions[0].begin", "selects 'Obam', not the surface 'Obama'"},
        {"JsonlSpanOutOfRange", Kind::Jsonl,
         R"({"id": "a", "text": "Obama", "mentions": [{"surface": "Obama", "begin": 0, "end": 9}]})",
         ErrorCode::Invalid, "line 1", "mentions[0].begin", "not inside the text"},
        {"JsonlBeginWithoutEnd", Kind::Jsonl,
         R"({"id": "a", "text": "Obama", "mentions": [{"surface": "Obama", "begin": 0}]})", ErrorCode::Invalid,
         "line 1", "mentions[0].end", "missing"},
        {"JsonlBeginWrongType", Kind::Jsonl,
         R"({"id": "a", "text": "Obama", "mentions": [{"surface": "Obama", "begin": "0", "end": 5}]})",
         ErrorCode::Invalid, "line 1", "mentions[0].begin", "expected an integer"},
        {"JsonlMissingText", Kind::Jsonl, R"({"id": "a", "mentions": []})", ErrorCode::Invalid, "line 1", "text",
         "missing field"},
        {"JsonlNullMentions", Kind::Jsonl, R"({"id": "a", "text": "x", "mentions": null})", ErrorCode::Invalid,
         "line 1", "mentions", "expected a list, found null"},
        {"JsonlNonUtf8Text", Kind::Jsonl, "{\"id\": \"a\", \"text\": \"\xC0\xAF\", \"mentions\": []}",
         ErrorCode::Invalid, "line 1", "text", "not valid UTF-8"},
        {"JsonlDuplicateId", Kind::Jsonl,
         "{\"id\": \"a\", \"text\": \"x\", \"mentions\": []}\n{\"id\": \"a\", \"text\": \"y\", \"mentions\": []}",
         ErrorCode::Invalid, "line 2", "id", "first on line 1"},
        {"JsonlBadBox", Kind::Jsonl,
         R"({"id": "a", "text": "Obama", "mentions": [{"surface": "Obama", "box": [1, 2, 3]}]})", ErrorCode::Invalid,
         "line 1", "mentions[0].box", "expected [x, y, w, h]"},
        {"JsonlBadQid", Kind::Jsonl,
         R"({"id": "a", "text": "Obama", "mentions": [{"surface": "Obama", "qid": 76}]})", ErrorCode::Invalid,
         "line 1", "mentions[0].qid", "expected a string"},
        {"JsonlImageParentDir", Kind::Jsonl, R"({"id": "a", "text": "x", "image": "../secret.jpg", "mentions": []})",
         ErrorCode::Unsafe, "line 1", "image", "contains '..'"},
        {"JsonlImageAbsolute", Kind::Jsonl, R"({"id": "a", "text": "x", "image": "/etc/hostname", "mentions": []})",
         ErrorCode::Unsafe, "line 1", "image", "is absolute"},
        {"JsonlImageSymlinkOutside", Kind::Jsonl,
         "{\"id\": \"a\", \"text\": \"x\", \"mentions\": []}\n"
         "{\"id\": \"b\", \"text\": \"x\", \"image\": \"img/evil.jpg\", \"mentions\": []}",
         ErrorCode::Unsafe, "line 2", "image", "outside the dataset root",
         {},
         [](const fs::path& dir, const fs::path& outside) {
             mel::test::writeFile(outside / "secret.jpg", "secret");
             fs::create_directories(dir / "img");
             fs::create_symlink(outside / "secret.jpg", dir / "img/evil.jpg");
         }},
    };
}

// Keeps gtest from dumping the struct's bytes in test names and failures.
void PrintTo(const BadInput& bad, std::ostream* out) { *out << bad.name; }

class MalformedInput : public ::testing::TestWithParam<BadInput>
{
};

} // namespace

TEST_P(MalformedInput, GivesAClearErrorAndStoresNothing)
{
    const BadInput& bad = GetParam();
    TempDir dir;
    TempDir outside;
    Store store(dir / "p.melproj");
    // A project that already holds a KB and a dataset, so "unchanged" is not trivially "empty".
    importKb(store, {fixtures() / "kb/qid2ne.json", fixtures() / "kb/qid2abs.json", fixtures() / "kb/ne2qid.json", {}});
    importMelBench(store, {"mini", {{fixtures() / "melbench-list/samples.json", ""}}, {}, {}, false});
    const StoreStats before = store.stats();

    fs::path mainFile;
    switch (bad.kind) {
    case Kind::Kb:
        mainFile = dir / "qid2ne.json";
        mel::test::writeFile(dir / "qid2abs.json", R"({"Q1": "Sex: male."})");
        mel::test::writeFile(dir / "ne2qid.json", R"({"One": "Q1"})");
        break;
    case Kind::MelBench:
    case Kind::MelBenchTwoFiles:
        mainFile = dir / "bad.json";
        break;
    case Kind::Jsonl:
        mainFile = dir / "bad.jsonl";
        break;
    }
    mel::test::writeFile(mainFile, bad.content);
    if (bad.kind == Kind::MelBenchTwoFiles)
        mel::test::writeFile(dir / "dev.json", bad.content);
    if (bad.prepare)
        bad.prepare(dir.path(), outside.path());

    const Error e = mel::test::expectError([&] {
        switch (bad.kind) {
        case Kind::Kb:
            importKb(store, {dir / "qid2ne.json", dir / "qid2abs.json", dir / "ne2qid.json", {}});
            break;
        case Kind::MelBench: {
            MelBenchOptions o{"bad", {{mainFile, ""}}, {}, {}, false};
            if (fs::exists(dir / "splits.json"))
                o.splitsFile = dir / "splits.json";
            if (fs::exists(dir / "images"))
                o.imagesDir = dir / "images";
            importMelBench(store, o);
            break;
        }
        case Kind::MelBenchTwoFiles:
            importMelBench(store, {"bad", {{mainFile, "train"}, {dir / "dev.json", "dev"}}, {}, {}, false});
            break;
        case Kind::Jsonl:
            importJsonl(store, {"bad", mainFile, {}, false});
            break;
        }
    });
    const fs::path errorFile = bad.errorFile.empty() ? mainFile : dir / bad.errorFile;
    EXPECT_EQ(e.code(), bad.code) << e.what();
    EXPECT_EQ(e.context().file, errorFile.string()) << e.what();
    EXPECT_EQ(e.context().record, bad.record) << e.what();
    EXPECT_EQ(e.context().field, bad.field) << e.what();
    EXPECT_NE(e.detail().find(bad.message), std::string::npos) << e.what();
    // The one-line message carries all three parts.
    const std::string what = e.what();
    EXPECT_NE(what.find(errorFile.string()), std::string::npos) << what;
    if (!bad.record.empty()) {
        EXPECT_NE(what.find("record " + bad.record), std::string::npos) << what;
    }
    if (!bad.field.empty()) {
        EXPECT_NE(what.find("field '" + bad.field + "'"), std::string::npos) << what;
    }
    mel::test::expectSameStats(before, store.stats());
    EXPECT_FALSE(store.dataset("bad"));
}

INSTANTIATE_TEST_SUITE_P(Importers, MalformedInput, ::testing::ValuesIn(badInputs()),
                         [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.name; });

TEST(MalformedInputNotFatal, UnknownAnswerQidsAreReportedAndStored)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    importKb(store, {fixtures() / "kb/qid2ne.json", fixtures() / "kb/qid2abs.json", {}, {}});
    mel::test::writeFile(dir / "s.json", "{" + record("a", R"("sentence": "x y", "mentions": ["x", "y"], )"
                                                            R"("entities": ["X", "Y"], "answer": ["Q76", "Q5555"])") +
                                             "}");
    const DatasetImportSummary s = importMelBench(store, {"d", {{dir / "s.json", ""}}, {}, {}, false});
    EXPECT_EQ(s.unknownAnswers.count, 1);
    EXPECT_EQ(s.unknownAnswers.examples.at(0), "a: Q5555");
    EXPECT_EQ(s.labels, 2);
    EXPECT_EQ(store.stats().labels, 2);
}

TEST(MalformedInputNotFatal, MissingFilesAreIoErrorsNamingTheFile)
{
    TempDir dir;
    Store store(dir / "p.melproj");
    const Error e = mel::test::expectError(
        [&] { importMelBench(store, {"d", {{dir / "nope.json", ""}}, {}, {}, false}); });
    EXPECT_EQ(e.code(), ErrorCode::Io);
    EXPECT_EQ(e.context().file, (dir / "nope.json").string());
    const Error images = mel::test::expectError([&] {
        importMelBench(store, {"d", {{fixtures() / "melbench-list/samples.json", ""}}, {}, dir / "no-images", false});
    });
    EXPECT_EQ(images.code(), ErrorCode::Io);
    EXPECT_EQ(store.stats().datasets, 0);
}
