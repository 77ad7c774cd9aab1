// The grounding benchmark end to end: generate, write, import, train full + text-only, evaluate, point.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>

#include <torch/torch.h>

#include "linkers/gemel/gemelcheckpoint.h"
#include "linkers/torchlinker.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "mel/models/grounding.h"
#include "mel/models/linkers.h"
#include "mel/models/training.h"
#include "train/checkpoint.h"

namespace mel::models {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Removes the temporary work folder on every way out, unless asked to keep it.
struct WorkDir
{
    fs::path path;
    bool remove = false;
    ~WorkDir()
    {
        if (remove)
        {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    }
};

std::vector<std::string> vocabularyTexts(const TrainingData& data)
{
    std::vector<std::string> texts;
    for (const auto& ex : data.train)
    {
        texts.push_back(ex.query.surface);
        texts.push_back(ex.query.text);
        for (const auto& c : ex.candidates)
        {
            texts.push_back(c.name);
            texts.push_back(c.description);
        }
    }
    return texts;
}

// Linkers with their own generative model (trained by trainOnData, loaded by loadLinker) that the scoring-model
// registry below does not build: their random-initialisation control is built from their own parts (randomControl).
const std::vector<std::string> kOwnModelLinkers{"gemel"};

bool ownModel(const std::string& linker)
{
    return std::find(kOwnModelLinkers.begin(), kOwnModelLinkers.end(), linker) != kOwnModelLinkers.end();
}

// Whether the model registry (makeLinkerModel) builds this linker with `config`: "" when it does, else why not.
std::string registryError(const std::string& linker, const ModelConfig& config)
{
    ModelParts parts;
    parts.config = config;
    parts.config.linker = linker;
    parts.vocabulary = Vocabulary::build({"probe"}, parts.config.text);
    try
    {
        (void)buildModel(parts);
        return {};
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
}

struct TestOutcome
{
    core::RankingMetrics metrics;
    int pointed = 0;
    int hits = 0;
    int hitsTolerant = 0;
    int candidatePointed = 0;  // the candidate-conditioned map (candidateAttention)
    int candidateHits = 0;
    int candidateHitsTolerant = 0;
    std::vector<std::pair<std::string, std::pair<int, int>>> perMap;  // name -> (hits, pointed)
};

TestOutcome evaluateTest(core::Linker& linker, const std::vector<TrainingExample>& test,
                         const std::vector<std::optional<core::BoundingBox>>& boxes, double imageSize, bool explain,
                         double tolerance, const core::JobContext& job)
{
    TestOutcome out;
    std::vector<core::GoldRank> ranks;
    int k = 0;
    for (const auto& ex : test)
        k = std::max(k, static_cast<int>(ex.candidates.size()));
    constexpr std::size_t kBatch = 32;
    for (std::size_t start = 0; start < test.size(); start += kBatch)
    {
        if (job.isCancelled())
            throw core::Error(core::ErrorCode::Cancelled, "grounding bench cancelled");
        const std::size_t end = std::min(test.size(), start + kBatch);
        std::vector<core::MentionQuery> queries;
        std::vector<std::vector<core::CandidateEntity>> candidates;
        for (std::size_t i = start; i < end; ++i)
        {
            queries.push_back(test[i].query);
            candidates.push_back(test[i].candidates);
        }
        const auto results = linker.rank(queries, candidates, explain);
        for (std::size_t i = start; i < end; ++i)
        {
            const auto& result = results.at(i - start);
            ranks.push_back(core::goldRankIn(result.ranked, test[i].goldQid));
            if (!explain || !boxes[i] || test[i].query.imagePath.empty())
                continue;
            if (const auto candidate = candidateAttention(result.explanation))
            {
                ++out.candidatePointed;
                out.candidateHits += pointingGame(*candidate, imageSize, imageSize, *boxes[i]).hit;
                out.candidateHitsTolerant += pointingGame(*candidate, imageSize, imageSize, *boxes[i], tolerance).hit;
            }
            const auto attention = mentionAttention(result.explanation);
            if (!attention)
                continue;
            ++out.pointed;
            out.hits += pointingGame(*attention, imageSize, imageSize, *boxes[i]).hit;
            out.hitsTolerant += pointingGame(*attention, imageSize, imageSize, *boxes[i], tolerance).hit;
            for (const auto& name : attention->maps)
            {
                const auto single = mentionAttention(result.explanation, name);
                auto it = std::find_if(out.perMap.begin(), out.perMap.end(), [&](const auto& p) { return p.first == name; });
                if (it == out.perMap.end())
                    it = out.perMap.emplace(out.perMap.end(), name, std::make_pair(0, 0));
                it->second.first += pointingGame(*single, imageSize, imageSize, *boxes[i]).hit;
                ++it->second.second;
            }
        }
    }
    out.metrics = core::computeMetrics(ranks, k);
    return out;
}

// The same examples with every image path removed: the text-only runs see no image even through a linker that
// reads image paths itself (ModelConfig::ignoreImages is set as well).
std::vector<TrainingExample> withoutImages(std::vector<TrainingExample> examples)
{
    for (auto& ex : examples)
    {
        ex.query.imagePath.clear();
        ex.gold.imagePath.clear();
        for (auto& c : ex.candidates)
            c.imagePath.clear();
    }
    return examples;
}

double rate(int hits, int n)
{
    return n > 0 ? static_cast<double>(hits) / n : -1;
}

// What every linker's runs share: the imported data, the test boxes, where to write checkpoints.
struct Prepared
{
    TrainingData data;
    TrainingData textData;                   // the same without image paths
    std::vector<TrainingExample> test;
    std::vector<TrainingExample> textTest;
    std::vector<std::optional<core::BoundingBox>> boxes;  // per test example
    double imageSize = 0;
    int entities = 0;
    fs::path workDir;
};

// A job context reporting into [begin, end) of the parent's progress with a prefix.
core::JobContext subJob(const core::JobContext& job, double begin, double end, std::string prefix)
{
    core::JobContext sub = job;
    sub.progress = [&job, begin, end, prefix = std::move(prefix)](double f, std::string_view message) {
        job.report(begin + f * (end - begin), prefix + ": " + std::string(message));
    };
    return sub;
}

// Trains `name` with and without images, evaluates both on test, and plays the pointing game with the trained
// model and with a randomly initialised one. Progress in [begin, end) of `job`.
GroundingLinkerResult runLinker(const std::string& name, const GroundingBenchOptions& o, const Prepared& p,
                                const core::JobContext& job, double begin, double end)
{
    GroundingLinkerResult row;
    row.linker = name;
    const double third = (end - begin) / 3.0;
    const auto recipe = groundingRecipe(name);
    row.epochs = o.epochs > 0 ? o.epochs : recipe.epochs;
    const auto available = static_cast<int>(p.data.train.size());
    row.trainMentions = std::min(available, o.trainMentions > 0 ? o.trainMentions : recipe.trainMentions);
    // The first trainMentions of the train split, with and without images; dev and test are the same for all.
    const auto firstMentions = [&](const std::vector<TrainingExample>& all) {
        return std::vector<TrainingExample>(all.begin(), all.begin() + row.trainMentions);
    };
    const TrainingData data{firstMentions(p.data.train), p.data.dev};
    const TrainingData textData{firstMentions(p.textData.train), p.textData.dev};

    TrainOptions train;
    train.dataset = "grounding";
    train.linker = name;
    train.epochs = row.epochs;
    train.seed = o.spec.seed;
    train.topK = p.entities;
    train.hardNegatives = o.hardNegatives;
    train.hardPool = std::max(1, o.spec.maxMembers);  // the best-named candidates: the gold's namesakes
    train.batchSize = o.batchSize;
    train.learningRate = o.learningRate;
    train.threads = o.threads;
    train.patience = std::max(2, row.epochs);
    const std::int64_t steps =
        static_cast<std::int64_t>(row.epochs) * ((static_cast<std::int64_t>(row.trainMentions) + o.batchSize - 1) / o.batchSize);
    train.warmupSteps = static_cast<int>(std::clamp<std::int64_t>(steps / 10, 1, 100));
    train.model = o.model;
    train.model.linker = name;

    for (const bool textOnly : {false, true})
    {
        if (textOnly && !o.textOnly)
            continue;
        const double at = begin + (textOnly ? third : 0.0);
        train.model.ignoreImages = textOnly;
        train.outPath = (p.workDir / (name + (textOnly ? "-text-only.pt" : "-full.pt"))).string();
        const auto trained = trainOnData(textOnly ? textData : data, train,
                                         subJob(job, at, at + third, name + (textOnly ? " text-only" : " full")));
        if (trained.cancelled)
            throw core::Error(core::ErrorCode::Cancelled, "grounding bench cancelled");
        double seconds = 0;
        double cpuSeconds = 0;
        std::vector<GroundingEpoch> curve;
        for (const auto& e : trained.epochs)
        {
            seconds += e.trainSeconds;
            cpuSeconds += e.trainCpuSeconds;
            curve.push_back({e.epoch, e.trainLoss, e.dev.hits1, e.dev.mrr, e.trainCpuSeconds});
        }
        LoadOptions load;
        load.threads = o.threads;
        auto linker = loadLinker(train.outPath, load);
        const auto outcome = evaluateTest(*linker, textOnly ? p.textTest : p.test, p.boxes, p.imageSize, !textOnly,
                                          o.pointingTolerance, job);
        if (textOnly)
        {
            row.textOnly = outcome.metrics;
            row.trainSecondsTextOnly = seconds;
            row.trainCpuSecondsTextOnly = cpuSeconds;
            row.bestEpochTextOnly = trained.bestEpoch;
            row.curveTextOnly = std::move(curve);
            continue;
        }
        row.full = outcome.metrics;
        row.trainSecondsFull = seconds;
        row.trainCpuSecondsFull = cpuSeconds;
        row.bestEpochFull = trained.bestEpoch;
        row.curveFull = std::move(curve);
        row.pointingMentions = outcome.pointed;
        row.pointingTrained = rate(outcome.hits, outcome.pointed);
        row.pointingTrainedTolerant = rate(outcome.hitsTolerant, outcome.pointed);
        row.pointingCandidateMentions = outcome.candidatePointed;
        row.pointingCandidateTrained = rate(outcome.candidateHits, outcome.candidatePointed);
        row.pointingCandidateTrainedTolerant = rate(outcome.candidateHitsTolerant, outcome.candidatePointed);
        for (const auto& [map, counts] : outcome.perMap)
            row.pointingPerMap.emplace_back(map, rate(counts.first, counts.second));
    }

    // Control: the same architecture and vocabulary with random weights.
    job.report(begin + 2 * third, name + ": random-initialisation control");
    torch::manual_seed(o.spec.seed);
    std::unique_ptr<core::Linker> randomInit;
    if (ownModel(name))
    {
        // GEMEL: a fresh model with the trained one's config, character table and demonstration bank.
        const auto trained = gemel::loadGemelLinker((p.workDir / (name + "-full.pt")).string(), torch::kCPU, o.threads);
        torch::manual_seed(o.spec.seed);
        gemel::GemelParts parts;
        parts.config = trained->model()->config();
        parts.chars = trained->chars();
        if (trained->model()->image()->scripted())
            parts.imageScript = trained->model()->image()->scriptBytes();
        parts.decoderScript = trained->model()->decoderScriptBytes();
        randomInit = std::make_unique<gemel::GemelLinker>(gemel::buildGemelModel(parts), parts.chars,
                                                          trained->retrieverPtr(), torch::kCPU, o.threads);
    }
    else
    {
        ModelParts parts;
        parts.config = o.model;
        parts.config.linker = name;
        parts.vocabulary = Vocabulary::build(vocabularyTexts(data), parts.config.text);
        randomInit = std::make_unique<TorchLinker>(buildModel(parts), torch::kCPU, o.threads);
    }
    const auto control = evaluateTest(*randomInit, p.test, p.boxes, p.imageSize, true, o.pointingTolerance, job);
    row.pointingRandomInit = rate(control.hits, control.pointed);
    row.pointingRandomInitTolerant = rate(control.hitsTolerant, control.pointed);
    row.pointingCandidateRandomInit = rate(control.candidateHits, control.candidatePointed);
    row.pointingCandidateRandomInitTolerant = rate(control.candidateHitsTolerant, control.candidatePointed);
    return row;
}

} // namespace

GroundingRecipe groundingRecipe(const std::string& linker)
{
    // Hits@1 full / text-only with these recipes, seed 1 (README, "Grounding benchmark", 2026-12-04).
    if (linker == "ghmf" || linker == "dwe")
        return {2000, 8};  // GHMF 0.983 / 0.273, DWE 0.970 / 0.287
    if (linker == "gemel")
        return {4000, 16};  // 0.967 / 0.310 (8 epochs: 0.853)
    return {4000, 8};       // MIMIC 0.837 / 0.270
}

ModelConfig groundingModelConfig()
{
    ModelConfig c;
    // 56 px input, one 16-channel stage and the 64-channel stage give a 14 x 14 map (8 px cells of the 112 px
    // scene), one residual context block lets each cell see its object's shape (the grounding probe: strict
    // pointing 0.61 -> 0.845, same-coloured distractors 8.5% -> 2% of the misses).
    c.image.imageSize = 56;
    c.image.channels = {16};
    c.image.dim = 64;
    c.image.grid = 14;
    c.image.context = {1};
    c.text.minCount = 1;  // first names occur once in the KB: give them their own word vectors
    // MIMIC's VDLU looks for each candidate in the mention image: the candidate-conditioned map of the pointing
    // game. The candidate's text (its description names colour, fill and shape) is the query, the best cell alone
    // gives the match (so the map's argmax is the cell that decided), and the units start at weight 0.5 beside
    // the pair features (which cannot tell namesakes apart here). 4,000 x 8: Hits@1 0.797 (dev 0.770), candidate
    // map 0.423 strict against 0.117 random init; with unit_scale 0.05 0.780 / 0.327 (dev 0.705).
    c.mimic.vdluAttention = true;
    c.mimic.vdluQuery = "text";
    c.mimic.vdluMatch = "max";
    c.mimic.unitScale = 0.5;
    // GHMF and DWE meet the candidate's reference image only through whole-item vectors (GHMF) or not at all (DWE):
    // both stay at chance here. Their image match lets each candidate look for its reference image among the
    // mention's text-guided patches.
    // GHMFC's text/image InfoNCE pulls the image projection that the match shares toward the sentence's mean and
    // slows the match down: 2,000 x 8 Hits@1 0.560 with it, 0.885 without (7 x 7 grid; the text-only ablation has
    // no image rows, so the term never acts there).
    c.ghmf.imageMatch = "attention";
    c.ghmf.contrastiveWeight = 0;
    c.dwe.imageMatch = "attention";
    // GEMEL's prefix maps the scene's global feature, a mean over every object, which cannot tie a colour to the
    // named shape (Hits@1 0.280 vs 0.265 text-only): the mention's characters pick the patches the prefix reads.
    // 4,000 x 8 epochs, Hits@1 of the full model: global prefix 0.330, attention prefix 0.660. Its demonstrations
    // (retrieved training mentions of the same surname, i.e. a random family member's name) carry nothing here and
    // dilute the prefix among ~140 memory states: without them 0.540 -> 0.607 for an earlier variant, at 60% of
    // the CPU time.
    c.gemel.prefixSource = "attention";
    c.gemel.demonstrations = 0;
    return c;
}

GroundingBenchResult runGroundingBench(const GroundingBenchOptions& o, const core::JobContext& job)
{
    const auto started = Clock::now();
    const std::clock_t cpuStarted = std::clock();
    GroundingBenchResult result;
    result.spec = o.spec;

    WorkDir work;
    if (o.workDir.empty())
    {
        std::random_device device;
        work.path = fs::temp_directory_path() / ("mel-grounding-" + std::to_string(device()) + "-" +
                                                 std::to_string(o.spec.seed));
        work.remove = !o.keepWorkDir;
    }
    else
        work.path = o.workDir;
    fs::create_directories(work.path);

    job.report(0, "generating the grounding dataset");
    const auto dataset = makeGroundingDataset(o.spec);
    const auto files = writeGroundingDataset(dataset, work.path / "data");
    result.entities = static_cast<int>(dataset.entities.size());
    const auto projectFile = work.path / "grounding.melproj";
    core::removeProjectFile(projectFile);
    core::Store store(projectFile);
    importGroundingDataset(store, files, "grounding", job);

    // Every entity is a candidate (the gold is never missed); the ranking among same-surname entities is the task.
    Prepared p;
    p.entities = result.entities;
    p.imageSize = o.spec.imageSize;
    p.workDir = work.path;
    DataOptions dataOptions;
    dataOptions.dataset = "grounding";
    dataOptions.topK = result.entities;
    p.data = loadTrainingData(store, dataOptions, job);
    dataOptions.trainSplit = "test";
    dataOptions.devSplit.clear();
    p.test = loadTrainingData(store, dataOptions, job).train;
    // The box is the answer's place: keep it for the pointing game, never show it to a linker.
    for (auto& ex : p.test)
    {
        p.boxes.push_back(ex.query.box);
        ex.query.box.reset();
    }
    for (auto* split : {&p.data.train, &p.data.dev})
        for (auto& ex : *split)
            ex.query.box.reset();
    p.textData = TrainingData{withoutImages(p.data.train), withoutImages(p.data.dev)};
    p.textTest = withoutImages(p.test);
    result.trainMentions = static_cast<int>(p.data.train.size());
    result.devMentions = static_cast<int>(p.data.dev.size());
    result.testMentions = static_cast<int>(p.test.size());
    result.chance = textOnlyChance(dataset, "test");
    double cellSum = 0;
    double cellSumTolerant = 0;
    int boxes = 0;
    for (const auto& box : p.boxes)
        if (box)
        {
            cellSum += randomCellHitRate(o.model.image.grid, o.model.image.grid, p.imageSize, p.imageSize, *box);
            cellSumTolerant += randomCellHitRate(o.model.image.grid, o.model.image.grid, p.imageSize, p.imageSize,
                                                 *box, o.pointingTolerance);
            ++boxes;
        }
    result.randomCell = boxes ? cellSum / boxes : 0;
    result.pointingTolerance = o.pointingTolerance;
    result.randomCellTolerant = boxes ? cellSumTolerant / boxes : 0;

    std::vector<std::string> linkers;
    for (const auto& name : o.linkers.empty() ? kGroundingLinkers : o.linkers)
    {
        const auto error = ownModel(name) ? std::string() : registryError(name, o.model);
        if (error.empty())
            linkers.push_back(name);
        else
            result.notes.push_back("linker '" + name + "' skipped: the model registry cannot build it (" + error + ")");
    }
    for (std::size_t i = 0; i < linkers.size(); ++i)
    {
        const double share = 1.0 / static_cast<double>(linkers.size());
        try
        {
            result.linkers.push_back(runLinker(linkers[i], o, p, job, i * share, (i + 1) * share));
        }
        catch (const core::Error& e)
        {
            if (e.code() == core::ErrorCode::Cancelled)
                throw;
            result.notes.push_back("linker '" + linkers[i] + "' failed: " + e.what());
        }
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    result.cpuSeconds = static_cast<double>(std::clock() - cpuStarted) / CLOCKS_PER_SEC;
    job.report(1, "grounding bench done");
    return result;
}

} // namespace mel::models
