// `melstudio-cli bench <what>`: the measurements whose numbers go into README.
#include <filesystem>
#include <iostream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/io/importbench.h"
#include "mel/core/kb/candidatebench.h"
#include "mel/core/store/labelbench.h"
#include "mel/core/store/store.h"
#include "progress.h"
#ifdef MEL_HAVE_MODELS
#include "benchgrounding.h"
#endif

namespace mel::cli {

void addBenchCommand(CLI::App& app)
{
    auto* bench =
        app.add_subcommand("bench", "Measure speed and memory (import, labels, candidates, link, grounding, memory)");
    bench->require_subcommand(1);

    auto* import = bench->add_subcommand("import", "Time the import of a MELBench folder (KG + samples)");
    static std::string data = MEL_SHARED_DIR "/data/wikidata-mel";
    static std::string name = "wikidata-mel";
    static int repeats = 3;
    import->add_option("--data", data, "MELBench folder")->check(CLI::ExistingDirectory);
    import->add_option("--name", name, "Dataset name");
    import->add_option("--repeat", repeats, "Runs (the best is reported)")->check(kPositiveNumber);
    import->callback([] {
        const auto folder = core::melBenchFolder(data, name);
        nlohmann::ordered_json runs = nlohmann::ordered_json::array();
        double best = 1e9;
        for (int i = 0; i < repeats; ++i) {
            const auto file = std::filesystem::temp_directory_path() / ("mel-bench-import-" + std::to_string(i) +
                                                                        ".melproj");
            core::removeProjectFile(file);
            const auto r = core::benchImport(file, folder.kb, folder.dataset);
            runs.push_back({{"kb_s", r.kbSeconds}, {"samples_s", r.datasetSeconds}, {"total_s", r.totalSeconds}});
            best = std::min(best, r.totalSeconds);
            if (i == 0)
                std::cerr << "imported " << r.kb.entities << " entities, " << r.dataset.samples << " samples, "
                          << r.dataset.mentions << " mentions\n";
            core::removeProjectFile(file);
        }
        std::cout << nlohmann::ordered_json{{"bench", "import"}, {"data", data}, {"best_total_s", best}, {"runs", runs}}
                         .dump(2)
                  << '\n';
    });

    // A bulk label change and its undo over a large project: what "Apply to identical mentions" asks of the store.
    auto* labels = bench->add_subcommand("labels", "Time a bulk label change and its undo over a large project");
    static core::LabelBenchOptions labelOptions;
    labels->add_option("--samples", labelOptions.samples, "Samples in the project, one mention each")
        ->check(kPositiveNumber);
    labels->add_option("--identical", labelOptions.identical, "Mentions sharing the surface that gets the label")
        ->check(kPositiveNumber);
    labels->callback([] {
        const auto file = std::filesystem::temp_directory_path() /
                          ("mel-bench-labels-" + std::to_string(::getpid()) + ".melproj");
        core::removeProjectFile(file);
        const auto r = core::benchBulkLabels(file, labelOptions);
        core::removeProjectFile(file);
        const auto perMention = [&](double s) { return r.changed > 0 ? s * 1e6 / r.changed : 0.0; };
        std::cout << nlohmann::ordered_json{{"bench", "labels"},
                                            {"mentions", r.mentions},
                                            {"changed", r.changed},
                                            {"build_s", r.buildSeconds},
                                            {"read_s", r.readSeconds},
                                            {"set_s", r.setSeconds},
                                            {"undo_s", r.undoSeconds},
                                            {"set_us_per_mention", perMention(r.setSeconds)},
                                            {"undo_us_per_mention", perMention(r.undoSeconds)}}
                         .dump(2)
                  << '\n';
    });

    // Candidate generation: the WRatio index against brute force, on a real KG with its dataset's mentions, or on a
    // synthetic KB of any size.
    auto* candidates = bench->add_subcommand("candidates", "Time top-K candidate generation against brute force");
    static std::string kg = MEL_SHARED_DIR "/data/wikidata-mel/qid2ne.json";
    static std::string samples = MEL_SHARED_DIR "/data/wikidata-mel/Wikidata-MEL.json";
    static std::size_t synthetic = 0;
    static std::size_t syntheticMentionCount = 2000;
    static int k = 100;
    static std::size_t bruteSample = 300;
    static int threads = 1;
    static bool asJson = false;
    candidates->add_option("--kg", kg, "qid2ne.json of the KB")->check(CLI::ExistingFile);
    candidates->add_option("--samples", samples, "MELBench JSON whose mention surfaces are the queries")
        ->check(CLI::ExistingFile);
    candidates->add_option("--synthetic", synthetic, "Use a synthetic KB of this many names instead (e.g. 1000000)");
    candidates->add_option("--mentions", syntheticMentionCount, "Queries drawn from the synthetic KB");
    candidates->add_option("--top-k", k, "Candidates per mention")->check(CLI::Range(1, 10000));
    candidates->add_option("--brute", bruteSample, "Mentions also timed with the optimised scan and the brute force");
    candidates->add_option("--threads", threads, "Search threads per query (used from 100,000 names per thread)")
        ->check(CLI::Range(1, 64));
    candidates->add_flag("--json", asJson, "Print one JSON object");
    candidates->callback([] {
        std::vector<std::pair<core::RowId, std::string>> names;
        std::vector<std::string> queries;
        if (synthetic > 0) {
            std::cerr << "generating a synthetic KB of " << synthetic << " names...\n";
            names = core::syntheticKb(synthetic, 42);
            queries = core::syntheticMentions(names, syntheticMentionCount, 7);
        } else {
            names = core::kgNamesFromQid2ne(kg);
            queries = core::mentionsFromMelBench(samples);
        }
        std::cerr << "timing " << queries.size() << " mentions against " << names.size() << " names...\n";
        const auto result = core::benchCandidates(names, queries, k, bruteSample, threads);
        std::cout << (asJson ? core::toJson(result) : core::toTable(result)) << '\n';
    });

#ifdef MEL_HAVE_MODELS
    addGroundingCommands(app, *bench);  // `bench grounding` and `synth-grounding`
#endif
}

} // namespace mel::cli
