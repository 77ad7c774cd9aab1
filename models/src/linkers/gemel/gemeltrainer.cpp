// Training loop of the GEMEL-style linker.
#include "linkers/gemel/gemeltrainer.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <numeric>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "linkers/gemel/gemelcheckpoint.h"
#include "linkers/gemel/gemelinput.h"
#include "linkers/torchlinker.h"
#include "mel/core/util/error.h"
#include "nn/cputhreads.h"
#include "nn/scriptmodule.h"
#include "train/adamw.h"
#include "train/checkpoint.h"
#include "train/finiteloss.h"

namespace mel::models::gemel {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Prior weights tried on dev (0 = the pure generative score). Summed log p over ~100 names spans tens of nats
// while name priors differ by ~0.1, so the grid must reach weights where the prior dominates.
// 1e4: a WRatio point (0.01 of the prior) outweighs any log p; 1e6: a plain-ratio point (1e-4) does too, so log p
// only breaks the name baseline's own ties.
const std::vector<double> kPriorGrid{0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 1e3, 1e4, 1e6};

std::string ruleName(const ScoreRule& r)
{
    return std::to_string(r.priorWeight) + (r.meanLogProb ? " per-char" : " sum");
}

std::vector<TrainingExample> head(const std::vector<TrainingExample>& all, int max)
{
    return {all.begin(), max > 0 && max < static_cast<int>(all.size()) ? all.begin() + max : all.end()};
}

std::vector<torch::Tensor> snapshot(const std::vector<torch::Tensor>& params, torch::nn::Module& module)
{
    std::vector<torch::Tensor> out;
    for (const auto& p : params)
        out.push_back(p.detach().clone());
    for (const auto& b : module.buffers())
        out.push_back(b.detach().clone());
    return out;
}

void restore(const std::vector<torch::Tensor>& params, torch::nn::Module& module, const std::vector<torch::Tensor>& s)
{
    torch::NoGradGuard noGrad;
    std::size_t i = 0;
    for (auto p : params)
        p.copy_(s.at(i++));
    for (auto& b : module.buffers())
        b.copy_(s.at(i++));
}

} // namespace

std::vector<ScoreRule> scoreRuleGrid()
{
    std::vector<ScoreRule> out;
    for (const bool mean : {false, true})
        for (const double w : kPriorGrid)
            out.push_back({w, mean});
    return out;
}

RankingMetrics metricsWithRule(const std::vector<TrainingExample>& examples,
                               const std::vector<MentionDecoding>& decoded, const ScoreRule& rule)
{
    std::vector<core::GoldRank> ranks;
    int k = 0;
    for (std::size_t i = 0; i < examples.size(); ++i)
    {
        const auto& cands = examples[i].candidates;
        k = std::max(k, static_cast<int>(cands.size()));
        const auto order = rankOrder(combinedScores(decoded[i], rule), cands);
        std::vector<core::ScoredCandidate> ranked;
        for (const auto j : order)
            ranked.push_back({cands[static_cast<std::size_t>(j)].qid, 0});
        ranks.push_back(core::goldRankIn(ranked, examples[i].goldQid));
    }
    return core::computeMetrics(ranks, k);
}

