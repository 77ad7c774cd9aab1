// `melstudio-cli runs`: the project's model runs (link, eval with storage, training) and deleting them.
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

namespace mel::cli {

void addRunsCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("runs", "List the project's model runs (links, trainings) or delete some with "
                                           "their predictions");
    static std::string db;
    static std::vector<core::RowId> remove;
    static bool asJson = false;
    cmd->add_option("--db", db, "Project file")->required()->check(kExistingProject);
    cmd->add_option("--delete", remove, "Delete these runs (ids as listed) and their predictions")
        ->check(kPositiveNumber);
    cmd->add_flag("--json", asJson, "Print one JSON object");
    cmd->callback([] {
        core::Store store(db);
        int interrupted = 0;
        try {
            interrupted = store.markInterruptedRuns();
        } catch (const core::Error& e) {  // a read-only or busy project is still listed
            std::cerr << "warning: could not mark interrupted runs: " << e.what() << '\n';
        }
        std::int64_t predictions = 0;
        if (!remove.empty())
            predictions = store.deleteRuns(remove);
        const std::size_t deleted = std::set<core::RowId>(remove.begin(), remove.end()).size();  // "--delete 3 3"
        nlohmann::ordered_json runs = nlohmann::ordered_json::array();
        for (const auto& r : store.runs())
            runs.push_back({{"id", r.id},
                            {"linker", r.linker},
                            {"dataset", r.datasetName},
                            {"split", r.split},
                            {"status", r.status},
                            {"started", r.startedAt},
                            {"finished", r.finishedAt},
                            {"checkpoint", r.checkpointPath},
                            {"config", nlohmann::json::parse(r.configJson, nullptr, false)},
                            {"metrics", nlohmann::json::parse(r.metricsJson, nullptr, false)}});
        if (asJson) {
            std::cout << nlohmann::ordered_json{{"deleted_runs", deleted},
                                                {"deleted_predictions", predictions},
                                                {"marked_interrupted", interrupted},
                                                {"runs", runs}}
                             .dump(2)
                      << '\n';
            return;
        }
        if (!remove.empty())
            std::cout << "deleted " << deleted << " run(s) and " << predictions << " prediction(s)\n";
        if (interrupted > 0)
            std::cout << interrupted << " run(s) whose process had ended are now marked interrupted\n";
        if (runs.empty())
            std::cout << "no model runs\n";
        for (const auto& r : runs) {
            const std::string split = r["split"].get<std::string>();  // "" = the whole dataset (no --split)
            std::cout << '#' << r["id"].get<core::RowId>() << "  " << r["linker"].get<std::string>() << "  "
                      << r["dataset"].get<std::string>() << (split.empty() ? std::string(" (all splits)") : '/' + split)
                      << "  " << r["status"].get<std::string>() << "  " << r["started"].get<std::string>();
            const auto& metrics = r["metrics"];
            if (metrics.is_object() && metrics.contains("hits@1"))
                std::cout << "  Hits@1 " << metrics["hits@1"].get<double>() << " MRR " << metrics["mrr"].get<double>();
            else if (metrics.is_object() && metrics.contains("best_dev") && metrics["best_dev"].contains("hits@1")) {
                std::cout << "  best dev Hits@1 " << metrics["best_dev"]["hits@1"].get<double>();
                // Beside a link run's figure, the one that counts dev mentions whose gold is outside the KB.
                if (metrics.value("dev_outside_kb", 0) > 0 && metrics.contains("best_dev_as_eval"))
                    std::cout << " (" << metrics["best_dev_as_eval"]["hits@1"].get<double>() << " with the "
                              << metrics["dev_outside_kb"].get<int>() << " gold entities outside the KB as misses)";
            }
            if (!r["checkpoint"].get<std::string>().empty())
                std::cout << "\n    " << r["checkpoint"].get<std::string>();
            std::cout << '\n';
        }
    });
}

} // namespace mel::cli
