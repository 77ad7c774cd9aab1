// The training job: options from the dialog's settings, the trainer's callbacks to the feed, a model run record.
#include "training/trainingjob.h"

#include <chrono>
#include <optional>

#include <QCoreApplication>
#include <QFileInfo>
#include <QDir>

#include <nlohmann/json.hpp>

#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

#ifdef MEL_HAVE_MODELS
#include "mel/models/config.h"
#include "mel/models/training.h"
#endif

namespace mel::ui {

void TrainingFeed::postBatch(std::int64_t step, double loss)
{
    QMetaObject::invokeMethod(this, [this, step, loss] { Q_EMIT batch(step, loss); }, Qt::QueuedConnection);
}

void TrainingFeed::postEpoch(const EpochPoint& point)
{
    QMetaObject::invokeMethod(this, [this, point] { Q_EMIT epoch(point); }, Qt::QueuedConnection);
}

#ifdef MEL_HAVE_MODELS

namespace {

models::TrainOptions trainOptions(const TrainingSettings& s, const QString& checkpoint, const QString& device)
{
    models::TrainOptions o;
    if (!s.modelConfigJson.isEmpty())
        o.model = models::modelConfigFromJson(s.modelConfigJson.toStdString());
    o.model.text.torchScriptPath = s.textEncoderScript.toStdString();
    o.model.image.torchScriptPath = s.imageEncoderScript.toStdString();
    o.dataset = s.dataset.toStdString();
    o.linker = s.linker.toStdString();
    o.epochs = s.epochs;
    o.batchSize = s.batchSize;
    o.learningRate = s.learningRate;
    o.patience = s.patience;
    o.topK = s.topK;
    o.maxTrainExamples = s.maxTrainExamples;
    o.maxDevExamples = s.maxDevExamples;
    o.threads = s.threads;
    o.device = device.toStdString();
    o.outPath = checkpoint.toStdString();
    return o;
}

nlohmann::json runConfig(const models::TrainOptions& o)
{
    return {{"job", "train"},           {"linker", o.linker},        {"epochs", o.epochs},
            {"batch_size", o.batchSize}, {"learning_rate", o.learningRate}, {"patience", o.patience},
            {"top_k", o.topK},           {"max_train", o.maxTrainExamples}, {"device", o.device},
            {"model", nlohmann::json::parse(models::toJson(o.model))}};
}

nlohmann::json runMetrics(const models::TrainResult& r, double seconds)
{
    nlohmann::json epochs = nlohmann::json::array();
    for (const auto& e : r.epochs)
        epochs.push_back({{"epoch", e.epoch}, {"train_loss", e.trainLoss}, {"dev", core::toJson(e.dev)}});
    return {{"best_epoch", r.bestEpoch}, {"best_dev", core::toJson(r.bestDev)}, {"epochs", epochs},
            {"seconds", seconds},        {"train_examples", r.trainExamples},   {"dev_examples", r.devExamples},
            {"steps", r.steps}};
}

} // namespace

JobWork trainingJob(const std::filesystem::path& projectFile, const TrainingSettings& settings, const QString& checkpoint,
                    const QString& device, TrainingFeed* feed, std::function<void(const TrainingOutcome&)> onFinished)
{
    auto options = trainOptions(settings, checkpoint, device);
    options.onBatch = [feed](std::int64_t step, double loss) { feed->postBatch(step, loss); };
    options.onEpoch = [feed](const models::EpochStats& e) {
        feed->postEpoch({e.epoch, e.trainLoss, e.dev.hits1, e.dev.mrr, e.trainSeconds + e.evalSeconds});
    };
    return [projectFile, options, onFinished](const core::JobContext& job) -> JobResult {
        QDir().mkpath(QFileInfo(QString::fromStdString(options.outPath)).absolutePath());
        core::Store store(projectFile);
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
        auto seconds = [&] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        };
        // Every checkpoint write is recorded in the run's row (its epochs and best dev figures), so a run that fails
        // or is killed later still offers the file it left behind.
        std::optional<models::TrainResult> saved;
        auto tracked = options;
        tracked.onCheckpoint = [&](const models::TrainResult& sofar) {
            saved = sofar;
            try {  // bookkeeping only: a busy project (another process's VACUUM) must not stop the training
                store.setRunMetrics(runId, runMetrics(sofar, seconds()).dump());
            } catch (const std::exception&) {
            }
        };
        const auto stopped = [&](std::string_view status, const char* error) noexcept {
            try { // the error that stopped the run is the one reported, even if its row cannot be written
                nlohmann::json metrics = saved ? runMetrics(*saved, seconds()) : nlohmann::json{{"seconds", seconds()}};
                metrics["error"] = error;
                store.finishRun(runId, status, metrics.dump());
            } catch (...) {
            }
        };
        models::TrainResult result;
        try {
            result = models::train(store, tracked, job);
        } catch (const core::Error& e) {
            stopped(e.code() == core::ErrorCode::Cancelled ? "cancelled" : "failed", e.what());
            throw;
        } catch (const std::exception& e) {
            stopped("failed", e.what());
            throw;
        }
        // The trainer says whether it stopped early; a Cancel pressed after it finished (during the final save) does
        // not throw away a complete run (as for every job, see JobRunner).
        const bool cancelled = result.cancelled;
        store.finishRun(runId, cancelled ? "cancelled" : "trained", runMetrics(result, seconds()).dump());
        if (cancelled)
            throw core::Error(core::ErrorCode::Cancelled, "training cancelled");
        TrainingOutcome outcome;
        outcome.checkpoint = QString::fromStdString(result.checkpointPath);
        outcome.bestEpoch = result.bestEpoch;
        outcome.bestHits1 = result.bestDev.hits1;
        outcome.bestMrr = result.bestDev.mrr;
        outcome.epochsRun = static_cast<int>(result.epochs.size());
        outcome.seconds = seconds();
        const QString summary =
            QCoreApplication::translate("mel::ui::Jobs", "%1 epochs, best epoch %2: dev Hits@1 %3, MRR %4 (%5 s)")
                .arg(outcome.epochsRun)
                .arg(outcome.bestEpoch)
                .arg(outcome.bestHits1, 0, 'f', 3)
                .arg(outcome.bestMrr, 0, 'f', 3)
                .arg(outcome.seconds, 0, 'f', 1);
        return JobResult{summary, [onFinished, outcome] {
                             if (onFinished)
                                 onFinished(outcome);
                         }};
    };
}

#else

JobWork trainingJob(const std::filesystem::path&, const TrainingSettings&, const QString&, const QString&, TrainingFeed*,
                    std::function<void(const TrainingOutcome&)>)
{
    return [](const core::JobContext&) -> JobResult {
        throw core::Error(core::ErrorCode::Invalid,
                          QCoreApplication::translate("mel::ui::Jobs", "this build has no learned linkers to train")
                              .toStdString());
    };
}

#endif

} // namespace mel::ui
