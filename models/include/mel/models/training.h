// Training a GHMF or MIMIC linker, from a project store or from prepared examples. No torch in this header.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mel/core/eval/metrics.h"
#include "mel/core/linker/linker.h"
#include "mel/core/store/store.h"
#include "mel/models/config.h"

namespace mel::models {

// One labelled mention with its candidate list (the candidate generator's top-K, best first).
struct TrainingExample
{
    core::MentionQuery query;
    std::string goldQid;                            // the current label (human corrections included)
    core::CandidateEntity gold;                     // the gold entity's record; nameScore = WRatio(surface, name)
    std::vector<core::CandidateEntity> candidates;  // top-K with nameScore; may or may not contain the gold
};

struct TrainingData
{
    std::vector<TrainingExample> train;
    std::vector<TrainingExample> dev;
    // Dev mentions labelled with a QID the KB lacks (among those read before maxDevExamples was reached): not in
    // `dev`, since they cannot be ranked right, but `eval` counts them as misses (core::withMisses).
    int devOutsideKb = 0;
};

struct DataOptions
{
    std::string dataset;          // dataset name in the store
    int topK = 100;               // WRatio candidates per mention
    std::string trainSplit = "train";
    std::string devSplit = "dev";
    int maxTrainExamples = 0;     // 0 = all; otherwise stop after the first N usable mentions (quick runs)
    int maxDevExamples = 0;
};

// Builds the examples of the train and dev splits from the store: every mention whose CURRENT label is a QID
// present in the KB (labels NIL / AMBIGUOUS, unlabelled mentions and unknown QIDs are skipped and counted in the
// progress notes), its text, its image when the file is present (absolute path under the dataset root), and its
// top-K candidates from a core::CandidateIndex over Store::entityNames(). The sample's source id is never used.
// Throws core::Error(NotFound) for an unknown dataset and core::Error(Cancelled) when the job is cancelled.
TrainingData loadTrainingData(core::Store& store, const DataOptions& options, const core::JobContext& job = {});

struct EpochStats;
struct TrainResult;

struct TrainOptions
{
    std::string dataset;          // used by train(Store&, ...) to build the data (DataOptions)
    std::string linker = "mimic"; // "ghmf" | "mimic"
    int epochs = 3;
    std::string outPath;          // checkpoint file (the best epoch by dev MRR); "" = do not write one
    std::uint64_t seed = 13;
    std::string device = "auto";  // "auto" (CUDA when available), "cpu", "cuda" or "cuda:N" (needs a CUDA LibTorch)
    // "fp32" (default) or "bf16": CUDA autocast to bfloat16 for the forward passes of training and dev ranking
    // (backward and the optimiser stay float32). bf16 needs a CUDA device: on the CPU it is an Invalid error.
    std::string precision = "fp32";
    int topK = 100;               // candidates per mention, for hard negatives and dev ranking
    int hardNegatives = 3;        // per mention per step, drawn from its candidate list (in-batch ones come on top)
    int hardPool = 30;            // they are drawn from the best `hardPool` candidates other than the gold
    int batchSize = 32;
    double learningRate = 5e-3;
    double weightDecay = 0.01;
    double gradClip = 1.0;        // max global L2 norm of the gradient
    int warmupSteps = 100;        // linear warm-up, then linear decay to 10% over all epochs
    int patience = 2;             // early stopping: epochs without a dev MRR improvement
    int threads = 0;              // intra-op threads; 0 = std::thread::hardware_concurrency()
    int maxTrainExamples = 0;     // 0 = all; otherwise the first N (quick experiments)
    int maxDevExamples = 0;
    int evalBatchSize = 64;       // mentions per batch during dev evaluation
    ModelConfig model;            // model.linker is overwritten by `linker`
    // Structured progress for live curves (the GUI's training panel), called on the training thread; empty = unused.
    std::function<void(std::int64_t step, double loss)> onBatch;   // after every optimisation step
    std::function<void(const EpochStats& stats)> onEpoch;          // after every finished epoch's dev evaluation
    // After every checkpoint write, with the run so far (its best epoch is the one in the file): a caller that
    // records runs can still name the checkpoint when a later epoch fails.
    std::function<void(const TrainResult& sofar)> onCheckpoint;
};

using core::RankingMetrics;  // mel/core/eval/metrics.h: the same figures as every other linker

struct EpochStats
{
    int epoch = 0;                // 1-based
    double trainLoss = 0;         // mean over the epoch's batches
    RankingMetrics dev;
    double trainSeconds = 0;      // wall time of the epoch's optimisation steps
    double trainCpuSeconds = 0;   // CPU time of the process (all threads) over those steps: on a shared machine
                                  // the figure that does not depend on the other processes' load
    double evalSeconds = 0;
};

struct TrainResult
{
    bool cancelled = false;       // stopped by the job; the checkpoint (if any) holds the best finished epoch
    int bestEpoch = 0;            // 0 when no epoch finished
    RankingMetrics bestDev;
    std::vector<EpochStats> epochs;
    std::string checkpointPath;   // "" when none was written
    int trainExamples = 0;
    int devExamples = 0;
    int devOutsideKb = 0;         // TrainingData::devOutsideKb; withMisses(bestDev, devOutsideKb) is eval's figure
    std::int64_t parameters = 0;  // trainable parameter count
    std::int64_t steps = 0;       // optimisation steps run (batches), over all epochs
    // Sample and entity images that could not be decoded and were trained on as "no image" (sorted paths).
    std::vector<std::string> undecodableImages;
};

// Trains on `data.train`, evaluates on `data.dev` after every epoch, keeps the weights with the best dev MRR
// (early stopping after `patience` epochs without improvement) and writes them to options.outPath.
// Deterministic for a given seed, thread count and data. Progress: job.report(fraction, message) after every
// batch and every evaluation; cancellation is checked before every batch, so it takes effect within one batch.
// Runs on the calling thread (LibTorch guards are created here). Throws core::Error(Invalid) for bad options or
// empty data, core::Error(Io) when the checkpoint cannot be written.
TrainResult trainOnData(const TrainingData& data, const TrainOptions& options, const core::JobContext& job = {});

// Throws core::Error(Invalid) for options no training accepts (unknown linker, epochs < 1, a learning rate that is
// not a positive finite number, a device this LibTorch cannot use, ...): trainOnData checks them too; callers that
// record a run check them first.
void checkTrainOptions(const TrainOptions& options);

// loadTrainingData(store, {options.dataset, options.topK}) followed by trainOnData.
TrainResult train(core::Store& store, const TrainOptions& options, const core::JobContext& job = {});

// Ranks every example's candidates with `linker` and computes the metrics (the gold's rank among the candidates).
RankingMetrics evaluateLinker(core::Linker& linker, const std::vector<TrainingExample>& examples,
                              int batchSize = 64, const core::JobContext& job = {});

} // namespace mel::models
