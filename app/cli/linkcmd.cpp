// `melstudio-cli link` and `eval`: rank every mention of a split, store the run, print ranking metrics.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "linkercatalog.h"
#include "mel/core/pipeline/linkjob.h"
#include "mel/core/store/browse.h"
#include "progress.h"

namespace mel::cli {

namespace {

struct LinkArgs
{
    std::string db;
    std::string linker;  // "" = the checkpoint's, or name (linkerFor)
    std::string checkpoint;
    core::LinkOptions options;
    LinkerPlacement placement;
    bool noStoredFeatures = false;
    bool asJson = false;
};

void addLinkOptions(CLI::App* cmd, LinkArgs& args)
{
    cmd->add_option("--db", args.db, "Project file")->required()->check(kExistingProject);
    cmd->add_option("--dataset", args.options.dataset, "Dataset name")->required();
    cmd->add_option("--split", args.options.split, "Split to link (default: all)");
    cmd->add_option("--linker", args.linker, "name, ghmf, mimic, dwe or gemel (default: the checkpoint's, else name)");
    cmd->add_option("--checkpoint", args.checkpoint, "Checkpoint of a trained linker")->check(CLI::ExistingPath);
    cmd->add_option("--top-k", args.options.topK, "Candidates per mention")->check(CLI::Range(1, 10000));
    addPlacementOptions(cmd, args.placement);
    cmd->add_option("--pair-budget", args.placement.pairBudget,
                    "(mention, candidate) pairs scored in one pass without explanations (default: 2048 on the CPU, "
                    "4096 on CUDA; 1 scores each mention alone)")
        ->check(kNonNegativeNumber);
    cmd->add_flag("--no-stored-features", args.noStoredFeatures,
                  "Neither read nor write the entity features the project keeps for a learned linker (encode every "
                  "candidate entity)");
    cmd->add_flag("--json", args.asJson, "Print the metrics as one JSON object");
}

void run(LinkArgs& args, bool store)
{
    core::Store project(args.db);
    // Before loading a model and building the index: a misspelt dataset or split is said at once.
    core::requireSplit(project, core::requireDataset(project, args.options.dataset), args.options.split);
    args.linker = linkerFor(args.linker, args.checkpoint);
    auto linker = makeLinker(args.linker, args.checkpoint, args.placement);
    std::cerr << "building the candidate index...\n";
    const core::KbCandidates kb(project);
    args.options.storePredictions = store;
    // Kept with the run (`runs`, `features`): as typed, a relative path means nothing from another folder.
    args.options.checkpointPath =
        args.checkpoint.empty() ? "" : std::filesystem::absolute(args.checkpoint).lexically_normal().string();
    args.options.storedEntityFeatures = !args.noStoredFeatures;
    // Where and how a learned linker ran, as the linker resolved the options ("auto", 0 = default), printed with
    // the metrics (linkSplit keeps the same with the stored run).
    const nlohmann::json placement = core::placementJson(*linker);
    const auto outcome = core::linkSplit(project, *linker, kb, args.options, progressContext(store ? "link" : "eval"));
    nlohmann::ordered_json out = core::toJson(outcome.metrics);
    out["linker"] = args.linker;
    out["dataset"] = args.options.dataset;
    out["split"] = args.options.split;
    for (const auto& [key, value] : placement.items())
        out[key] = value;
    out["mentions_linked"] = outcome.mentionsLinked;
    out["seconds"] = outcome.seconds;
    if (!linker->entityFeatureKey().empty() && !args.noStoredFeatures) {
        out["entity_features_loaded"] = outcome.entityFeaturesLoaded;
        out["entity_features_stored"] = outcome.entityFeaturesStored;
        if (!outcome.entityFeaturesWarning.empty())
            std::cerr << "warning: stopped storing entity features: " << outcome.entityFeaturesWarning << '\n';
    }
    if (!placement.empty())
        out["images_undecodable"] = outcome.undecodableImages.size();
    warnUndecodableImages(outcome.undecodableImages);
    if (outcome.runId)
        out["run_id"] = outcome.runId;
    if (args.asJson) {
        std::cout << out.dump() << '\n';
        return;
    }
    std::cout << out.dump(2) << '\n';
}

} // namespace

void addLinkCommands(CLI::App& app)
{
    static LinkArgs linkArgs;
    auto* link = app.add_subcommand("link", "Rank the candidates of every mention and store the run");
    addLinkOptions(link, linkArgs);
    link->callback([] { run(linkArgs, true); });

    static LinkArgs evalArgs;
    auto* eval = app.add_subcommand("eval", "Evaluate a linker on a split (Hits@k, MRR, MR, recall@K)");
    addLinkOptions(eval, evalArgs);
    static bool storeRun = false;
    eval->add_flag("--store", storeRun, "Also store the run and its predictions");
    eval->callback([] { run(evalArgs, storeRun); });
}

} // namespace mel::cli
