// GEMEL training: overfitting a handful, checkpoint round trips (native and TorchScript decoder), the Linker
// contract with its explanation, progress and cancellation.
#include <atomic>
#include <cmath>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "gemeltest.h"
#include "linkers/gemel/gemelcheckpoint.h"
#include "linkers/gemel/decoding.h"
#include "linkers/gemel/gemelinput.h"
#include "linkers/gemel/gemeltrainer.h"
#include "linkers/torchlinker.h"
#include "mel/core/linker/namelinker.h"
#include "mel/models/linkers.h"
#include "nn/scriptmodule.h"

namespace mel::models::gemel {
namespace {

using test::gemel::smithExamples;
using test::gemel::tinyTrainOptions;

std::string tempPath(const std::string& name)
{
    return (std::filesystem::temp_directory_path() /
            (name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".pt"))
        .string();
}

std::vector<std::vector<core::CandidateEntity>> candidatesOf(const std::vector<TrainingExample>& examples)
{
    std::vector<std::vector<core::CandidateEntity>> out;
    for (const auto& ex : examples)
        out.push_back(ex.candidates);
    return out;
}

std::vector<core::MentionQuery> queriesOf(const std::vector<TrainingExample>& examples)
{
    std::vector<core::MentionQuery> out;
    for (const auto& ex : examples)
        out.push_back(ex.query);
    return out;
}

// What the linker sees for one example, encoded alone: its memory and its candidates' name batch (oracle input).
struct AloneDecoding
{
    Memory memory;
    NameBatch names;
};

AloneDecoding encodeAlone(GemelModel& model, const CharTable& chars, const DemoRetriever& retriever,
                          const TrainingExample& example)
{
    const auto& g = model->config().gemel;
    AloneDecoding out;
    out.memory = model->encode(
        buildEncoderInput({example.query}, {retriever.nearest(example.query, g.demonstrations)}, retriever, chars, g));
    std::vector<std::string> names;
    for (const auto& c : example.candidates)
        names.push_back(c.name);
    out.names = nameBatch(names, chars, 1 << 20);
    return out;
}

TEST(GemelTraining, OverfitsAHandfulAndLinksThemAll)
{
    TrainingData data;
    data.train = smithExamples();
    data.dev = smithExamples();
    auto o = tinyTrainOptions();
    o.epochs = 120;
    o.batchSize = 6;
    o.model.gemel.lmWeight = 1.0;
    // The generator alone ranks (no name prior, none chosen on dev): the prior cannot tell the four "X Smith"
    // candidates apart anyway, but this way Hits@1 = 1 can only come from the trained decoder.
    o.model.gemel.tunePrior = false;
    o.model.gemel.priorWeight = 0.0;
    o.outPath = tempPath("gemel-overfit");
    const auto result = trainOnData(data, o);  // the shared entry point dispatches on linker "gemel"
    EXPECT_EQ(result.bestDev.hits1, 1.0) << "MRR " << result.bestDev.mrr;
    EXPECT_LT(result.epochs.back().trainLoss, result.epochs.front().trainLoss);
    EXPECT_GT(result.parameters, 1000);
    ASSERT_FALSE(result.checkpointPath.empty());
    // The written checkpoint links them all too (through the torch-free API).
    const auto info = inspectCheckpoint(result.checkpointPath);
    EXPECT_EQ(info.linker, "gemel");
    EXPECT_EQ(info.config.gemel.priorWeight, 0.0);
    auto linker = loadLinker(result.checkpointPath);
    EXPECT_EQ(linker->name(), "gemel");
    const auto examples = smithExamples();
    const auto ranked = linker->rank(queriesOf(examples), candidatesOf(examples), false);
    for (std::size_t i = 0; i < examples.size(); ++i)
        EXPECT_EQ(ranked[i].ranked.front().qid, examples[i].goldQid) << i;
    std::filesystem::remove(result.checkpointPath);
}

TEST(GemelTraining, CheckpointRoundTripGivesIdenticalScoresAndBeams)
{
    for (const bool scripted : {false, true})
    {
        TrainingData data;
        data.train = smithExamples();
        data.dev = smithExamples();
        auto o = tinyTrainOptions();
        o.epochs = 1;
        o.outPath = tempPath(scripted ? "gemel-rt-script" : "gemel-rt");
        if (scripted)
            o.model.gemel.decoderTorchScriptPath = std::string(MEL_GEMEL_FIXTURES) + "/gemel_decoder.pt";
        // The live curves (training dock) get every step's loss and the epoch's dev metrics, as for the others.
        std::vector<std::pair<std::int64_t, double>> batches;
        std::vector<EpochStats> epochs;
        o.onBatch = [&](std::int64_t step, double loss) { batches.emplace_back(step, loss); };
        o.onEpoch = [&](const EpochStats& stats) { epochs.push_back(stats); };
        int checkpointReports = 0;
        o.onCheckpoint = [&](const TrainResult& sofar) {
            ++checkpointReports;
            EXPECT_EQ(sofar.bestEpoch, 1);
        };
        const auto result = trainGemel(data, o);
        ASSERT_EQ(result.bestEpoch, 1);
        EXPECT_EQ(checkpointReports, 1);
        ASSERT_EQ(static_cast<std::int64_t>(batches.size()), result.steps);
        EXPECT_EQ(batches.back().first, result.steps);
        EXPECT_TRUE(std::isfinite(batches.front().second));
        ASSERT_EQ(epochs.size(), 1u);
        EXPECT_EQ(epochs[0].dev.mrr, result.bestDev.mrr);
        auto a = loadGemelLinker(o.outPath, torch::kCPU, 1);
        auto b = loadGemelLinker(o.outPath, torch::kCPU, 1);
        EXPECT_EQ(a->model()->scriptedDecoder(), scripted);
        const auto examples = smithExamples();
        const auto ra = a->rank(queriesOf(examples), candidatesOf(examples), true);
        const auto rb = b->rank(queriesOf(examples), candidatesOf(examples), true);
        for (std::size_t i = 0; i < examples.size(); ++i)
        {
            ASSERT_EQ(ra[i].ranked.size(), examples[i].candidates.size());
            for (std::size_t k = 0; k < ra[i].ranked.size(); ++k)
            {
                EXPECT_EQ(ra[i].ranked[k].qid, rb[i].ranked[k].qid);
                EXPECT_EQ(ra[i].ranked[k].score, rb[i].ranked[k].score);
            }
            EXPECT_EQ(ra[i].explanation.notes, rb[i].explanation.notes);
        }
        if (scripted)
        {
            // The fine-tuned decoder weights come from the checkpoint, not from the original file.
            const auto original = loadScriptModule(readFileBytes(o.model.gemel.decoderTorchScriptPath), "fixture",
                                                   torch::kCPU);
            const auto trained = a->model()->decoderScript()->parameters();
            bool changed = false;
            auto it = trained.begin();
            for (const auto& p : original->parameters())
                changed = changed || !torch::equal(p, *it++);
            EXPECT_TRUE(changed);
        }
        std::filesystem::remove(o.outPath);
    }
}

TEST(GemelLinker, RanksEveryCandidateOnceAndExplainsWithBeamsAndDemonstrations)
{
    auto linker = GemelLinker(test::gemel::tinyModel(4), test::gemel::tinyChars(), test::gemel::tinyRetriever(),
                              torch::kCPU, 1);
    auto examples = smithExamples();
    // A duplicate name (two QIDs) and a candidate whose name is empty.
    examples[0].candidates.push_back({"Q9", "John Smith", "", "", 10});
    examples[0].candidates.push_back({"Q10", "", "", "", 10});
    const auto results = linker.rank(queriesOf(examples), candidatesOf(examples), true);
    ASSERT_EQ(results.size(), examples.size());
    const auto& r = results[0];
    std::set<std::string> qids;
    for (const auto& c : r.ranked)
        qids.insert(c.qid);
    EXPECT_EQ(qids.size(), examples[0].candidates.size());
    EXPECT_EQ(r.ranked.back().qid, "Q10");  // an empty name can never be generated
    // Shared name: the same log-probability; the tie goes to the higher name score (Q1, 90 > Q9, 10).
    double q1 = 0, q9 = 1;
    std::size_t p1 = 0, p9 = 0;
    for (std::size_t k = 0; k < r.ranked.size(); ++k)
    {
        if (r.ranked[k].qid == "Q1")
            q1 = r.ranked[k].score, p1 = k;
        if (r.ranked[k].qid == "Q9")
            q9 = r.ranked[k].score, p9 = k;
    }
    EXPECT_EQ(q1, q9);
    EXPECT_LT(p1, p9);
    int beams = 0, demos = 0;
    for (const auto& note : r.explanation.notes)
    {
        beams += note.rfind("beam ", 0) == 0;
        demos += note.rfind("demo ", 0) == 0;
    }
    EXPECT_EQ(beams, 3);  // config.gemel.beams
    EXPECT_EQ(demos, 2);  // config.gemel.demonstrations
    EXPECT_EQ(r.explanation.unitScores.at("log p(name)").size(), r.ranked.size());
    // Scores are a distribution over the distinct candidate names (prior 0).
    double total = 0;
    for (const auto& c : r.ranked)
        if (c.score > -1e8 && c.qid != "Q9")
            total += std::exp(c.score);
    EXPECT_NEAR(total, 1.0, 1e-4);
}

// Ranking computes the output layer over the candidates' characters only: the constrained log-probabilities
// must be those of the full character table.
TEST(GemelLinker, RestrictedOutputVocabularyGivesTheFullTableScores)
{
    auto model = test::gemel::tinyModel(3);
    const auto chars = test::gemel::tinyChars();
    const auto retriever = test::gemel::tinyRetriever();
    GemelLinker linker(model, chars, retriever, torch::kCPU, 1);
    const auto examples = smithExamples();
    const auto decoded = linker.decodeMentions(queriesOf(examples), candidatesOf(examples), false);
    torch::NoGradGuard noGrad;
    model->eval();
    for (std::size_t i = 0; i < examples.size(); ++i)
    {
        const auto [memory, nb] = encodeAlone(model, chars, *retriever, examples[i]);
        const auto full = constrainedTokenLogProbs(model->decode(memory, nb.inputs), nb.targets,
                                                   allowedMask(buildTrie(nb.tokens), nb.targets, model->vocabularySize()))
                              .sum(1);
        ASSERT_EQ(decoded[i].logProbs.size(), examples[i].candidates.size());
        for (std::size_t k = 0; k < examples[i].candidates.size(); ++k)
        {
            EXPECT_NEAR(decoded[i].logProbs[k], full[static_cast<std::int64_t>(k)].item<double>(), 1e-4) << i << " " << k;
            EXPECT_EQ(decoded[i].lengths[k], static_cast<int>(nb.tokens[k].size()) + 1);
        }
    }
}

// The explanation's beams come from the ranking pass (no decoder call): they are the decoder-driven search's.
TEST(GemelLinker, ExplanationBeamsAreTheDecoderDrivenSearchs)
{
    auto model = test::gemel::tinyModel(6);
    const auto chars = test::gemel::tinyChars();
    const auto retriever = test::gemel::tinyRetriever();
    GemelLinker linker(model, chars, retriever, torch::kCPU, 1);
    auto examples = smithExamples();
    examples[1].candidates.push_back({"Q9", "John Smith", "", "", 10});  // a shared name
    examples[2].candidates.push_back({"Q11", "John Smithson", "", "", 10});  // a name with another as prefix
    const auto decoded = linker.decodeMentions(queriesOf(examples), candidatesOf(examples), true);
    torch::NoGradGuard noGrad;
    const auto& g = model->config().gemel;
    for (std::size_t i = 0; i < examples.size(); ++i)
    {
        const auto [memory, nb] = encodeAlone(model, chars, *retriever, examples[i]);
        std::size_t longest = 0;
        for (const auto& t : nb.tokens)
            longest = std::max(longest, t.size());
        const auto oracle = beamSearch(*model, memory, buildTrie(nb.tokens), g.beams, static_cast<int>(longest));
        ASSERT_EQ(decoded[i].beams.size(), oracle.size());
        for (std::size_t b = 0; b < oracle.size(); ++b)
        {
            EXPECT_EQ(decoded[i].beams[b].tokens, oracle[b].tokens) << i << " " << b;
            EXPECT_EQ(decoded[i].beams[b].entities, oracle[b].entities) << i << " " << b;
            EXPECT_NEAR(decoded[i].beams[b].logProb, oracle[b].logProb, 1e-4) << i << " " << b;
        }
    }
}

// The name prior is the name baseline's key: ordering by it alone gives the name baseline's ranking, and a
// prior weight far above the log-probabilities keeps that order and lets log p decide only among equal priors.
TEST(GemelLinker, NamePriorReproducesTheNameBaselineAndLogPBreaksItsTies)
{
    core::MentionQuery q;
    q.surface = "John Smith";
    q.text = "John Smith painted it";
    const std::vector<core::CandidateEntity> cands{{"Q1", "Smith", "", "", 0},
                                                   {"Q2", "John Smith", "", "", 0},
                                                   {"Q3", "Jon Smith", "", "", 0},
                                                   {"Q4", "John Smithers", "", "", 0},
                                                   {"Q5", "Mary Jones", "", "", 0}};
    const auto priors = namePriors(q, cands);
    core::NameLinker baseline;
    const auto names = baseline.rank({q}, {cands}, false).at(0).ranked;
    MentionDecoding d;
    d.priors = priors;
    d.logProbs = {-1.0, -9.0, -2.0, -3.0, -0.5};
    d.lengths = {6, 11, 10, 14, 11};
    const auto byPrior = rankOrder(combinedScores(d, ScoreRule{1e6, false}), cands);
    ASSERT_EQ(byPrior.size(), names.size());
    for (std::size_t k = 0; k < names.size(); ++k)
        EXPECT_EQ(cands[static_cast<std::size_t>(byPrior[k])].qid, names[k].qid) << k;
    // Prior 0: log p alone (Q5 first); per character: log p / length.
    EXPECT_EQ(rankOrder(combinedScores(d, ScoreRule{}), cands).front(), 4);
    const auto mean = combinedScores(d, ScoreRule{0, true});
    EXPECT_DOUBLE_EQ(mean[1], -9.0 / 11);
    // Equal priors: log p decides.
    d.priors.assign(cands.size(), 0.5);
    EXPECT_EQ(rankOrder(combinedScores(d, ScoreRule{1e4, false}), cands).front(), 4);
    // Impossible names stay last whatever the rule.
    d.logProbs[4] = -1e9;
    EXPECT_EQ(rankOrder(combinedScores(d, ScoreRule{0, true}), cands).back(), 4);
}

TEST(GemelTraining, ReportsProgressAndStopsWhenCancelled)
{
    TrainingData data;
    data.train = smithExamples();
    auto o = tinyTrainOptions();
    o.epochs = 5;
    o.batchSize = 2;
    std::atomic<bool> cancel{false};
    int reports = 0;
    core::JobContext job;
    job.cancelled = &cancel;
    job.progress = [&](double, std::string_view message) {
        ++reports;
        if (message.find("batch 2/") != std::string_view::npos)
            cancel = true;
    };
    const auto result = trainGemel(data, o, job);
    EXPECT_TRUE(result.cancelled);
    EXPECT_EQ(result.steps, 2);  // stopped before the third batch
    EXPECT_GT(reports, 0);
}

TEST(GemelTraining, RejectsBadOptions)
{
    TrainingData data;
    auto o = tinyTrainOptions();
    EXPECT_THROW(trainGemel(data, o), core::Error);  // no examples
    data.train = smithExamples();
    o.batchSize = 0;
    EXPECT_THROW(trainGemel(data, o), core::Error);
}

} // namespace
} // namespace mel::models::gemel
