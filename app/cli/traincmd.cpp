// `melstudio-cli train` (GHMF / MIMIC from a project's train split, model selection on dev) and
// `melstudio-cli bench link` (ranking latency of one mention's candidates with its explanation).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "linkercatalog.h"
#include "mel/core/io/atomicfile.h"
#include "mel/core/linker/warmup.h"
#include "mel/core/pipeline/kbcandidates.h"
#include "mel/core/pipeline/linkjob.h"
#include "mel/core/pipeline/storedfeatures.h"
#include "mel/core/store/browse.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "mel/models/device.h"
#include "mel/models/linkers.h"
#include "mel/models/training.h"
#include "mel/models/trainingrun.h"
#include "progress.h"

namespace mel::cli {

namespace {

struct TrainArgs
{
    std::string db;
    models::TrainOptions options;
    std::string configJson;
    bool noPairFeatures = false;
    bool asJson = false;
};

// Training reports after every batch: print every few seconds, and always the per-epoch dev lines.
core::JobContext trainContext()
{
    auto ctx = progressContext("train");
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    ctx.progress = [last](double fraction, std::string_view message) {
        const auto now = std::chrono::steady_clock::now();
        const bool epochLine = message.find("dev MRR") != std::string_view::npos;
        if (!epochLine && now - *last < std::chrono::seconds(5))
            return;
        *last = now;
        std::fprintf(stderr, "train: %3d%% %.*s\n", static_cast<int>(fraction * 100 + 0.5),
                     static_cast<int>(message.size()), message.data());
    };
    return ctx;
}

nlohmann::ordered_json resultJson(const TrainArgs& args, const models::TrainResult& r)
{
    nlohmann::ordered_json epochs = nlohmann::ordered_json::array();
    for (const auto& e : r.epochs)
        epochs.push_back({{"epoch", e.epoch},
                          {"train_loss", e.trainLoss},
                          {"train_seconds", e.trainSeconds},
                          {"train_cpu_seconds", e.trainCpuSeconds},
                          {"eval_seconds", e.evalSeconds},
                          {"dev", core::toJson(e.dev)}});
    return {{"linker", args.options.linker},
            {"dataset", args.options.dataset},
            {"checkpoint", r.checkpointPath},
            {"cancelled", r.cancelled},
            {"best_epoch", r.bestEpoch},
            {"best_dev", core::toJson(r.bestDev)},
            {"train_examples", r.trainExamples},
            {"dev_examples", r.devExamples},
            // dev mentions whose gold entity is not in the KB: left out of best_dev, misses for `eval`
            {"dev_outside_kb", r.devOutsideKb},
            {"best_dev_as_eval", core::toJson(core::withMisses(r.bestDev, r.devOutsideKb))},
            {"parameters", r.parameters},
            {"steps", r.steps},
            {"images_undecodable", r.undecodableImages.size()},
            {"epochs", epochs}};
}

void runTrain(TrainArgs& args)
{
    if (!args.configJson.empty())
        args.options.model = models::modelConfigFromJson(args.configJson, args.options.model);  // keeps --*-torchscript
    if (args.noPairFeatures)
        args.options.model.usePairFeatures = false;
    core::refuseProjectOutput(args.db, args.options.outPath);  // a checkpoint written there would replace the project
    // Kept with the run (`runs`): as typed, a relative path means nothing from another folder.
    args.options.outPath = std::filesystem::absolute(args.options.outPath).lexically_normal().string();
    core::Store project(args.db);
    const auto result = models::trainRecorded(project, args.options, trainContext());  // listed by `runs`
    const auto out = resultJson(args, result);
    std::cout << (args.asJson ? out.dump() : out.dump(2)) << '\n';
    warnUndecodableImages(result.undecodableImages);
    if (result.devOutsideKb > 0 && result.bestEpoch > 0) {
        const auto asEval = core::withMisses(result.bestDev, result.devOutsideKb);
        std::cerr << "note: best_dev is over the " << result.devExamples << " dev mentions whose gold entity is in the "
                  << "KB; " << result.devOutsideKb << " more have a gold entity outside it, which `eval` counts as "
                  << "misses: Hits@1 " << asEval.hits1 << ", MRR " << asEval.mrr << " over " << asEval.n
                  << " (best_dev_as_eval)\n";
    }
    if (result.cancelled)
        throw core::Error(core::ErrorCode::Cancelled, "training cancelled");
}

struct BenchArgs
{
    std::string db;
    std::string dataset;
    std::string split = "dev";
    std::string linker;  // "" = the checkpoint's (linkerFor)
    std::string checkpoint;
    int topK = 100;
    int mentions = 100;
    LinkerPlacement placement;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

double secondsSince(std::chrono::steady_clock::time_point started)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// The warm-up through the project's stored features instead: every feature `linker` holds written to a scratch
// project (as link/eval and the app do, chunk by chunk), then a freshly loaded linker taking them all back.
void storedFeaturesPass(const BenchArgs& args, core::Linker& linker, const std::vector<core::CandidateEntity>& kb,
                        nlohmann::ordered_json& passes)
{
    const auto scratch = std::filesystem::temp_directory_path() /
                         ("melstudio-bench-features-" + std::to_string(::getpid()) + ".melproj");
    std::filesystem::remove(scratch);
    nlohmann::ordered_json row{{"pass", "whole-KB features written to a project, then read back by a new linker"}};
    {
        core::Store store(scratch);
        auto started = std::chrono::steady_clock::now();
        core::StoredEntityFeatures writer(store, linker, args.checkpoint);
        writer.save();
        row["store_entities"] = writer.saved();
        row["store_seconds"] = secondsSince(started);
        store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        row["project_growth_mib"] =
            static_cast<double>(std::filesystem::file_size(scratch)) / (1024.0 * 1024.0);
        auto fresh = makeLinker(args.linker, args.checkpoint, args.placement);
        started = std::chrono::steady_clock::now();
        core::StoredEntityFeatures reader(store, *fresh, args.checkpoint);
        row["load_entities"] = reader.load(kb);
        row["load_seconds"] = secondsSince(started);
    }
    core::removeProjectFile(scratch);
    passes.push_back(std::move(row));
}

// Each mention is ranked alone (one rank() call, explain = true), as the GUI's Explain panel does. The first pass
// meets entities not encoded yet; the second pass has every entity feature cached. For the linkers that cache
// entity features (GHMF, MIMIC, DWE) a third pass first encodes the whole KB, as the app does in the background
// after loading a checkpoint, and then ranks mentions not seen before (the split's next mentions).
void runBench(BenchArgs args)
{
    args.linker = linkerFor(args.linker, args.checkpoint);
    core::Store project(args.db);
    auto linker = makeLinker(args.linker, args.checkpoint, args.placement);
    const core::KbCandidates kb(project);
    // A mistyped dataset or split is an error, not 0 mentions timed.
    core::requireSplit(project, core::requireDataset(project, args.dataset), args.split);
    auto split = core::loadSplitMentions(project, args.dataset, args.split);
    const std::size_t n = std::min<std::size_t>(split.queries.size(), static_cast<std::size_t>(args.mentions));
    const bool warms = models::cachesEntityFeatures(args.linker);
    // Mentions of the warm pass: the next n of the split (fewer when it is short; the first n when none are left).
    const std::size_t freshBegin = std::min(n, split.queries.size() - n);
    const std::size_t freshEnd = std::min(split.queries.size(), freshBegin + n);
    std::vector<std::vector<core::CandidateEntity>> candidates;
    for (std::size_t i = 0; i < freshEnd; ++i)
        candidates.push_back(kb.candidates(split.queries[i].surface, args.topK));
    nlohmann::ordered_json passes = nlohmann::ordered_json::array();
    const auto timePass = [&](const std::string& pass, std::size_t begin, std::size_t end,
                              nlohmann::ordered_json extra) {
        std::vector<double> ms;
        double candidatesSeen = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const auto started = std::chrono::steady_clock::now();
            const auto results = linker->rank({split.queries[i]}, {candidates[i]}, true);
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
            candidatesSeen += static_cast<double>(results.at(0).ranked.size());
        }
        double sum = 0;
        for (const double v : ms)
            sum += v;
        const auto count = static_cast<double>(ms.size());
        nlohmann::ordered_json row{{"pass", pass},
                                   {"mentions", ms.size()},
                                   {"mean_candidates", count > 0 ? candidatesSeen / count : 0},
                                   {"mean_ms", count > 0 ? sum / count : 0},
                                   {"p50_ms", percentile(ms, 0.5)},
                                   {"p95_ms", percentile(ms, 0.95)},
                                   {"max_ms", ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end())}};
        for (auto& [key, value] : extra.items())
            row[key] = value;
        passes.push_back(std::move(row));
    };
    timePass("first (entity features computed on demand)", 0, n, {});
    timePass("second (entity features cached)", 0, n, {});
    if (warms) {
        std::vector<core::CandidateEntity> everything;
        everything.reserve(kb.entities().size());
        for (const auto& e : kb.entities())
            everything.push_back(kb.toCandidate(e));
        const auto started = std::chrono::steady_clock::now();
        core::warmEntityFeatures(*linker, everything);
        const double warmSeconds = secondsSince(started);
        timePass("new mentions after encoding the whole KB (the app's background warm-up)", freshBegin, freshEnd,
                 {{"warm_up_entities", everything.size()}, {"warm_up_seconds", warmSeconds}});
        storedFeaturesPass(args, *linker, everything, passes);
    }
    std::cout << nlohmann::ordered_json{{"bench", "link"},
                                        {"linker", args.linker},
                                        {"explain", true},
                                        {"top_k", args.topK},
                                        {"device", models::resolveDevice(args.placement.device)},
                                        {"threads", args.placement.threads},
                                        {"precision", args.placement.precision},
                                        {"passes", passes}}
                     .dump(2)
              << '\n';
}

} // namespace

