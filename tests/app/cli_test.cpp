// melstudio-cli end to end on the bundled demo data: import, stats, search, link/eval, export, errors.
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <sys/wait.h>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

struct Result
{
    int exitCode = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

std::string quote(const std::string& s) { return "'" + s + "'"; }

class CliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::random_device rd;
        m_dir = fs::temp_directory_path() / ("mel-cli-" + std::to_string(rd()));
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    Result cli(const std::string& args)
    {
        const fs::path errFile = m_dir / "stderr.txt";
        const std::string command = std::string(MEL_CLI) + " " + args + " 2>" + quote(errFile.string());
        Result r;
        FILE* pipe = popen(command.c_str(), "r");
        std::array<char, 4096> buffer{};
        std::size_t n = 0;
        while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
            r.out.append(buffer.data(), n);
        const int status = pclose(pipe);
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::ifstream err(errFile);
        r.err.assign(std::istreambuf_iterator<char>(err), {});
        return r;
    }

    std::string db() const { return quote((m_dir / "p.melproj").string()); }
    static std::string demo(const std::string& rel) { return quote(std::string(MEL_SOURCE_DIR) + "/resources/demo/" + rel); }

    void importDemoWikidata()
    {
        ASSERT_EQ(cli("import-kb --db " + db() + " --names " + demo("wikidata-mel/qid2ne.json") + " --abstracts " +
                      demo("wikidata-mel/qid2abs.json") + " --aliases " + demo("wikidata-mel/ne2qid.json"))
                      .exitCode,
                  0);
        const auto r = cli("import --db " + db() + " --dataset wikidata-mel --samples " +
                           demo("wikidata-mel/Wikidata-MEL.json") + " --splits " + demo("wikidata-mel/splits.json") +
                           " --images " + demo("wikidata-mel/images"));
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }

    fs::path m_dir;
};

} // namespace

