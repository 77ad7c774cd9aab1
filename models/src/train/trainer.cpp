// The training loop: hard negatives from each mention's candidate list plus in-batch negatives, AdamW with
// warm-up and linear decay, gradient clipping, dev MRR after each epoch, early stopping, best-epoch checkpoint.
#include "mel/models/training.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <thread>
#include <unordered_map>

#include <sys/resource.h>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "linkers/gemel/gemeltrainer.h"
#include "linkers/pairfeatures.h"
#include "linkers/torchlinker.h"
#include "nn/autocast.h"
#include "nn/cputhreads.h"
#include "train/adamw.h"
#include "mel/core/util/error.h"
#include "nn/scriptmodule.h"
#include "train/checkpoint.h"
#include "train/finiteloss.h"

namespace mel::models {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void validate(const TrainingData& data, const TrainOptions& o)
{
    auto bad = [](const std::string& what) { throw core::Error(core::ErrorCode::Invalid, "train: " + what); };
    checkTrainOptions(o);
    if (data.train.empty())
        bad("no training examples (no mention of the train split has a QID label present in the KB)");
}

// The train labels as counts for the label pair features (each example's own label is left out when it is trained on).
LabelPrior labelPriorOf(const std::vector<TrainingExample>& train)
{
    LabelPrior prior;
    for (const auto& ex : train)
        prior.add(mentionWords(ex.query).surfaceKey, ex.goldQid);
    return prior;
}

// The label features may only count FOR an entity. A dataset in which every entity is the answer of one sample
// (Richpedia-MEL, whose sample id is its answer QID) makes "seen in train" mean "not the answer" under leave-one-out,
// and a negative weight would learn that artefact of how the data was built; clipped at 0 (projected gradient),
// the head can only learn that a seen entity is more likely, or ignore the counts.
// Those columns of the feature head's weight, a view clipped after every step (undefined when the model has none).
torch::Tensor labelFeatureWeights(LinkerModelImpl& model)
{
    const auto parameters = model.named_parameters();
    const auto* weight = parameters.find("feature_head.weight");
    if (!weight || weight->size(1) < kLabelFeatureEnd)
        return {};
    torch::NoGradGuard noGrad;  // a plain view: it is only ever written outside autograd
    return weight->narrow(1, kLabelFeatureBegin, kLabelFeatureEnd - kLabelFeatureBegin);
}

// Texts the from-scratch vocabulary is built from: the training mentions and the entities they can meet.
std::vector<std::string> vocabularyTexts(const std::vector<TrainingExample>& train, int hardPool)
{
    std::vector<std::string> texts;
    std::unordered_map<std::string, bool> seen;
    auto addEntity = [&](const core::CandidateEntity& e) {
        if (seen.emplace(e.qid, true).second)
        {
            texts.push_back(e.name);
            texts.push_back(e.description);
        }
    };
    for (const auto& ex : train)
    {
        texts.push_back(ex.query.surface);
        texts.push_back(ex.query.text);
        addEntity(ex.gold);
        for (std::size_t i = 0; i < ex.candidates.size() && i < static_cast<std::size_t>(hardPool); ++i)
            addEntity(ex.candidates[i]);
    }
    return texts;
}

// One optimisation batch: the entities it touches, and per mention the entity rows it is scored against (its gold,
// its hard negatives, the other mentions' golds as in-batch negatives), padded to the longest row.
struct Batch
{
    std::vector<core::MentionQuery> mentions;
    std::vector<core::CandidateEntity> entities;
    torch::Tensor columns;   // [B,K] int64 entity rows
    torch::Tensor valid;     // [B,K] bool (false = padding)
    torch::Tensor target;    // [B] int64: the gold's position in its row (always 0)
    torch::Tensor features;  // [B,K,F]
};

Batch makeBatch(const std::vector<TrainingExample>& train, const std::vector<std::size_t>& rows,
                const TrainOptions& o, const LabelPrior& prior, std::mt19937_64& rng)
{
    Batch batch;
    const auto B = static_cast<std::int64_t>(rows.size());
    std::unordered_map<std::string, std::int64_t> index;
    auto add = [&](const core::CandidateEntity& e) {
        const auto [it, inserted] = index.emplace(e.qid, static_cast<std::int64_t>(batch.entities.size()));
        if (inserted)
            batch.entities.push_back(e);
        return it->second;
    };
    // Per mention: (entity row, the candidate generator's score against ITS surface; 0 = compute it).
    std::vector<std::vector<std::pair<std::int64_t, double>>> row(rows.size());
    std::vector<std::int64_t> gold(rows.size());
    for (std::size_t b = 0; b < rows.size(); ++b)
    {
        const auto& ex = train[rows[b]];
        batch.mentions.push_back(ex.query);
        gold[b] = add(ex.gold);
        row[b].emplace_back(gold[b], ex.gold.nameScore);
        std::vector<std::size_t> pool;
        for (std::size_t i = 0; i < ex.candidates.size() && pool.size() < static_cast<std::size_t>(o.hardPool); ++i)
            if (ex.candidates[i].qid != ex.goldQid)
                pool.push_back(i);
        const auto take = std::min<std::size_t>(pool.size(), static_cast<std::size_t>(o.hardNegatives));
        for (std::size_t k = 0; k < take; ++k)  // partial Fisher-Yates: `take` distinct hard negatives
        {
            std::uniform_int_distribution<std::size_t> pick(k, pool.size() - 1);
            std::swap(pool[k], pool[pick(rng)]);
            const auto& c = ex.candidates[pool[k]];
            row[b].emplace_back(add(c), c.nameScore);
        }
    }
    std::size_t K = 0;
    for (std::size_t b = 0; b < rows.size(); ++b)
    {
        for (std::size_t other = 0; other < rows.size(); ++other)
            if (std::none_of(row[b].begin(), row[b].end(), [&](const auto& p) { return p.first == gold[other]; }))
                row[b].emplace_back(gold[other], 0.0);
        K = std::max(K, row[b].size());
    }
    const auto Kl = static_cast<std::int64_t>(K);
    batch.columns = torch::zeros({B, Kl}, torch::kLong);
    batch.valid = torch::zeros({B, Kl}, torch::kBool);
    batch.features = torch::zeros({B, Kl, kPairFeatureCount}, torch::kFloat);
    auto columns = batch.columns.accessor<std::int64_t, 2>();
    auto valid = batch.valid.accessor<bool, 2>();
    auto* f = batch.features.data_ptr<float>();
    for (std::int64_t b = 0; b < B; ++b)
    {
        const auto words = mentionWords(batch.mentions[b]);
        for (std::size_t k = 0; k < row[b].size(); ++k)
        {
            columns[b][k] = row[b][k].first;
            valid[b][k] = true;
            core::CandidateEntity e = batch.entities[row[b][k].first];
            e.nameScore = row[b][k].second;
            pairFeatures(words, e, f + (b * Kl + static_cast<std::int64_t>(k)) * kPairFeatureCount, &prior,
                         train[rows[b]].goldQid);
        }
    }
    batch.target = torch::zeros({B}, torch::kLong);
    return batch;
}

// Copies of every parameter and buffer, to restore the best epoch's weights at the end.
std::vector<torch::Tensor> snapshot(torch::nn::Module& module)
{
    std::vector<torch::Tensor> out;
    for (const auto& p : module.parameters())
        out.push_back(p.detach().clone());
    for (const auto& b : module.buffers())
        out.push_back(b.detach().clone());
    return out;
}

void restore(torch::nn::Module& module, const std::vector<torch::Tensor>& state)
{
    torch::NoGradGuard noGrad;
    std::size_t i = 0;
    for (auto& p : module.parameters())
        p.copy_(state.at(i++));
    for (auto& b : module.buffers())
        b.copy_(state.at(i++));
}

nlohmann::json metaOf(const TrainOptions& o, const TrainResult& r)
{
    nlohmann::json epochs = nlohmann::json::array();
    for (const auto& e : r.epochs)
        epochs.push_back({{"epoch", e.epoch},
                          {"train_loss", e.trainLoss},
                          {"dev", core::toJson(e.dev)},
                          {"train_seconds", e.trainSeconds},
                          {"train_cpu_seconds", e.trainCpuSeconds},
                          {"eval_seconds", e.evalSeconds}});
    return {{"dataset", o.dataset},   {"seed", o.seed},          {"epochs_requested", o.epochs},
            {"device", o.device},     {"precision", o.precision},
            {"batch_size", o.batchSize}, {"learning_rate", o.learningRate}, {"weight_decay", o.weightDecay},
            {"hard_negatives", o.hardNegatives}, {"hard_pool", o.hardPool}, {"top_k", o.topK},
            {"best_epoch", r.bestEpoch}, {"best_dev", core::toJson(r.bestDev)}, {"train_examples", r.trainExamples},
            {"dev_examples", r.devExamples}, {"parameters", r.parameters}, {"epochs", epochs}};
}

int resolveThreads(int threads)
{
    return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

} // namespace

RankingMetrics evaluateLinker(core::Linker& linker, const std::vector<TrainingExample>& examples, int batchSize,
                              const core::JobContext& job)
{
    std::vector<core::GoldRank> ranks;
    int k = 0;
    for (const auto& ex : examples)
        k = std::max(k, static_cast<int>(ex.candidates.size()));
    const std::size_t step = static_cast<std::size_t>(std::max(1, batchSize));
    for (std::size_t start = 0; start < examples.size(); start += step)
    {
        if (job.isCancelled())
            throw core::Error(core::ErrorCode::Cancelled, "evaluation cancelled");
        const std::size_t end = std::min(examples.size(), start + step);
        std::vector<core::MentionQuery> queries;
        std::vector<std::vector<core::CandidateEntity>> candidates;
        for (std::size_t i = start; i < end; ++i)
        {
            queries.push_back(examples[i].query);
            candidates.push_back(examples[i].candidates);
        }
        const auto results = linker.rank(queries, candidates, false);
        for (std::size_t i = start; i < end; ++i)
            ranks.push_back(core::goldRankIn(results.at(i - start).ranked, examples[i].goldQid));
        job.report(static_cast<double>(end) / static_cast<double>(examples.size()),
                   "evaluating " + std::to_string(end) + "/" + std::to_string(examples.size()));
    }
    return core::computeMetrics(ranks, k);
}

TrainResult trainOnData(const TrainingData& data, const TrainOptions& o, const core::JobContext& job)
{
    if (o.linker == "gemel")  // a generative loss: its own loop with the same options, progress and checkpoints
        return gemel::trainGemel(data, o, job);
    validate(data, o);  // checkTrainOptions: the device exists and the precision suits it
    const auto device = parseDevice(o.device);
    const Precision precision = parsePrecision(o.precision);
    const int threads = resolveThreads(o.threads);
    configureCpuThreads(threads);
    torch::manual_seed(o.seed);
    std::mt19937_64 rng(o.seed);

    std::vector<TrainingExample> train(data.train.begin(),
                                       o.maxTrainExamples > 0 && o.maxTrainExamples < (int)data.train.size()
                                           ? data.train.begin() + o.maxTrainExamples
                                           : data.train.end());
    std::vector<TrainingExample> dev(data.dev.begin(), o.maxDevExamples > 0 && o.maxDevExamples < (int)data.dev.size()
                                                            ? data.dev.begin() + o.maxDevExamples
                                                            : data.dev.end());

    ModelParts parts;
    parts.config = o.model;
    parts.config.linker = o.linker;
    if (!parts.config.text.torchScriptPath.empty())
        parts.textScript = readFileBytes(parts.config.text.torchScriptPath);
    else
        parts.vocabulary = Vocabulary::build(vocabularyTexts(train, o.hardPool), parts.config.text);
    if (!parts.config.image.torchScriptPath.empty())
        parts.imageScript = readFileBytes(parts.config.image.torchScriptPath);
    parts.labelPrior = labelPriorOf(train);
    auto model = buildModel(parts);
    model->to(device);
    const auto labelWeights = labelFeatureWeights(*model);
    TorchLinker evaluator(model, device, threads, precision);

    TrainResult result;
    result.trainExamples = static_cast<int>(train.size());
    result.devExamples = static_cast<int>(dev.size());
    auto adamw = makeAdamW(model->parameters(), o.learningRate, o.weightDecay);
    result.parameters += adamw.count;
    auto& optimizer = *adamw.optimizer;
    const auto& all = adamw.parameters;

    const auto B = static_cast<std::size_t>(o.batchSize);
    const std::int64_t stepsPerEpoch = static_cast<std::int64_t>((train.size() + B - 1) / B);
    const std::int64_t totalSteps = stepsPerEpoch * o.epochs;
    auto lrAt = [&](std::int64_t step) {
        if (step < o.warmupSteps)
            return o.learningRate * static_cast<double>(step + 1) / static_cast<double>(o.warmupSteps);
        const double progress = static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, totalSteps));
        return o.learningRate * std::max(0.1, 1.0 - 0.9 * progress);
    };

    std::vector<std::size_t> order(train.size());
    std::iota(order.begin(), order.end(), 0);
    // Writes the checkpoint with the run so far in its meta and tells the caller (onCheckpoint).
    const auto writeCheckpoint = [&] {
        saveCheckpoint(o.outPath, *model, metaOf(o, result).dump());
        result.checkpointPath = o.outPath;
        if (o.onCheckpoint)
            o.onCheckpoint(result);
    };
    std::vector<torch::Tensor> best;
    int stale = 0;
    double bestMrr = -1;
    for (int epoch = 1; epoch <= o.epochs && !result.cancelled; ++epoch)
    {
        EpochStats stats;
        stats.epoch = epoch;
        std::shuffle(order.begin(), order.end(), rng);
        model->train();
        const auto started = Clock::now();
        const double cpuStarted = processCpuSeconds();
        double lossSum = 0;
        std::int64_t batches = 0;
        for (std::size_t start = 0; start < order.size(); start += B)
        {
            if (job.isCancelled())
            {
                result.cancelled = true;
                break;
            }
            const std::vector<std::size_t> rows(order.begin() + start, order.begin() + std::min(order.size(), start + B));
            static const bool profile = std::getenv("MEL_TRAIN_PROFILE") != nullptr;
            auto t0 = Clock::now();
            auto lap = [&](const char* what) {
                if (profile)
                    std::fprintf(stderr, "  %s %.3f s\n", what, secondsSince(t0));
                t0 = Clock::now();
            };
            auto batch = makeBatch(train, rows, o, model->labelPrior(), rng);
            lap("batch");
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lrAt(result.steps));
            torch::Tensor loss;
            {
                // The forward passes and the loss under autocast (bf16); backward after the scope.
                const AutocastScope autocast(precision, device);
                auto mentions = model->encodeMentions(batch.mentions, false);
                lap("mentions");
                auto entities = model->encodeEntities(batch.entities);
                lap("entities");
                auto scores = model->score(mentions, entities, batch.columns.to(device), batch.features.to(device));
                lap("score");
                loss = model->loss(mentions, scores, batch.target.to(device), batch.valid.to(device));
                lap("loss");
            }
            optimizer.zero_grad();
            loss.backward();
            lap("backward");
            torch::nn::utils::clip_grad_norm_(all, o.gradClip);
            optimizer.step();
            if (labelWeights.defined())
            {
                torch::NoGradGuard noGrad;
                labelWeights.clamp_min_(0);
            }
            lap("step");
            const double value = loss.item<double>();
            requireFiniteLoss(value, result.steps + 1);
            lossSum += value;
            ++batches;
            ++result.steps;
            if (o.onBatch)
                o.onBatch(result.steps, value);
            job.report(static_cast<double>(result.steps) / static_cast<double>(totalSteps),
                       "epoch " + std::to_string(epoch) + "/" + std::to_string(o.epochs) + " batch " +
                           std::to_string(batches) + "/" + std::to_string(stepsPerEpoch) + " loss " +
                           std::to_string(value));
        }
        stats.trainSeconds = secondsSince(started);
        stats.trainCpuSeconds = processCpuSeconds() - cpuStarted;
        stats.trainLoss = batches ? lossSum / static_cast<double>(batches) : 0;
        if (result.cancelled)
            break;

        const auto evalStarted = Clock::now();
        evaluator.clearCache();
        try
        {
            stats.dev = evaluateLinker(evaluator, dev, o.evalBatchSize, job);
        }
        catch (const core::Error& e)
        {
            if (e.code() != core::ErrorCode::Cancelled)
                throw;
            result.cancelled = true;
            break;
        }
        evaluator.clearCache();
        stats.evalSeconds = secondsSince(evalStarted);
        result.epochs.push_back(stats);
        if (o.onEpoch)
            o.onEpoch(stats);
        job.report(static_cast<double>(result.steps) / static_cast<double>(totalSteps),
                   "epoch " + std::to_string(epoch) + " dev MRR " + std::to_string(stats.dev.mrr) + " Hits@1 " +
                       std::to_string(stats.dev.hits1));
        // Without dev examples every epoch counts as an improvement: the last one is kept.
        if (dev.empty() || stats.dev.mrr > bestMrr)
        {
            bestMrr = stats.dev.mrr;
            result.bestEpoch = epoch;
            result.bestDev = stats.dev;
            stale = 0;
            best = snapshot(*model);
            if (!o.outPath.empty())
                writeCheckpoint();
        }
        else if (++stale >= o.patience)
            break;
    }
    if (!best.empty())
        restore(*model, best);
    if (!o.outPath.empty() && result.bestEpoch > 0)  // rewrite with the complete epoch history in the meta
        writeCheckpoint();
    model->eval();
    result.undecodableImages = undecodableImagesOf(model->image());
    return result;
}