void addTrainCommand(CLI::App& app)
{
    static TrainArgs args;
    auto& o = args.options;
    auto* cmd = app.add_subcommand("train",
                                   "Train a GHMF, MIMIC, DWE or GEMEL linker on a dataset's train split (dev selects)");
    cmd->add_option("--db", args.db, "Project file")->required()->check(kExistingProject);
    cmd->add_option("--dataset", o.dataset, "Dataset name")->required();
    cmd->add_option("--linker", o.linker, "ghmf, mimic, dwe or gemel")
        ->check(CLI::IsMember({"ghmf", "mimic", "dwe", "gemel"}));
    cmd->add_option("--epochs", o.epochs, "Maximum epochs")->check(kPositiveNumber);
    cmd->add_option("--out", o.outPath, "Checkpoint file to write (best dev MRR)")->required();
    cmd->add_option("--seed", o.seed, "Random seed");
    cmd->add_option("--device", o.device, "auto (CUDA when available, the default), cpu, cuda or cuda:N");
    cmd->add_option("--threads", o.threads, "Intra-op threads (default: all cores)");
    cmd->add_option("--precision", o.precision,
                    "fp32 (default) or bf16: forward passes under CUDA autocast to bfloat16 (needs a CUDA device)")
        ->check(precisionChoices());
    cmd->add_option("--top-k", o.topK, "WRatio candidates per mention")->check(CLI::Range(2, 10000));
    cmd->add_option("--batch-size", o.batchSize, "Mentions per batch")->check(kPositiveNumber);
    cmd->add_option("--lr", o.learningRate, "AdamW learning rate");
    cmd->add_option("--weight-decay", o.weightDecay, "AdamW weight decay");
    cmd->add_option("--hard-negatives", o.hardNegatives, "Hard negatives per mention from its candidates");
    cmd->add_option("--hard-pool", o.hardPool, "Hard negatives are drawn from this many best candidates");
    cmd->add_option("--patience", o.patience, "Early stopping: epochs without a dev MRR gain")->check(kPositiveNumber);
    cmd->add_option("--max-train", o.maxTrainExamples,
                    "Use only the first N usable training mentions (gold entity in the KB; 0: all)")
        ->check(kNonNegativeNumber);
    cmd->add_option("--max-dev", o.maxDevExamples,
                    "Use only the first N usable dev mentions (gold entity in the KB; 0: all)")
        ->check(kNonNegativeNumber);
    cmd->add_option("--config", args.configJson, "Model configuration JSON (see mel/models/config.h)");
    cmd->add_option("--text-torchscript", o.model.text.torchScriptPath, "TorchScript text encoder file")
        ->check(CLI::ExistingFile);
    cmd->add_option("--image-torchscript", o.model.image.torchScriptPath, "TorchScript image encoder file")
        ->check(CLI::ExistingFile);
    cmd->add_option("--decoder-torchscript", o.model.gemel.decoderTorchScriptPath,
                    "TorchScript name decoder for --linker gemel (see mel/models/gemelconfig.h)")
        ->check(CLI::ExistingFile);
    cmd->add_flag("--no-pair-features", args.noPairFeatures, "Score with the learned similarity alone");
    cmd->add_flag("--json", args.asJson, "Print the result as one JSON line");
    cmd->callback([] { runTrain(args); });
}

void addLinkBenchCommand(CLI::App& app)
{
    auto* bench = app.get_subcommand("bench");
    static BenchArgs args;
    auto* cmd = bench->add_subcommand("link", "Time ranking one mention's candidates with its explanation");
    cmd->add_option("--db", args.db, "Project file")->required()->check(kExistingProject);
    cmd->add_option("--dataset", args.dataset, "Dataset name")->required();
    cmd->add_option("--split", args.split, "Split whose mentions are ranked");
    cmd->add_option("--linker", args.linker, "name, ghmf, mimic, dwe or gemel (default: the checkpoint's, else name)");
    cmd->add_option("--checkpoint", args.checkpoint, "Checkpoint of a trained linker")->check(CLI::ExistingFile);
    cmd->add_option("--top-k", args.topK, "Candidates per mention")->check(CLI::Range(1, 10000));
    cmd->add_option("--mentions", args.mentions, "Mentions to time")->check(kPositiveNumber);
    addPlacementOptions(cmd, args.placement);
    cmd->callback([] { runBench(args); });
}

} // namespace mel::cli
