// `melstudio-cli bench <what>`: the measurements whose numbers go into README.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/io/importbench.h"
#include "progress.h"

namespace mel::cli {

void addBenchCommand(CLI::App& app)
{
    auto* bench = app.add_subcommand("bench", "Measure import and candidate generation speed");
    bench->require_subcommand(1);

    auto* import = bench->add_subcommand("import", "Time the import of a MELBench folder (KG + samples)");
    static std::string data = MEL_SHARED_DIR "/data/wikidata-mel";
    static std::string name = "wikidata-mel";
    static int repeats = 3;
    import->add_option("--data", data, "MELBench folder")->check(CLI::ExistingDirectory);
    import->add_option("--name", name, "Dataset name");
    import->add_option("--repeat", repeats, "Runs (the best is reported)")->check(CLI::PositiveNumber);
    import->callback([] {
        const auto folder = core::melBenchFolder(data, name);
        nlohmann::ordered_json runs = nlohmann::ordered_json::array();
        double best = 1e9;
        for (int i = 0; i < repeats; ++i) {
            const auto file = std::filesystem::temp_directory_path() / ("mel-bench-import-" + std::to_string(i) +
                                                                        ".melproj");
            for (const char* suffix : {"", "-wal", "-shm"})
                std::filesystem::remove(file.string() + suffix);
            const auto r = core::benchImport(file, folder.kb, folder.dataset);
            runs.push_back({{"kb_s", r.kbSeconds}, {"samples_s", r.datasetSeconds}, {"total_s", r.totalSeconds}});
            best = std::min(best, r.totalSeconds);
            if (i == 0)
                std::cerr << "imported " << r.kb.entities << " entities, " << r.dataset.samples << " samples, "
                          << r.dataset.mentions << " mentions\n";
            for (const char* suffix : {"", "-wal", "-shm"})
                std::filesystem::remove(file.string() + suffix);
        }
        std::cout << nlohmann::ordered_json{{"bench", "import"}, {"data", data}, {"best_total_s", best}, {"runs", runs}}
                         .dump(2)
                  << '\n';
    });
}

} // namespace mel::cli