TEST_F(CliTest, Cli_ImportThenStatsJsonReportsCounts)
{
    importDemoWikidata();
    const auto r = cli("stats --db " + db() + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto stats = nlohmann::json::parse(r.out);
    EXPECT_EQ(stats["samples"], 440);
    EXPECT_GT(stats["mentions"].get<int>(), 440);
    EXPECT_EQ(stats["labels"], stats["mentions"]);
    EXPECT_GT(stats["entities"].get<int>(), 3000);
    EXPECT_TRUE(stats["datasets"]["wikidata-mel"].contains("train"));
    EXPECT_TRUE(stats["datasets"]["wikidata-mel"].contains("dev"));
}

TEST_F(CliTest, Cli_SearchFindsEntityByNamePrefix)
{
    importDemoWikidata();
    const auto r = cli("search --db " + db() + " hollan --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto hits = nlohmann::json::parse(r.out);
    ASSERT_FALSE(hits.empty());
    bool found = false;
    for (const auto& hit : hits)
        found = found || hit["qid"] == "Q157";
    EXPECT_TRUE(found);
}

TEST_F(CliTest, Cli_ANumberOutOfRangeIsSaidInWords)
{
    // CLI11's own check printed "Value 0 not in range 0.000000 to " and the ~300 digits of the largest double.
    importDemoWikidata();
    for (const std::string& args : {"search --db " + db() + " --limit 0 obama", "runs --db " + db() + " --delete 0",
                                    "search --db " + db() + " --limit x obama"}) {
        const auto r = cli(args);
        EXPECT_NE(r.exitCode, 0) << args;
        EXPECT_LT(r.err.size(), 300u) << r.err;
        EXPECT_TRUE(r.err.find("must be greater than 0, got 0") != std::string::npos ||
                    r.err.find("'x' is not a number") != std::string::npos)
            << r.err;
    }
}

// From a black-box CLI review (2026-12-05): each of these was accepted, or failed without saying why.
TEST_F(CliTest, Cli_ImportAndFeaturesRefuseWhatCannotWork_Clearly)
{
    const fs::path csv = m_dir / "labels.csv";
    std::ofstream(csv) << "sample_id,surface\na,Obama\n";
    auto r = cli("import --db " + db() + " --dataset x --samples " + quote(csv.string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("CSV is an export format"), std::string::npos) << r.err;  // was "malformed JSON"
    EXPECT_FALSE(fs::exists(m_dir / "p.melproj"));

    const fs::path empty = m_dir / "empty.jsonl";
    std::ofstream(empty) << "\n";
    r = cli("import --db " + db() + " --dataset x --samples " + quote(empty.string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("has no samples"), std::string::npos) << r.err;  // made a dataset stats never listed

    const fs::path one = m_dir / "one.jsonl";
    std::ofstream(one) << R"({"id": "a", "text": "Obama spoke", "mentions": [{"surface": "Obama"}]})" << "\n";
    r = cli("import --db " + db() + " --dataset '   ' --samples " + quote(one.string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("needs a name"), std::string::npos) << r.err;
    ASSERT_EQ(cli("import --db " + db() + " --dataset x --samples " + quote(one.string())).exitCode, 0);

    r = cli("features --db " + db() + " --keep 2 --clear");  // kept none, whatever --keep said
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("excludes"), std::string::npos) << r.err;
}

// SIGTERM (kill, timeout, a service manager) cancels like Ctrl-C: the job stops at its next check and says so. It
// used to end the process on the spot, and a link run then stayed "running" until the next open.
TEST_F(CliTest, Cli_SigtermCancelsAJobCleanly)
{
    const fs::path big = m_dir / "big.jsonl";
    {
        std::ofstream out(big);
        for (int i = 0; i < 300000; ++i)
            out << R"({"id": ")" << i << R"(", "text": "Obama spoke in Paris", "mentions": [{"surface": "Obama"}]})"
                << '\n';
    }
    const fs::path errFile = m_dir / "stderr.txt";
    const fs::path project = m_dir / "p.melproj";
    const pid_t child = fork();
    if (child == 0) {
        const int fd = ::open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        execl(MEL_CLI, MEL_CLI, "import", "--db", project.c_str(), "--dataset", "big", "--samples", big.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    // The first progress line says the job (and its handler) has started; the file takes seconds to import.
    std::string err;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (err.find("import:") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::ifstream in(errFile);
        err.assign(std::istreambuf_iterator<char>(in), {});
    }
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << "ended by the signal, not cancelled: " << err;
    EXPECT_EQ(WEXITSTATUS(status), 130);
    std::ifstream in(errFile);
    err.assign(std::istreambuf_iterator<char>(in), {});
    EXPECT_NE(err.find("melstudio-cli: cancelled"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(project)) << "a cancelled first import leaves no project file";
}

TEST_F(CliTest, Cli_LinkingWithoutAKnowledgeBaseFails_NamingWhatIsMissing)
{
    const auto imported = cli("import --db " + db() + " --dataset wikidata-mel --samples " +
                              demo("wikidata-mel/Wikidata-MEL.json") + " --splits " + demo("wikidata-mel/splits.json"));
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    const auto r = cli("link --db " + db() + " --dataset wikidata-mel --split dev --linker name");
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("no knowledge base entities"), std::string::npos) << r.err;
    const auto runs = cli("runs --db " + db() + " --json");
    EXPECT_TRUE(nlohmann::json::parse(runs.out)["runs"].empty()) << runs.out;
    const auto typo = cli("eval --db " + db() + " --dataset wikidata-mel --split deev --linker name");
    EXPECT_NE(typo.exitCode, 0);
    EXPECT_EQ(typo.err.find("building the candidate index"), std::string::npos) << typo.err;
}

TEST_F(CliTest, Cli_EvalPrintsRankingMetricsAsJson)
{
    importDemoWikidata();
    const auto r = cli("eval --db " + db() + " --dataset wikidata-mel --split dev --linker name --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto m = nlohmann::json::parse(r.out);
    for (const char* key : {"hits@1", "hits@3", "hits@5", "hits@10", "mrr", "mr", "recall@k", "n"})
        EXPECT_TRUE(m.contains(key)) << key;
    EXPECT_GT(m["n"].get<int>(), 100);
    EXPECT_GT(m["hits@1"].get<double>(), 0.5);
    EXPECT_LE(m["hits@1"].get<double>(), m["hits@3"].get<double>());
}

TEST_F(CliTest, Cli_LinkStoresARunWithPredictions)
{
    importDemoWikidata();
    const auto r = cli("link --db " + db() + " --dataset wikidata-mel --split dev --linker name --top-k 10 --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto m = nlohmann::json::parse(r.out);
    EXPECT_GT(m["run_id"].get<int>(), 0);
    const auto stats = nlohmann::json::parse(cli("stats --db " + db() + " --json").out);
    EXPECT_EQ(stats["model_runs"], 1);
}

TEST_F(CliTest, Cli_RunsListsAndDeletesRunsWithTheirPredictions)
{
    importDemoWikidata();
    for (int i = 0; i < 2; ++i)
        ASSERT_EQ(
            cli("link --db " + db() + " --dataset wikidata-mel --split dev --linker name --top-k 10 --json").exitCode,
            0);
    auto r = cli("runs --db " + db() + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto listed = nlohmann::json::parse(r.out);
    ASSERT_EQ(listed["runs"].size(), 2u);
    EXPECT_EQ(listed["runs"][0]["status"], "done");
    EXPECT_GT(listed["runs"][0]["metrics"]["hits@1"].get<double>(), 0.5);
    const int first = listed["runs"][0]["id"].get<int>();

    // An id given twice deletes one run and says so (it used to count the ids typed).
    r = cli("runs --db " + db() + " --delete " + std::to_string(first) + " " + std::to_string(first) + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    listed = nlohmann::json::parse(r.out);
    EXPECT_EQ(listed["deleted_runs"], 1);
    EXPECT_GT(listed["deleted_predictions"].get<int>(), 100);
    ASSERT_EQ(listed["runs"].size(), 1u);
    EXPECT_NE(listed["runs"][0]["id"].get<int>(), first);

    // A run over the whole dataset (no --split) says so rather than "wikidata-mel/".
    ASSERT_EQ(cli("link --db " + db() + " --dataset wikidata-mel --linker name --top-k 5").exitCode, 0);
    r = cli("runs --db " + db());
    EXPECT_NE(r.out.find("wikidata-mel/dev  done"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("wikidata-mel (all splits)  done"), std::string::npos) << r.out;
    const auto whole = nlohmann::json::parse(cli("runs --db " + db() + " --json").out)["runs"].back();
    ASSERT_EQ(whole["split"], "");
    ASSERT_EQ(cli("runs --db " + db() + " --delete " + whole["id"].dump()).exitCode, 0);

    r = cli("runs --db " + db() + " --delete 999"); // unknown: an error, nothing deleted
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("999"), std::string::npos) << r.err;
    EXPECT_EQ(nlohmann::json::parse(cli("runs --db " + db() + " --json").out)["runs"].size(), 1u);
}

TEST_F(CliTest, Cli_BenchLabelsTimesABulkChangeAndRefusesImpossibleCounts)
{
    const auto r = cli("bench labels --samples 300 --identical 40");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["bench"], "labels");
    EXPECT_EQ(j["mentions"], 300);
    EXPECT_EQ(j["changed"], 40);
    EXPECT_GE(j["set_s"].get<double>(), 0.0);
    EXPECT_GE(j["undo_us_per_mention"].get<double>(), 0.0);

    const auto bad = cli("bench labels --samples 30 --identical 40");
    EXPECT_NE(bad.exitCode, 0);
    EXPECT_NE(bad.err.find("identical"), std::string::npos) << bad.err;
}

TEST_F(CliTest, Cli_ExportOntoTheProjectFileIsRefused_AndTheProjectSurvives)
{
    importDemoWikidata();
    const auto before = cli("stats --db " + db() + " --json");
    ASSERT_EQ(before.exitCode, 0) << before.err;
    const auto r = cli("export --db " + db() + " --dataset wikidata-mel --format csv --out " + db());
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("project file"), std::string::npos) << r.err;
    const auto after = cli("stats --db " + db() + " --json");
    ASSERT_EQ(after.exitCode, 0) << after.err;
    EXPECT_EQ(after.out, before.out);
}

TEST_F(CliTest, Cli_ExportWritesEveryFormat)
{
    importDemoWikidata();
    for (const std::string format : {"melbench", "jsonl", "csv"}) {
        const fs::path out = m_dir / ("export." + format);
        const auto r = cli("export --db " + db() + " --dataset wikidata-mel --format " + format + " --out " +
                           quote(out.string()));
        ASSERT_EQ(r.exitCode, 0) << format << ": " << r.err;
        EXPECT_TRUE(fs::exists(out)) << format;
    }
}

TEST_F(CliTest, Cli_BadInputGivesOneLineErrorAndStoresNothing)
{
    importDemoWikidata();
    const fs::path bad = m_dir / "bad.json";
    std::ofstream(bad) << R"({"1": {"id": "1", "sentence": "x", "mentions": ["x"], "entities": ["X"], "answer": [7]}})";
    const auto r = cli("import --db " + db() + " --dataset broken --samples " + quote(bad.string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("answer"), std::string::npos) << r.err;
    // Progress lines may precede it; the error itself is exactly one line, the last one.
    const auto errorAt = r.err.find("melstudio-cli: error: ");
    ASSERT_NE(errorAt, std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n', errorAt), r.err.size() - 1) << r.err;
    const auto stats = nlohmann::json::parse(cli("stats --db " + db() + " --json").out);
    EXPECT_FALSE(stats["datasets"].contains("broken"));
    EXPECT_EQ(stats["samples"], 440);
}

TEST_F(CliTest, Cli_UnknownDatasetIsAnError)
{
    importDemoWikidata();
    const auto r = cli("eval --db " + db() + " --dataset nope --linker name");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("nope"), std::string::npos);
}

TEST_F(CliTest, Cli_AMistypedSplitOrProjectIsAnError_NotAnEmptyResult)
{
    importDemoWikidata();
    // eval / link / export / faces with a split the dataset does not have: an error naming the split and the ones
    // it has, and no run stored.
    const std::string exportTo = "--format jsonl --out " + quote((m_dir / "x.jsonl").string());
    for (const auto& [command, rest] : {std::pair<std::string, std::string>{"eval", "--linker name --json"},
                                        {"link", "--linker name"},
                                        {"export", exportTo}}) {
        const auto r = cli(command + " --db " + db() + " --dataset wikidata-mel --split tset " + rest);
        EXPECT_EQ(r.exitCode, 1) << command << ": " << r.out;
        EXPECT_NE(r.err.find("no split 'tset'"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("'dev'"), std::string::npos) << r.err;
    }
    EXPECT_FALSE(fs::exists(m_dir / "x.jsonl"));
    const auto stats = nlohmann::json::parse(cli("stats --db " + db() + " --json").out);
    EXPECT_EQ(stats["model_runs"], 0);
#ifdef MEL_CLI_HAS_MODELS
    // bench link timed 0 mentions and exited 0 (found by a README review).
    const auto bench = cli("bench link --db " + db() + " --dataset wikidata-mel --split tset --linker name");
    EXPECT_EQ(bench.exitCode, 1) << bench.out;
    EXPECT_NE(bench.err.find("no split 'tset'"), std::string::npos) << bench.err;
#endif
    // --split with the layout format (which writes every split) is refused rather than ignored.
    EXPECT_EQ(cli("export --db " + db() + " --dataset wikidata-mel --split dev --out " + quote((m_dir / "l").string()))
                  .exitCode,
              1);
    // stats and search do not create a project under a mistyped name.
    const fs::path typo = m_dir / "typo.melproj";
    EXPECT_NE(cli("stats --db " + quote(typo.string())).exitCode, 0);
    EXPECT_NE(cli("search --db " + quote(typo.string()) + " hollande").exitCode, 0);
    EXPECT_FALSE(fs::exists(typo));
    // Nor do they turn an empty file into a project (SQLite takes a 0-byte file for a new database).
    const fs::path empty = m_dir / "empty.melproj";
    std::ofstream(empty).close();
    for (const std::string command : {"stats", "runs", "search"}) {
        const auto r = cli(command + " --db " + quote(empty.string()) + (command == "search" ? " hollande" : ""));
        EXPECT_NE(r.exitCode, 0) << command;
        EXPECT_NE(r.err.find("is an empty file, not a MELStudio project"), std::string::npos) << r.err;
    }
    EXPECT_EQ(fs::file_size(empty), 0u);
    // A query with nothing to look for is an error, and no match is said (on stderr; stdout stays one line a hit).
    const auto blank = cli("search --db " + db() + " ' -- '");
    EXPECT_EQ(blank.exitCode, 1);
    EXPECT_NE(blank.err.find("has no letter or digit"), std::string::npos) << blank.err;
    const auto none = cli("search --db " + db() + " --no-fuzzy zqxjkzqxjk");
    EXPECT_EQ(none.exitCode, 0) << none.err;
    EXPECT_TRUE(none.out.empty()) << none.out;
    EXPECT_NE(none.err.find("no entity matches 'zqxjkzqxjk'"), std::string::npos) << none.err;
    // The name linker takes no checkpoint: it is not silently ignored.
    const auto r = cli("eval --db " + db() + " --dataset wikidata-mel --split dev --linker name --checkpoint " +
                       demo("wikidata-mel/splits.json"));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no --checkpoint"), std::string::npos) << r.err;
}

TEST_F(CliTest, Cli_AFailedFirstImportLeavesNoProjectFile_AndJsonlIsRecognisedByItsExtension)
{
    const fs::path fresh = m_dir / "fresh.melproj";
    const fs::path bad = m_dir / "bad.json";
    std::ofstream(bad) << "{ truncated";
    EXPECT_EQ(cli("import --db " + quote(fresh.string()) + " --dataset d --samples " + quote(bad.string())).exitCode,
              1);
    EXPECT_FALSE(fs::exists(fresh));
    EXPECT_FALSE(fs::exists(fresh.string() + "-wal"));

    const fs::path jsonl = m_dir / "hand.jsonl";
    std::ofstream(jsonl) << R"({"id": "a", "text": "Obama spoke", "mentions": [{"surface": "Obama"}]})" << "\n";
    const auto r = cli("import --db " + quote(fresh.string()) + " --dataset hand --samples " + quote(jsonl.string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(cli("stats --db " + quote(fresh.string()) + " --json").out)["samples"], 1);
}

TEST_F(CliTest, Cli_DemoFindsItsDataOutsideTheRepositoryRoot)
{
    // Run from another folder without --data: the data is found (source tree or installed copy), not "resources/demo"
    // of the working folder.
    const std::string command = "cd " + quote(m_dir.string()) + " && " + std::string(MEL_CLI) + " demo --fresh --db " +
                                quote((m_dir / "elsewhere" / "demo.melproj").string()) + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        out.append(buffer.data(), n);
    const int status = pclose(pipe);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
    EXPECT_NE(out.find("after undo"), std::string::npos);
    // A wrong --data is refused before any project is created.
    const fs::path none = m_dir / "none.melproj";
    EXPECT_EQ(cli("demo --db " + quote(none.string()) + " --data " + quote(m_dir.string())).exitCode, 1);
    EXPECT_FALSE(fs::exists(none));
}

TEST_F(CliTest, Cli_DemoRunsEndToEnd)
{
    const auto r = cli("demo --fresh --db " + quote((m_dir / "demo" / "demo.melproj").string()) + " --data " +
                       quote(std::string(MEL_SOURCE_DIR) + "/resources/demo"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("hits@1"), std::string::npos);
    EXPECT_NE(r.out.find("after undo"), std::string::npos);
    EXPECT_TRUE(fs::exists(m_dir / "demo" / "demo-export" / "wikidata-mel.jsonl"));
}

#ifdef MEL_CLI_HAS_MODELS
// Found by a black-box review (2026-12-05): the CLI's training recorded no run, so `runs` never listed one (and a
// killed one could not show as interrupted).
TEST_F(CliTest, Cli_TrainRecordsARunWithItsBestEpoch)
{
    importDemoWikidata();
    const auto out = quote((m_dir / "sub" / ".." / "tiny.pt").string());
    std::filesystem::create_directories(m_dir / "sub");
    const auto r = cli("train --db " + db() + " --dataset wikidata-mel --linker ghmf --epochs 1 --max-train 16 " +
                       "--max-dev 8 --top-k 10 --threads 1 --json --out " + out);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto trained = nlohmann::json::parse(r.out);
    const auto listed = nlohmann::json::parse(cli("runs --db " + db() + " --json").out);
    ASSERT_EQ(listed["runs"].size(), 1u);
    const auto& run = listed["runs"][0];
    EXPECT_EQ(run["status"], "trained");
    EXPECT_EQ(run["linker"], "ghmf");
    EXPECT_EQ(run["metrics"]["best_epoch"], trained["best_epoch"]);
    EXPECT_EQ(run["metrics"]["best_dev"]["mrr"], trained["best_dev"]["mrr"]);
    // Beside best_dev (gold in the KB), the figure `eval` gives, counting dev mentions with a gold outside the KB.
    const auto& asEval = trained["best_dev_as_eval"];
    EXPECT_EQ(asEval["n"].get<int>(), trained["dev_examples"].get<int>() + trained["dev_outside_kb"].get<int>());
    EXPECT_EQ(run["metrics"]["best_dev_as_eval"], asEval);
    // The run keeps the checkpoint's path as a plain absolute path, usable from any folder.
    EXPECT_EQ(run["checkpoint"], (m_dir / "tiny.pt").string());
    // A mistyped dataset leaves no failed run behind.
    EXPECT_NE(cli("train --db " + db() + " --dataset nope --linker ghmf --epochs 1 --out " + out).exitCode, 0);
    EXPECT_EQ(nlohmann::json::parse(cli("runs --db " + db() + " --json").out)["runs"].size(), 1u);
}

// Found by a black-box review (2026-12-05): `train --out` onto the project wrote the checkpoint over it (exit 0).
TEST_F(CliTest, Cli_TrainOntoTheProjectFileIsRefused_AndTheProjectSurvives)
{
    importDemoWikidata();
    const auto before = cli("stats --db " + db() + " --json");
    ASSERT_EQ(before.exitCode, 0) << before.err;
    for (const std::string& out : {db(), quote((m_dir / "p.melproj-wal").string())}) {
        const auto r = cli("train --db " + db() + " --dataset wikidata-mel --linker ghmf --epochs 1 --threads 1 --out " +
                           out);
        EXPECT_NE(r.exitCode, 0) << out;
        EXPECT_NE(r.err.find("project file"), std::string::npos) << r.err;
    }
    const auto after = cli("stats --db " + db() + " --json");
    ASSERT_EQ(after.exitCode, 0) << after.err;
    EXPECT_EQ(after.out, before.out);
}

// A learned linker's device and thread count are chosen on the command line (one thread on a busy machine).
TEST_F(CliTest, Cli_EvalPlacesALearnedLinkerOnTheChosenDevice)
{
    importDemoWikidata();
    const std::string checkpoint = quote(std::string(MEL_SOURCE_DIR) + "/tests/data/models/legacy-ghmf-7features.pt");
    const std::string base = "eval --db " + db() + " --dataset wikidata-mel --split dev --linker ghmf --checkpoint " +
                             checkpoint + " --top-k 20 --json";
    const auto r = cli(base + " --device cpu --threads 1");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto m = nlohmann::json::parse(r.out);
    EXPECT_EQ(m["linker"], "ghmf");
    EXPECT_GT(m["n"].get<int>(), 100);

    EXPECT_NE(cli(base + " --threads -1").exitCode, 0);  // refused by the option's check
    const auto bad = cli(base + " --device tpu");
    EXPECT_NE(bad.exitCode, 0);
    EXPECT_NE(bad.err.find("'tpu' is not a device"), std::string::npos) << bad.err;
    // Checked for the name baseline too, which ignores the device (it accepted "--device banana" without a word).
    const auto banana = cli("eval --db " + db() + " --dataset wikidata-mel --split dev --linker name --device banana");
    EXPECT_NE(banana.exitCode, 0);
    EXPECT_NE(banana.err.find("'banana' is not a device"), std::string::npos) << banana.err;
    // --checkpoint alone means the linker it holds (it used to be taken for the name baseline and refused).
    const auto implied = cli("eval --db " + db() + " --dataset wikidata-mel --split dev --checkpoint " + checkpoint +
                             " --top-k 20 --json --device cpu --threads 1");
    ASSERT_EQ(implied.exitCode, 0) << implied.err;
    EXPECT_EQ(nlohmann::json::parse(implied.out)["linker"], "ghmf");
    EXPECT_EQ(nlohmann::json::parse(implied.out)["hits@1"], m["hits@1"]);

    // The placement is printed with the metrics; mentions sharing scoring passes or not give the same metrics.
    // It is the one used: the default pair budget is printed as its value, not as 0.
    EXPECT_EQ(m["device"], "cpu");
    EXPECT_EQ(m["precision"], "fp32");
    EXPECT_EQ(m["threads"], 1);
    EXPECT_EQ(m["pair_budget"], 2048);
    EXPECT_EQ(m["images_undecodable"], 0);
    const auto single = cli(base + " --device cpu --threads 1 --pair-budget 1");
    ASSERT_EQ(single.exitCode, 0) << single.err;
    const auto s = nlohmann::json::parse(single.out);
    EXPECT_EQ(s["pair_budget"], 1);
    for (const char* key : {"hits@1", "hits@5", "n"})
        EXPECT_EQ(s[key], m[key]) << key;
    EXPECT_NEAR(s["mrr"].get<double>(), m["mrr"].get<double>(), 1e-9);
    // The first run encoded the candidate entities and stored them in the project; the second ran on those (the
    // same metrics above), and --no-stored-features neither reads nor writes them.
    EXPECT_GT(m["entity_features_stored"].get<int>(), 100);
    EXPECT_EQ(m["entity_features_loaded"], 0);
    EXPECT_EQ(s["entity_features_loaded"], m["entity_features_stored"]);
    EXPECT_EQ(s["entity_features_stored"], 0);
    const auto fresh = cli(base + " --threads 1 --no-stored-features");  // --device auto: printed as resolved
    ASSERT_EQ(fresh.exitCode, 0) << fresh.err;
    const auto f = nlohmann::json::parse(fresh.out);
    const auto device = f["device"].get<std::string>();
    EXPECT_TRUE(device == "cpu" || device.rfind("cuda", 0) == 0) << device;
    EXPECT_FALSE(f.contains("entity_features_loaded"));
    EXPECT_EQ(f["hits@1"], m["hits@1"]);
    // `features` lists them per checkpoint and drops them.
    auto listed = cli("features --db " + db() + " --json");
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    auto l = nlohmann::json::parse(listed.out);
    ASSERT_EQ(l["models"].size(), 1u);
    EXPECT_EQ(l["models"][0]["linker"], "ghmf");
    EXPECT_EQ(l["models"][0]["entities"], m["entity_features_stored"]);
    EXPECT_GT(l["models"][0]["bytes"].get<int>(), 0);
    listed = cli("features --db " + db() + " --clear --json");
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    l = nlohmann::json::parse(listed.out);
    EXPECT_EQ(l["dropped"], 1);
    EXPECT_TRUE(l["models"].empty());
    // bf16 is CUDA autocast: on the CPU a clear one-line error, not a run.
    const auto bf16 = cli(base + " --device cpu --precision bf16");
    EXPECT_EQ(bf16.exitCode, 1);
    EXPECT_NE(bf16.err.find("CUDA"), std::string::npos) << bf16.err;
    EXPECT_NE(cli(base + " --precision fp16").exitCode, 0);  // refused by the option's check
}
#endif
