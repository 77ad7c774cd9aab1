// Model > Train as a JobRunner job: models::train on the worker thread, live progress to the GUI, a model run in
// the project for the run history. Compiles without the models layer (the job then fails with a clear error).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include <QObject>
#include <QString>

#include "jobs/jobrunner.h"

namespace mel::ui {

// What the training dialog asks for; everything else keeps the trainer's defaults.
struct TrainingSettings
{
    QString dataset;                 // trains on its "train" split, selects the epoch on "dev"
    QString linker = QStringLiteral("mimic");  // "ghmf" | "mimic"
    int epochs = 3;
    int batchSize = 32;
    double learningRate = 2e-3;
    int patience = 2;
    int topK = 100;                  // candidates per mention (hard negatives, dev ranking)
    int maxTrainExamples = 0;        // 0 = every labelled train mention
    int maxDevExamples = 0;
    int threads = 0;                 // intra-op threads; 0 = every core
    QString modelConfigJson;         // models::ModelConfig JSON; "" = defaults (Retrain: the checkpoint's)
    QString textEncoderScript;       // TorchScript encoders ("" = from scratch); checked for trust beforehand
    QString imageEncoderScript;
};

// One finished epoch as the curves need it.
struct EpochPoint
{
    int epoch = 0;
    double trainLoss = 0;
    double devHits1 = 0;
    double devMrr = 0;
    double seconds = 0;
};

// How a training job ended (handed to the GUI thread when it finished without being cancelled).
struct TrainingOutcome
{
    QString checkpoint;              // "" when no epoch finished
    int bestEpoch = 0;
    double bestHits1 = 0;
    double bestMrr = 0;
    int epochsRun = 0;
    double seconds = 0;
};

// Receives the trainer's structured callbacks. They arrive on the worker thread and are re-emitted on the GUI
// thread through queued calls, so connected widgets are only touched there.
class TrainingFeed : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    // Called on the worker thread: post to this object's thread.
    void postBatch(std::int64_t step, double loss);
    void postEpoch(const EpochPoint& epoch);

Q_SIGNALS:
    void started(const QString& linker, const QString& dataset);
    void batch(qint64 step, double loss);
    void epoch(const mel::ui::EpochPoint& epoch);
};

// Trains a linker on `projectFile` and writes the best epoch to `checkpoint`, on `device` ("cpu" / "cuda").
// A model run (config_json {"job": "train", ...}) records the outcome: "trained", "cancelled" or "failed".
// `onFinished` runs on the GUI thread when the job ends normally (not when it is cancelled).
JobWork trainingJob(const std::filesystem::path& projectFile, const TrainingSettings& settings, const QString& checkpoint,
                    const QString& device, TrainingFeed* feed, std::function<void(const TrainingOutcome&)> onFinished);

} // namespace mel::ui

Q_DECLARE_METATYPE(mel::ui::EpochPoint)
