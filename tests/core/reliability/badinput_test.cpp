// The malformed-input corpus (tests/data/bad, manifest cases.json made by make_bad_inputs.py): every case gives a
// clear error naming file, record and field, and leaves a project that already holds data exactly as it was.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iotest.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"
#include "mel/core/store/database.h"

using namespace mel::core;
namespace fs = std::filesystem;

namespace {

fs::path corpus() { return fs::path(MEL_SOURCE_DIR) / "tests/data/bad"; }

struct BadCase
{
    nlohmann::json spec;
    std::string name() const { return spec["name"]; }
};

std::vector<BadCase> loadCases()
{
    std::vector<BadCase> out;
    for (auto& c : nlohmann::json::parse(mel::test::readText(corpus() / "cases.json")))
        out.push_back({c});
    return out;
}

ErrorCode codeNamed(const std::string& name)
{
    if (name == "parse")
        return ErrorCode::Parse;
    if (name == "unsafe")
        return ErrorCode::Unsafe;
    return ErrorCode::Invalid;
}

// Everything a failed import could have touched: row counts of every table and the exported baseline dataset.
std::string fingerprint(Store& store, const fs::path& scratch)
{
    std::string out;
    auto& tables = store.cached("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    std::vector<std::string> names;
    while (tables.step())
        names.push_back(tables.text(0));
    tables.reset();
    for (const auto& table : names) {
        if (table.rfind("entity_fts_", 0) == 0)
            continue;  // FTS5 shadow tables follow entity_fts
        Statement count(store.db(), "SELECT count(*) FROM \"" + table + "\"");
        count.step();
        out += table + "=" + std::to_string(count.int64(0)) + ";";
    }
    exportJsonl(store, "mini", scratch);
    return out + mel::test::readText(scratch);
}

std::string generated(const std::string& kind)
{
    const std::string ok = R"("mentions": ["Obama"], "entities": ["Barack Obama"], "answer": ["Q76"])";
    if (kind == "huge-string")
        return R"({"1": {"sentence": ")" + std::string(10 * 1024 * 1024, 'a') + R"(", )" + ok + "}}";
    // 100,000 levels of lists inside the record's sentence field.
    return R"({"1": {"sentence": )" + std::string(100000, '[') + std::string(100000, ']') + ", " + ok + "}}";
}

class BadInputCorpus : public ::testing::TestWithParam<BadCase>
{
};

} // namespace

TEST_P(BadInputCorpus, ClearErrorAndProjectUnchanged)
{
    const auto& spec = GetParam().spec;
    mel::test::TempDir dir;
    Store store(dir / "p.melproj");
    const fs::path io = mel::test::fixtures();
    importKb(store, {io / "kb/qid2ne.json", io / "kb/qid2abs.json", io / "kb/ne2qid.json", {}});
    importMelBench(store, {"mini", {{io / "melbench-list/samples.json", ""}}, {}, {}, false});
    const std::string before = fingerprint(store, dir / "before.jsonl");

    // Work on a copy, so that symlinks and images can sit next to it.
    const fs::path input = dir / "in" / fs::path(spec["file"].get<std::string>()).filename();
    fs::create_directories(input.parent_path());
    if (spec.contains("generate"))
        mel::test::writeFile(input, generated(spec["generate"]));
    else
        fs::copy_file(corpus() / spec["file"].get<std::string>(), input);
    if (spec.contains("symlink"))
        for (const auto& [link, target] : spec["symlink"].items())
            fs::create_symlink(target.get<std::string>(), input.parent_path() / link);
    if (spec.value("images", false))
        fs::create_directories(input.parent_path() / "images");

    const std::string importer = spec["importer"];
    const Error e = mel::test::expectError([&] {
        if (importer == "melbench") {
            MelBenchOptions o{"bad", {{input, ""}}, {}, {}, false};
            if (spec.value("images", false))
                o.imagesDir = input.parent_path() / "images";
            importMelBench(store, o);
        } else if (importer == "jsonl") {
            importJsonl(store, {"bad", input, {}, false});
        } else {
            mel::test::writeFile(input.parent_path() / "qid2abs.json", R"({"Q1": "Sex: male."})");
            importKb(store, {input, input.parent_path() / "qid2abs.json", {}, {}});
        }
    });
    EXPECT_EQ(e.code(), codeNamed(spec["code"])) << e.what();
    EXPECT_EQ(e.context().file, input.string()) << e.what();
    EXPECT_EQ(e.context().record, spec["record"].get<std::string>()) << e.what();
    EXPECT_EQ(e.context().field, spec["field"].get<std::string>()) << e.what();
    EXPECT_NE(e.detail().find(spec["message"].get<std::string>()), std::string::npos) << e.what();
    if (::testing::Test::HasFailure())
        std::cerr << "actual error: " << e.what() << "\n";
    EXPECT_NE(std::string(e.what()).find(input.string()), std::string::npos) << e.what();

    EXPECT_EQ(fingerprint(store, dir / "after.jsonl"), before);
    EXPECT_FALSE(store.dataset("bad"));
    auto& check = store.cached("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.text(0), "ok");
    check.reset();
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputCorpus, ::testing::ValuesIn(loadCases()),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                             std::string name = info.param.name();
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return name;
                         });
