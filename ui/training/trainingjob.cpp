// The training job: options from the dialog's settings, the trainer's callbacks to the feed, a model run record.
#include "training/trainingjob.h"

#include <chrono>

#include <QCoreApplication>
#include <QFileInfo>
#include <QDir>

#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

#ifdef MEL_HAVE_MODELS
#include "mel/models/config.h"
#include "mel/models/training.h"
#include "mel/models/trainingrun.h"
#include "project/importnotes.h"
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
        const auto started = std::chrono::steady_clock::now();
        // The run's row (created first, updated at every checkpoint write, finished with the outcome).
        const models::TrainResult result = models::trainRecorded(store, options, job);
        if (result.cancelled)
            throw core::Error(core::ErrorCode::Cancelled, "training cancelled");
        TrainingOutcome outcome;
        outcome.checkpoint = QString::fromStdString(result.checkpointPath);
        outcome.bestEpoch = result.bestEpoch;
        outcome.bestHits1 = result.bestDev.hits1;
        outcome.bestMrr = result.bestDev.mrr;
        outcome.epochsRun = static_cast<int>(result.epochs.size());
        outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const QString summary =
            QCoreApplication::translate("mel::ui::Jobs", "%1 epochs, best epoch %2: dev Hits@1 %3, MRR %4 (%5 s)")
                .arg(outcome.epochsRun)
                .arg(outcome.bestEpoch)
                .arg(outcome.bestHits1, 0, 'f', 3)
                .arg(outcome.bestMrr, 0, 'f', 3)
                .arg(outcome.seconds, 0, 'f', 1);
        return JobResult{summary,
                         [onFinished, outcome] {
                             if (onFinished)
                                 onFinished(outcome);
                         },
                         undecodableImagesNote(result.undecodableImages)};
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
