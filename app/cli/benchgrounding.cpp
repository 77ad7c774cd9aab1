// `bench grounding`: the synthetic grounded benchmark (full vs text-only, pointing game) end to end;
// `synth-grounding`: writes that dataset to a folder (and optionally a project) to look at in the GUI.
#include "benchgrounding.h"

#include <filesystem>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "mel/core/util/error.h"
#include "mel/models/grounding.h"
#include "progress.h"

namespace mel::cli {

namespace {

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

void addSpecOptions(CLI::App& cmd, models::GroundingSpec& spec)
{
    cmd.add_option("--seed", spec.seed, "Random seed of the generator (and of training)");
    cmd.add_option("--train", spec.trainSamples, "Train samples")->check(kNonNegativeNumber);
    cmd.add_option("--dev", spec.devSamples, "Dev samples (model selection)")->check(kNonNegativeNumber);
    cmd.add_option("--test", spec.testSamples, "Test samples")->check(kNonNegativeNumber);
    cmd.add_option("--families", spec.families, "Surnames (each a shape), 2-8")->check(CLI::Range(2, 8));
}

} // namespace

void addGroundingCommands(CLI::App& app, CLI::App& bench)
{
    static models::GroundingBenchOptions options;
    static std::string linkers = "dwe";
    static std::string configJson;
    static std::string keep;
    static bool asJson = false;
    auto* cmd = bench.add_subcommand(
        "grounding", "Synthetic grounded benchmark: every image linker full vs text-only, and the pointing game");
    addSpecOptions(*cmd, options.spec);
    cmd->add_option("--epochs", options.epochs,
                    "Training epochs of every linker (default: each linker's recipe, GEMEL-style 16, the others 8)")
        ->check(kPositiveNumber);
    cmd->add_option("--batch-size", options.batchSize, "Mentions per batch")->check(kPositiveNumber);
    cmd->add_option("--lr", options.learningRate, "AdamW learning rate");
    cmd->add_option("--linkers", linkers,
                    "Comma-separated linkers, or 'all' (ghmf,mimic,dwe,gemel: the whole table, about 40 CPU minutes). "
                    "Default dwe: the quick proof (full vs text-only and the pointing game in a few minutes)")
        ->capture_default_str();
    cmd->add_option("--threads", options.threads, "Intra-op threads (default: all cores)");
    cmd->add_option("--config", configJson,
                    "Model configuration JSON (see mel/models/config.h); keys it leaves out keep the bench's default "
                    "model (groundingModelConfig)");
    cmd->add_option("--pointing-tolerance", options.pointingTolerance,
                    "Pixels around the gold box that still count as a hit in the tolerant pointing figures "
                    "(default 15, Zhang et al. 2016; the strict figures use 0)")
        ->check(kNonNegativeNumber);
    cmd->add_option("--keep", keep, "Work in this folder and keep the dataset, project and checkpoints");
    static bool noTextOnly = false;
    cmd->add_flag("--no-text-only", noTextOnly,
                  "Skip the text-only ablation (quicker diagnostic runs; its columns show n/a)");
    cmd->add_flag("--json", asJson, "Print JSON instead of the table");
    cmd->callback([cmd] {
        if (!configJson.empty())
            options.model = models::modelConfigFromJson(configJson, models::groundingModelConfig());
        options.linkers = linkers == "all" ? models::kGroundingLinkers : splitList(linkers);
        // An explicit --train is what every linker trains on; without it each takes its recipe's first mentions.
        if (cmd->count("--train") > 0)
            options.trainMentions = options.spec.trainSamples;
        options.textOnly = !noTextOnly;
        if (!keep.empty())
        {
            options.workDir = keep;
            options.keepWorkDir = true;
        }
        const auto result = models::runGroundingBench(options, progressContext("grounding"));
        std::cout << (asJson ? models::groundingJson(result) : models::groundingTable(result)) << '\n';
    });

    static models::GroundingSpec spec;
    static std::string out;
    static std::string project;
    auto* synth = app.add_subcommand("synth-grounding",
                                     "Write the synthetic grounding dataset (JSONL + KG + images), optionally as a project");
    synth->add_option("--out", out, "Output folder")->required();
    addSpecOptions(*synth, spec);
    synth->add_option("--project", project, "Also import it into this new project file (for the GUI)");
    synth->callback([] {
        const auto dataset = models::makeGroundingDataset(spec);
        const auto files = models::writeGroundingDataset(dataset, out);
        std::cout << "wrote " << dataset.entities.size() << " entities and " << dataset.samples.size()
                  << " samples to " << files.dir.string() << " (samples.jsonl, qid2ne.json, qid2abs.json, ne2qid.json, "
                  << "images/, entities/, grounding.json); text-only chance on test "
                  << models::textOnlyChance(dataset, "test") << '\n';
        if (!project.empty())
        {
            if (std::filesystem::exists(project))
                throw core::Error(core::ErrorCode::Invalid, "the project file exists already", {project, {}, {}});
            core::Store store(project);
            models::importGroundingDataset(store, files, "grounding", progressContext("import"));
            std::cout << "imported as dataset 'grounding' into " << project << '\n';
        }
    });
}

} // namespace mel::cli