void checkTrainOptions(const TrainOptions& o)
{
    auto bad = [](const std::string& what) { throw core::Error(core::ErrorCode::Invalid, "train: " + what); };
    if (o.linker != "ghmf" && o.linker != "mimic" && o.linker != "dwe" && o.linker != "gemel")
        bad("unknown linker '" + o.linker + "' (expected ghmf, mimic, dwe or gemel)");
    // Written so that NaN fails too (every comparison with NaN is false).
    if (o.epochs < 1 || o.batchSize < 1 || o.hardNegatives < 0 || o.hardPool < 0 || !(o.learningRate > 0) ||
        !std::isfinite(o.learningRate) || !(o.gradClip > 0) || !(o.weightDecay >= 0) ||
        !std::isfinite(o.weightDecay) || o.patience < 1 || o.evalBatchSize < 1)
        bad("epochs, batch size, patience >= 1; learning rate and gradient clip > 0 and finite; weight decay >= 0; "
            "negatives >= 0");
    checkPrecision(parsePrecision(o.precision), parseDevice(o.device));  // an unknown or absent device, bf16 on a CPU
}

TrainResult train(core::Store& store, const TrainOptions& options, const core::JobContext& job)
{
    DataOptions data;
    data.dataset = options.dataset;
    data.topK = options.topK;
    data.maxTrainExamples = options.maxTrainExamples;  // the candidates of unused mentions are not computed
    data.maxDevExamples = options.maxDevExamples;
    const TrainingData loaded = loadTrainingData(store, data, job);
    TrainResult result = trainOnData(loaded, options, job);
    result.devOutsideKb = loaded.devOutsideKb;
    return result;
}

} // namespace mel::models
