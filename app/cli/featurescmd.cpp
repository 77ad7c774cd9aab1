// `melstudio-cli features`: the learned linkers' entity features the project keeps, and dropping them.
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/store/entityfeatures.h"

namespace mel::cli {

void addFeaturesCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand(
        "features", "List the encoded entity features the project keeps per checkpoint (link/eval and the app store "
                    "them), or drop them");
    static std::string db;
    static bool clear = false;
    static int keep = -1;
    static bool asJson = false;
    cmd->add_option("--db", db, "Project file")->required()->check(kExistingProject);
    auto* clearFlag = cmd->add_flag("--clear", clear, "Drop every model's stored features");
    cmd->add_option("--keep", keep, "Drop all but the N most recently used models' features")
        ->check(kNonNegativeNumber)
        ->excludes(clearFlag);  // "--keep 2 --clear" kept none, whatever N said
    cmd->add_flag("--json", asJson, "Print one JSON object");
    cmd->callback([] {
        core::Store store(db);
        int dropped = 0;
        if (clear || keep >= 0)
            dropped = core::dropEntityFeatures(store, clear ? 0 : keep);
        nlohmann::ordered_json models = nlohmann::ordered_json::array();
        for (const auto& m : core::featureModels(store))
            models.push_back({{"linker", m.linker},
                              {"checkpoint", m.checkpointPath},
                              {"last_used", m.lastUsedAt},
                              {"entities", m.entities},
                              {"bytes", m.bytes},
                              {"key", m.key}});
        if (asJson) {
            std::cout << nlohmann::ordered_json{{"dropped", dropped}, {"models", models}}.dump(2) << '\n';
            return;
        }
        if (dropped > 0)
            std::cout << "dropped the features of " << dropped << " model(s)\n";
        if (models.empty())
            std::cout << "no stored entity features\n";
        for (const auto& m : models)
            std::cout << m["linker"].get<std::string>() << "  " << m["entities"].get<std::int64_t>() << " entities, "
                      << m["bytes"].get<std::int64_t>() / (1024.0 * 1024.0) << " MiB, last used "
                      << m["last_used"].get<std::string>() << "\n  " << m["checkpoint"].get<std::string>() << '\n';
    });
}

} // namespace mel::cli
