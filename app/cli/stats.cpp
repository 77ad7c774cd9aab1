// `melstudio-cli stats`: counts of samples, mentions, entities and labels, per dataset and split.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/store/store.h"

namespace mel::cli {

void addStatsCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("stats", "Print project statistics");
    static std::string db;
    static bool asJson = false;
    cmd->add_option("--db", db, "Project file")->required()->check(kExistingProject);
    cmd->add_flag("--json", asJson, "Print one JSON object");
    cmd->callback([] {
        core::Store store(db);
        const core::StoreStats s = store.stats();
        nlohmann::ordered_json out = {{"samples", s.samples},   {"mentions", s.mentions},
                                      {"entities", s.entities}, {"aliases", s.aliases},
                                      {"labels", s.labels},     {"human_labels", s.humanLabels},
                                      {"history", s.historyRows}, {"model_runs", s.modelRuns}};
        nlohmann::ordered_json datasets = nlohmann::ordered_json::object();
        for (const auto& split : s.splits) {
            auto& d = datasets[split.dataset];
            d[split.split.empty() ? "(none)" : split.split] = {
                {"samples", split.samples}, {"mentions", split.mentions}, {"labels", split.labels}};
        }
        out["datasets"] = datasets;
        if (asJson) {
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::cout << "samples  " << s.samples << "\nmentions " << s.mentions << "\nentities " << s.entities
                  << " (" << s.aliases << " aliases)\nlabels   " << s.labels << " (" << s.humanLabels
                  << " by humans)\n";
        for (const auto& split : s.splits)
            std::cout << "  " << split.dataset << '/' << (split.split.empty() ? "(none)" : split.split) << ": "
                      << split.samples << " samples, " << split.mentions << " mentions, " << split.labels
                      << " labels\n";
    });
}

} // namespace mel::cli
