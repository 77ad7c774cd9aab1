// `melstudio-cli bench memory`: the resident set of what the app holds at once — both shared datasets with their
// KGs in one project, the in-memory KB with its candidate index, and a learned linker that has ranked (and cached
// entity features for) every dev mention of both datasets. Peak RSS (VmHWM) is read from /proc after each phase.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "linkercatalog.h"
#include "mel/core/io/importbench.h"
#include "mel/core/pipeline/kbcandidates.h"
#include "mel/core/pipeline/linkjob.h"
#include "mel/core/store/browse.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

namespace mel::cli {

namespace {

struct MemoryArgs
{
    std::vector<std::string> data;  // MELBench folders, e.g. ../shared/data/wikidata-mel
    std::string linker;             // "" = the checkpoint's, or name (linkerFor)
    std::string checkpoint;
    std::string split = "dev";
    int topK = 100;
    int mentions = 0;  // per dataset; 0 = the whole split
    int batch = 32;
};

// Linux /proc/self/status fields in kB, as MiB.
double procStatusMiB(const std::string& field)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(field + ":", 0) == 0)
            return std::stod(line.substr(field.size() + 1)) / 1024.0;
    return 0;
}

nlohmann::ordered_json phase(const std::string& name, std::chrono::steady_clock::time_point started)
{
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return {{"phase", name},
            {"seconds", seconds},
            {"rss_mib", procStatusMiB("VmRSS")},
            {"peak_rss_mib", procStatusMiB("VmHWM")}};
}

// The folder's dataset name, as `melstudio-cli demo` and the README name them.
std::string datasetName(const std::filesystem::path& dir)
{
    auto name = dir.filename().string();
    if (name.empty())
        name = dir.parent_path().filename().string();
    return name;
}

void runMemoryBench(const MemoryArgs& args)
{
    nlohmann::ordered_json phases = nlohmann::ordered_json::array();
    phases.push_back(phase("start", std::chrono::steady_clock::now()));

    const auto projectFile = std::filesystem::temp_directory_path() / "mel-bench-memory.melproj";
    core::removeProjectFile(projectFile);
    std::vector<std::string> datasets;
    {
        auto started = std::chrono::steady_clock::now();
        core::Store store(projectFile);
        for (const auto& dir : args.data) {
            auto folder = core::melBenchFolder(dir, datasetName(dir));
            core::importKb(store, folder.kb);
            core::importMelBench(store, folder.dataset);
            datasets.push_back(folder.dataset.datasetName);
        }
        phases.push_back(phase("import both datasets and KGs", started));
    }

    core::Store store(projectFile);
    auto started = std::chrono::steady_clock::now();
    const core::KbCandidates kb(store);
    phases.push_back(phase("KB in memory with candidate index (" + std::to_string(kb.size()) + " entities)", started));

    started = std::chrono::steady_clock::now();
    const std::string linkerName = linkerFor(args.linker, args.checkpoint);
    auto linker = makeLinker(linkerName, args.checkpoint);
    phases.push_back(phase("load linker " + linkerName, started));

    std::size_t ranked = 0;
    started = std::chrono::steady_clock::now();
    for (const auto& dataset : datasets) {
        // A mistyped dataset or split is an error, not 0 mentions measured.
        core::requireSplit(store, core::requireDataset(store, dataset), args.split);
        auto split = core::loadSplitMentions(store, dataset, args.split);
        std::size_t n = split.queries.size();
        if (args.mentions > 0)
            n = std::min<std::size_t>(n, static_cast<std::size_t>(args.mentions));
        for (std::size_t begin = 0; begin < n; begin += static_cast<std::size_t>(args.batch)) {
            const std::size_t end = std::min(n, begin + static_cast<std::size_t>(args.batch));
            std::vector<core::MentionQuery> queries(split.queries.begin() + static_cast<std::ptrdiff_t>(begin),
                                                    split.queries.begin() + static_cast<std::ptrdiff_t>(end));
            std::vector<std::vector<core::CandidateEntity>> candidates;
            for (const auto& q : queries)
                candidates.push_back(kb.candidates(q.surface, args.topK));
            ranked += linker->rank(queries, candidates, false).size();
        }
        // The Explain panel's path: one mention at a time with its explanation.
        if (n > 0)
            linker->rank({split.queries[0]}, {kb.candidates(split.queries[0].surface, args.topK)}, true);
    }
    phases.push_back(phase("rank " + std::to_string(ranked) + " " + args.split + " mentions", started));

    const double peak = procStatusMiB("VmHWM");
    std::cout << nlohmann::ordered_json{{"bench", "memory"},
                                        {"datasets", datasets},
                                        {"entities", kb.size()},
                                        {"linker", linkerName},
                                        {"mentions_ranked", ranked},
                                        {"peak_rss_mib", peak},
                                        {"phases", phases}}
                     .dump(2)
              << '\n';
    core::removeProjectFile(projectFile);
}

} // namespace

void addMemoryBenchCommand(CLI::App& app)
{
    auto* bench = app.get_subcommand("bench");
    static MemoryArgs args;
    auto* cmd = bench->add_subcommand("memory", "Peak RSS with datasets, KGs, candidate index and a linker loaded");
    cmd->add_option("--data", args.data, "MELBench folders (e.g. ../shared/data/wikidata-mel ../shared/data/richpedia-mel)")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--linker", args.linker, "Linker to load and run (name or a learned one with --checkpoint)");
    cmd->add_option("--checkpoint", args.checkpoint, "Checkpoint of a trained linker")->check(CLI::ExistingFile);
    cmd->add_option("--split", args.split, "Split whose mentions are ranked");
    cmd->add_option("--top-k", args.topK, "Candidates per mention")->check(CLI::Range(1, 10000));
    cmd->add_option("--mentions", args.mentions, "Mentions per dataset (0 = the whole split)");
    cmd->add_option("--batch", args.batch, "Mentions per rank() call")->check(kPositiveNumber);
    cmd->callback([] { runMemoryBench(args); });
}

} // namespace mel::cli