TrainResult trainGemel(const TrainingData& data, const TrainOptions& o, const core::JobContext& job)
{
    auto bad = [](const std::string& what) { throw core::Error(core::ErrorCode::Invalid, "train: " + what); };
    if (o.epochs < 1 || o.batchSize < 1 || !(o.learningRate > 0) || !std::isfinite(o.learningRate) ||
        !(o.gradClip > 0) || !(o.weightDecay >= 0) || !std::isfinite(o.weightDecay) || o.patience < 1)
        bad("epochs, batch size, patience >= 1; learning rate and gradient clip > 0");
    if (data.train.empty())
        bad("no training examples (no mention of the train split has a QID label present in the KB)");
    const auto device = parseDevice(o.device);
    const Precision precision = parsePrecision(o.precision);
    checkPrecision(precision, device);
    const int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    configureCpuThreads(threads);
    torch::manual_seed(o.seed);
    std::mt19937_64 rng(o.seed);
    const auto train = head(data.train, o.maxTrainExamples);
    const auto dev = head(data.dev, o.maxDevExamples);

    GemelParts parts;
    parts.config = o.model;
    parts.config.linker = "gemel";
    const auto& g = parts.config.gemel;
    std::vector<std::string> texts;
    std::vector<Demonstration> bank;
    for (const auto& ex : train)
    {
        texts.push_back(ex.query.surface);
        texts.push_back(ex.query.text);
        texts.push_back(ex.gold.name);
        for (const auto& c : ex.candidates)
            texts.push_back(c.name);
        bank.push_back({ex.query.mentionId, ex.query.surface, demoSentence(ex.query.text), ex.goldQid, ex.gold.name});
    }
    parts.chars = CharTable::build(texts);
    if (!parts.config.image.torchScriptPath.empty())
        parts.imageScript = readFileBytes(parts.config.image.torchScriptPath);
    if (!g.decoderTorchScriptPath.empty())
        parts.decoderScript = readFileBytes(g.decoderTorchScriptPath);
    auto retriever = std::make_shared<DemoRetriever>(std::move(bank));
    auto model = buildGemelModel(parts);
    model->to(device);
    GemelLinker evaluator(model, parts.chars, retriever, device, threads);
    evaluator.setPrecision(precision);

    job.report(0, "retrieving demonstrations");
    std::vector<std::vector<Retrieved>> demos(train.size());
    for (std::size_t i = 0; i < train.size(); ++i)
        demos[i] = retriever->nearest(train[i].query, g.demonstrations);
    // The trie of each training mention: its candidates' names and the gold's (the gold is always producible).
    std::vector<std::vector<std::vector<std::int64_t>>> trieNames(train.size());

    TrainResult result;
    result.trainExamples = static_cast<int>(train.size());
    result.devExamples = static_cast<int>(dev.size());
    const auto params = model->trainableParameters();
    auto adamw = makeAdamW(params, o.learningRate, o.weightDecay);
    result.parameters = adamw.count;
    auto& optimizer = *adamw.optimizer;

    const auto B = static_cast<std::size_t>(o.batchSize);
    const std::int64_t stepsPerEpoch = static_cast<std::int64_t>((train.size() + B - 1) / B);
    const std::int64_t totalSteps = stepsPerEpoch * o.epochs;
    auto lrAt = [&](std::int64_t step) {
        if (step < o.warmupSteps)
            return o.learningRate * static_cast<double>(step + 1) / static_cast<double>(o.warmupSteps);
        const double progress = static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, totalSteps));
        return o.learningRate * std::max(0.1, 1.0 - 0.9 * progress);
    };
    const auto V = model->vocabularySize();

    std::vector<std::size_t> order(train.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<torch::Tensor> best;
    double bestMrr = -1;
    ScoreRule bestRule;
    nlohmann::json priorTable = nlohmann::json::array();
    int stale = 0;
    for (int epoch = 1; epoch <= o.epochs && !result.cancelled; ++epoch)
    {
        EpochStats stats;
        stats.epoch = epoch;
        std::shuffle(order.begin(), order.end(), rng);
        model->train();
        const auto started = Clock::now();
        const auto cpuStarted = std::clock();  // process CPU time, all threads
        double lossSum = 0;
        std::int64_t batches = 0;
        for (std::size_t start = 0; start < order.size(); start += B)
        {
            if (job.isCancelled())
            {
                result.cancelled = true;
                break;
            }
            std::vector<core::MentionQuery> queries;
            std::vector<std::vector<Retrieved>> batchDemos;
            std::vector<std::string> golds;
            std::vector<std::size_t> rows;
            for (std::size_t i = start; i < std::min(order.size(), start + B); ++i)
            {
                const auto r = order[i];
                rows.push_back(r);
                queries.push_back(train[r].query);
                batchDemos.push_back(demos[r]);
                golds.push_back(train[r].gold.name);
            }
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lrAt(result.steps));
            const auto names = nameBatch(golds, parts.chars, g.maxName);
            std::vector<torch::Tensor> masks;
            for (std::size_t b = 0; b < rows.size(); ++b)
            {
                auto& tn = trieNames[rows[b]];
                if (tn.empty())
                {
                    tn.push_back(names.tokens[b]);
                    for (const auto& c : train[rows[b]].candidates)
                        if (c.qid != train[rows[b]].goldQid)
                            tn.push_back(parts.chars.encode(c.name));
                }
                const auto i = static_cast<std::int64_t>(b);
                masks.push_back(allowedMask(buildTrie(tn), names.targets.slice(0, i, i + 1), V));
            }
            torch::Tensor loss;
            {
                // The forward pass and the loss under autocast (bf16); backward after the scope.
                const AutocastScope autocast(precision, device);
                auto memory = model->encode(buildEncoderInput(queries, batchDemos, *retriever, parts.chars, g));
                auto logits = model->decode(memory, names.inputs);
                auto targets = names.targets.to(device);
                auto valid = targets.ne(CharTable::Pad);
                const auto count = valid.sum().clamp_min(1).to(torch::kFloat);
                auto constrained =
                    -constrainedTokenLogProbs(logits, targets, torch::cat(masks, 0).to(device)).sum() / count;
                auto lm = torch::nn::functional::cross_entropy(
                    logits.reshape({-1, V}), targets.reshape({-1}),
                    torch::nn::functional::CrossEntropyFuncOptions().ignore_index(CharTable::Pad));
                loss = constrained + g.lmWeight * lm;
            }
            optimizer.zero_grad();
            loss.backward();
            torch::nn::utils::clip_grad_norm_(params, o.gradClip);
            optimizer.step();
            const double value = loss.item<double>();
            requireFiniteLoss(value, result.steps + 1);
            lossSum += value;
            ++batches;
            ++result.steps;
            if (o.onBatch)  // the training dock's live loss curve, as for the other linkers
                o.onBatch(result.steps, value);
            job.report(static_cast<double>(result.steps) / static_cast<double>(totalSteps),
                       "epoch " + std::to_string(epoch) + "/" + std::to_string(o.epochs) + " batch " +
                           std::to_string(batches) + "/" + std::to_string(stepsPerEpoch) + " loss " +
                           std::to_string(value));
        }
        stats.trainSeconds = secondsSince(started);
        stats.trainCpuSeconds = static_cast<double>(std::clock() - cpuStarted) / CLOCKS_PER_SEC;
        stats.trainLoss = batches ? lossSum / static_cast<double>(batches) : 0;
        if (result.cancelled)
            break;

        const auto evalStarted = Clock::now();
        model->eval();
        std::vector<MentionDecoding> decoded;
        const std::size_t step = static_cast<std::size_t>(std::max(1, o.evalBatchSize));
        for (std::size_t s = 0; s < dev.size() && !result.cancelled; s += step)
        {
            if (job.isCancelled())
            {
                result.cancelled = true;
                break;
            }
            std::vector<core::MentionQuery> queries;
            std::vector<std::vector<core::CandidateEntity>> cands;
            for (std::size_t i = s; i < std::min(dev.size(), s + step); ++i)
            {
                queries.push_back(dev[i].query);
                cands.push_back(dev[i].candidates);
            }
            auto part = evaluator.decodeMentions(queries, cands, false);
            decoded.insert(decoded.end(), part.begin(), part.end());
            job.report(static_cast<double>(result.steps) / static_cast<double>(totalSteps),
                       "evaluating " + std::to_string(decoded.size()) + "/" + std::to_string(dev.size()));
        }
        if (result.cancelled)
            break;
        ScoreRule rule{g.tunePrior ? 0.0 : g.priorWeight, g.tunePrior ? false : g.meanLogProb};
        stats.dev = metricsWithRule(dev, decoded, rule);
        nlohmann::json tried = nlohmann::json::object();
        if (g.tunePrior)
            for (const auto& r : scoreRuleGrid())
            {
                const auto m = metricsWithRule(dev, decoded, r);
                tried[ruleName(r)] = core::toJson(m);
                if (m.mrr > stats.dev.mrr)
                {
                    stats.dev = m;
                    rule = r;
                }
            }
        const auto generative = metricsWithRule(dev, decoded, ScoreRule{});
        priorTable.push_back({{"epoch", epoch}, {"chosen_prior", rule.priorWeight},
                              {"chosen_mean_log_prob", rule.meanLogProb},
                              {"generative_only", core::toJson(generative)}, {"dev_by_rule", tried}});
        stats.evalSeconds = secondsSince(evalStarted);
        result.epochs.push_back(stats);
        if (o.onEpoch)
            o.onEpoch(stats);
        job.report(static_cast<double>(result.steps) / static_cast<double>(totalSteps),
                   "epoch " + std::to_string(epoch) + " dev MRR " + std::to_string(stats.dev.mrr) + " Hits@1 " +
                       std::to_string(stats.dev.hits1) + " (rule " + ruleName(rule) + "; generative only: MRR " +
                       std::to_string(generative.mrr) + " Hits@1 " + std::to_string(generative.hits1) + ")");
        if (dev.empty() || stats.dev.mrr > bestMrr)
        {
            bestMrr = stats.dev.mrr;
            bestRule = rule;
            result.bestEpoch = epoch;
            result.bestDev = stats.dev;
            stale = 0;
            best = snapshot(params, *model);
        }
        else if (++stale >= o.patience)
            break;
    }
    if (!best.empty())
        restore(params, *model, best);
    model->eval();
    if (!o.outPath.empty() && result.bestEpoch > 0)
    {
        nlohmann::json epochs = nlohmann::json::array();
        for (const auto& e : result.epochs)
            epochs.push_back({{"epoch", e.epoch}, {"train_loss", e.trainLoss}, {"dev", core::toJson(e.dev)},
                              {"train_seconds", e.trainSeconds}, {"eval_seconds", e.evalSeconds}});
        const nlohmann::json meta{{"dataset", o.dataset}, {"seed", o.seed}, {"epochs_requested", o.epochs},
                                  {"batch_size", o.batchSize}, {"learning_rate", o.learningRate},
                                  {"weight_decay", o.weightDecay}, {"top_k", o.topK},
                                  {"best_epoch", result.bestEpoch}, {"best_dev", core::toJson(result.bestDev)},
                                  {"prior_weight", bestRule.priorWeight},
                                  {"mean_log_prob", bestRule.meanLogProb}, {"prior_search", priorTable},
                                  {"train_examples", result.trainExamples}, {"dev_examples", result.devExamples},
                                  {"parameters", result.parameters}, {"characters", parts.chars.size()},
                                  {"epochs", epochs}};
        saveGemelCheckpoint(o.outPath, *model, parts.chars, *retriever, bestRule, meta.dump());
        result.checkpointPath = o.outPath;
        if (o.onCheckpoint)
            o.onCheckpoint(result);
    }
    result.undecodableImages = undecodableImagesOf(model->image());
    return result;
}

} // namespace mel::models::gemel
