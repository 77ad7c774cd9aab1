// `melstudio-cli export`: write a dataset with its current (corrected) labels.
#include <iostream>

#include "commands.h"
#include "mel/core/io/csvexport.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/melbench.h"
#include "mel/core/store/browse.h"
#include "mel/core/util/error.h"

namespace mel::cli {

void addExportCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("export", "Export a dataset with its current labels");
    static std::string db;
    static std::string dataset;
    static std::string format = "melbench";
    static std::string split;
    static std::string out;
    cmd->add_option("--db", db, "Project file")->required()->check(kExistingProject);
    cmd->add_option("--dataset", dataset, "Dataset name")->required();
    cmd->add_option("--format", format, "melbench (the source layout), melbench-file, jsonl or csv")
        ->check(CLI::IsMember({"melbench", "melbench-file", "jsonl", "csv"}));
    cmd->add_option("--split", split, "Only this split (default: all)");
    cmd->add_option("--out", out, "Output file (a folder for --format melbench)")->required();
    cmd->callback([] {
        core::Store store(db);
        if (format == "melbench" && !split.empty())
            throw core::Error(core::ErrorCode::Invalid,
                              "--split applies to --format melbench-file, jsonl and csv (the melbench layout writes "
                              "every split's file)");
        core::requireSplit(store, core::requireDataset(store, dataset), split);
        core::ExportSummary summary;
        if (format == "melbench")
            summary = core::exportMelBenchLayout(store, dataset, out);
        else if (format == "melbench-file")
            summary = core::exportMelBench(store, dataset, out, split);
        else if (format == "jsonl")
            summary = core::exportJsonl(store, dataset, out, split);
        else
            summary = core::exportCsv(store, dataset, out, split);
        std::cerr << "exported " << summary.samples << " samples, " << summary.mentions << " mentions ("
                  << summary.changedLabels << " with changed labels) to";
        for (const auto& f : summary.files)
            std::cerr << ' ' << f.string();
        std::cerr << '\n';
        if (!summary.warnings.empty()) {
            std::cerr << "  warnings: " << summary.warnings.count << '\n';
            for (const auto& example : summary.warnings.examples)
                std::cerr << "    " << example << '\n';
        }
    });
}

} // namespace mel::cli
