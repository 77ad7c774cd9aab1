// `melstudio-cli search`: full-text search of the KB (names, aliases, descriptions; prefix matching), with fuzzy name
// matches (WRatio) for typos that full text cannot find.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/kb/wratio.h"
#include "mel/core/pipeline/kbsearch.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

namespace mel::cli {

void addSearchCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("search", "Search the knowledge base");
    static std::string db;
    static std::string query;
    static int limit = 10;
    static bool asJson = false;
    static bool exact = false;
    cmd->add_option("--db", db, "Project file")->required()->check(kExistingProject);
    cmd->add_option("query", query, "Words to look for (each matches as a prefix)")->required();
    cmd->add_option("--limit", limit, "Maximum number of results")->check(kPositiveNumber);
    cmd->add_flag("--json", asJson, "Print JSON");
    cmd->add_flag("--no-fuzzy", exact, "Full-text matches only (no fuzzy name matching)");
    cmd->callback([] {
        if (core::fuzz::preprocess(query).empty())
            throw core::Error(core::ErrorCode::Invalid, "the query '" + query + "' has no letter or digit to look for");
        core::Store store(db);
        std::vector<core::KbSearchHit> hits;
        if (exact) {
            for (auto& hit : store.searchEntities(query, limit))
                hits.push_back({std::move(hit.entity), false, hit.rank});
        } else {
            const core::KbCandidates kb(store);
            hits = core::searchKb(store, kb, query, limit);
        }
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& hit : hits) {
            if (asJson)
                out.push_back({{"qid", hit.entity.qid}, {"name", hit.entity.name},
                               {"description", hit.entity.description}, {"match", hit.fuzzy ? "fuzzy" : "text"}});
            else
                std::cout << hit.entity.qid << '\t' << hit.entity.name << '\t' << (hit.fuzzy ? "~" : "") << '\t'
                          << hit.entity.description << '\n';
        }
        if (asJson)
            std::cout << out.dump(2) << '\n';
        else if (hits.empty())
            std::cerr << "no entity matches '" << query << "'\n";  // stderr: stdout stays one line per hit
    });
}

} // namespace mel::cli
