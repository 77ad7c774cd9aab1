// Training with its model-run row: created first, updated at every checkpoint write, finished with the outcome.
#include "mel/models/trainingrun.h"

#include <chrono>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mel/core/store/browse.h"
#include "mel/core/util/error.h"
#include "mel/models/config.h"

namespace mel::models {
namespace {

nlohmann::json runConfig(const TrainOptions& o)
{
    return {{"job", "train"},           {"linker", o.linker},        {"epochs", o.epochs},
            {"batch_size", o.batchSize}, {"learning_rate", o.learningRate}, {"patience", o.patience},
            {"top_k", o.topK},           {"max_train", o.maxTrainExamples}, {"device", o.device},
            {"model", nlohmann::json::parse(toJson(o.model))}};
}

nlohmann::json runMetrics(const TrainResult& r, double seconds)
{
    nlohmann::json epochs = nlohmann::json::array();
    for (const auto& e : r.epochs)
        epochs.push_back({{"epoch", e.epoch}, {"train_loss", e.trainLoss}, {"dev", core::toJson(e.dev)}});
    return {{"best_epoch", r.bestEpoch}, {"best_dev", core::toJson(r.bestDev)}, {"epochs", epochs},
            {"seconds", seconds},        {"train_examples", r.trainExamples},   {"dev_examples", r.devExamples},
            {"steps", r.steps},          {"dev_outside_kb", r.devOutsideKb},
            {"best_dev_as_eval", core::toJson(core::withMisses(r.bestDev, r.devOutsideKb))}};
}

} // namespace

TrainResult trainRecorded(core::Store& store, const TrainOptions& options, const core::JobContext& job)
{
    // Checked before the run row is written: a mistyped dataset name or option must not leave a failed run behind.
    checkTrainOptions(options);
    core::requireDataset(store, options.dataset);
    core::ModelRun run;
    run.linker = options.linker;
    run.datasetName = options.dataset;
    run.split = "train";
    run.configJson = runConfig(options).dump();
    run.checkpointPath = options.outPath;
    run.startedAt = core::nowIso8601();
    run.status = "training";
    const core::RowId runId = store.createRun(run);
    const auto started = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    // Every checkpoint write is recorded in the run's row (its epochs and best dev figures), so a run that fails or
    // is killed later still offers the file it left behind.
    std::optional<TrainResult> saved;
    auto tracked = options;
    tracked.onCheckpoint = [&](const TrainResult& sofar) {
        saved = sofar;
        if (options.onCheckpoint)
            options.onCheckpoint(sofar);
        try {  // bookkeeping only: a busy project (another process's VACUUM) must not stop the training
            store.setRunMetrics(runId, runMetrics(sofar, seconds()).dump());
        } catch (const std::exception&) {
        }
    };
    const auto stopped = [&](std::string_view status, const char* error) noexcept {
        try {  // the error that stopped the run is the one reported, even if its row cannot be written
            nlohmann::json metrics = saved ? runMetrics(*saved, seconds()) : nlohmann::json{{"seconds", seconds()}};
            metrics["error"] = error;
            store.finishRun(runId, status, metrics.dump());
        } catch (...) {
        }
    };
    TrainResult result;
    try {
        result = train(store, tracked, job);
    } catch (const core::Error& e) {
        stopped(e.code() == core::ErrorCode::Cancelled ? "cancelled" : "failed", e.what());
        throw;
    } catch (const std::exception& e) {
        stopped("failed", e.what());
        throw;
    }
    // The trainer says whether it stopped early; a Cancel pressed after it finished (during the final save) does not
    // throw away a complete run.
    store.finishRun(runId, result.cancelled ? "cancelled" : "trained", runMetrics(result, seconds()).dump());
    return result;
}

} // namespace mel::models
