// The trainer: a tiny configuration overfits a handful of mentions, runs are deterministic, cancellation stops
// within one batch, and the Store's current (human) labels are what training learns from.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <filesystem>

#include "core/store/testproject.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "mel/models/linkers.h"
#include "mel/models/trainingrun.h"
#include "modeltest.h"

namespace mel::models {
namespace {

void expectOverfits(const std::string& linker)
{
    test::TempDir dir;
    TrainingData data;
    data.train = test::smithExamples();
    data.dev = data.train;
    auto o = test::tinyTrainOptions(linker);
    o.model.usePairFeatures = false;  // every candidate has the same name score: only the model can tell them apart
    o.epochs = 40;
    if (linker == "ghmf")
    {
        // Cosine + triplet margin moves slower than MIMIC's cross-entropy: whole-set batches, more steps.
        o.epochs = 150;
        o.batchSize = 6;
    }
    o.outPath = (dir / "overfit.pt").string();
    const auto result = trainOnData(data, o);
    EXPECT_FALSE(result.cancelled);
    EXPECT_EQ(result.bestDev.hits1, 1.0) << linker << " after " << result.epochs.size() << " epochs";
    EXPECT_LT(result.epochs.back().trainLoss, result.epochs.front().trainLoss);
    // The checkpoint holds the best epoch: reloading it ranks every training mention right.
    auto linkerFromFile = loadLinker(result.checkpointPath, {"cpu", 1});
    EXPECT_EQ(evaluateLinker(*linkerFromFile, data.dev).hits1, 1.0);
}

TEST(Trainer, TinyGhmfOverfitsAHandfulOfMentions) { expectOverfits("ghmf"); }
TEST(Trainer, TinyMimicOverfitsAHandfulOfMentions) { expectOverfits("mimic"); }

TEST(Trainer, SameSeedSameRun)
{
    TrainingData data;
    data.train = test::smithExamples();
    data.dev = data.train;
    auto o = test::tinyTrainOptions("mimic");
    const auto a = trainOnData(data, o);
    const auto b = trainOnData(data, o);
    ASSERT_EQ(a.epochs.size(), b.epochs.size());
    for (std::size_t i = 0; i < a.epochs.size(); ++i)
    {
        EXPECT_EQ(a.epochs[i].trainLoss, b.epochs[i].trainLoss);
        EXPECT_EQ(a.epochs[i].dev.mrr, b.epochs[i].dev.mrr);
    }
}

TEST(Trainer, CancellationStopsWithinOneBatch)
{
    TrainingData data;
    data.train = test::smithExamples();
    data.dev = data.train;
    auto o = test::tinyTrainOptions("ghmf");
    o.batchSize = 1;
    o.epochs = 5;
    std::atomic<bool> cancel{false};
    int batches = 0;
    core::JobContext job;
    job.cancelled = &cancel;
    job.progress = [&](double, std::string_view message) {
        if (message.find(" batch ") != std::string_view::npos && ++batches == 3)
            cancel = true;  // e.g. the GUI's Cancel button, pressed while batch 3 was reported
    };
    const auto result = trainOnData(data, o, job);
    EXPECT_TRUE(result.cancelled);
    EXPECT_EQ(result.steps, 3) << "no batch may start after the cancel";
    EXPECT_EQ(result.bestEpoch, 0);
}

TEST(Trainer, EveryCheckpointWriteIsReportedWithTheRunSoFar)
{
    // A caller recording runs learns of each file as it is written, so a later failure still names it.
    test::TempDir dir;
    TrainingData data;
    data.train = test::smithExamples();
    data.dev = data.train;
    auto o = test::tinyTrainOptions("mimic");
    o.epochs = 2;
    o.patience = 5;
    o.outPath = (dir / "run.pt").string();
    std::vector<TrainResult> reports;
    o.onCheckpoint = [&](const TrainResult& sofar) {
        EXPECT_TRUE(std::filesystem::exists(sofar.checkpointPath)) << "reported after the write";
        reports.push_back(sofar);
    };
    const auto result = trainOnData(data, o);
    ASSERT_GE(reports.size(), 2u) << "epoch 1's write and the final one";
    EXPECT_EQ(reports.front().bestEpoch, 1);
    EXPECT_EQ(reports.front().epochs.size(), 1u);
    EXPECT_EQ(reports.back().bestEpoch, result.bestEpoch);
    EXPECT_EQ(reports.back().epochs.size(), result.epochs.size());
    EXPECT_EQ(reports.back().checkpointPath, o.outPath);
}

TEST(Trainer, BadOptionsAndEmptyDataAreRejected)
{
    TrainingData data;
    auto o = test::tinyTrainOptions("mimic");
    EXPECT_THROW(trainOnData(data, o), core::Error);
    data.train = test::smithExamples();
    o.linker = "no-such-linker";
    EXPECT_THROW(trainOnData(data, o), core::Error);
}

// Found by a black-box review (2026-12-05): --lr nan passed the "> 0" check, and a diverged run ended "successfully"
// with the name baseline's figures and a checkpoint every later load refused.
TEST(Trainer, ANaNLearningRateIsRejected_AndADivergedRunStopsWithAnError)
{
    test::TempDir dir;
    TrainingData data;
    data.train = test::smithExamples();
    data.dev = data.train;
    auto o = test::tinyTrainOptions("mimic");
    o.outPath = (dir / "nan.pt").string();
    for (double bad : {std::nan(""), -1.0, std::numeric_limits<double>::infinity()}) {
        o.learningRate = bad;
        EXPECT_THROW(trainOnData(data, o), core::Error) << bad;
    }
    o.learningRate = 1e-3;
    o.weightDecay = -1;
    EXPECT_THROW(trainOnData(data, o), core::Error);
    o.weightDecay = 0.01;

    o.learningRate = 1e30;  // legal, and the weights overflow within a few steps
    o.gradClip = 1e30;
    o.epochs = 3;
    try {
        trainOnData(data, o);
        ADD_FAILURE() << "a diverged training ended without an error";
    } catch (const core::Error& e) {
        EXPECT_NE(std::string(e.what()).find("diverged"), std::string::npos) << e.what();
    }
}

// A mistyped dataset name left a "failed" run in `runs` for a dataset that does not exist and a file never written.
TEST(Trainer, AMissingDatasetIsRefusedBeforeARunIsRecorded)
{
    test::TempDir dir;
    core::Store store(dir / "p.melproj");
    auto o = test::tinyTrainOptions("ghmf");
    o.dataset = "nope";
    o.outPath = (dir / "x.pt").string();
    try {
        trainRecorded(store, o);
        ADD_FAILURE() << "trained on a dataset that does not exist";
    } catch (const core::Error& e) {
        EXPECT_NE(std::string(e.what()).find("no dataset named 'nope'"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(store.runs().empty());
    o.dataset = "ds";  // (it does not exist either: the options are checked first)
    o.learningRate = std::nan("");
    EXPECT_THROW(trainRecorded(store, o), core::Error);
    EXPECT_TRUE(store.runs().empty());
    o.learningRate = 1e-3;
    o.device = "tpu";
    EXPECT_THROW(trainRecorded(store, o), core::Error);
    EXPECT_TRUE(store.runs().empty());
}

TEST(TrainingData, HumanLabelsOverrideDatasetLabels)
{
    test::TempDir dir;
    core::Store store(dir / "p.melproj");
    for (const auto& e : test::smiths())
        store.upsertEntity({0, e.qid, e.name, e.description, "{}", ""});
    const auto ds = store.insertDataset({0, "ds", "jsonl", "", "", "", "{}"});
    std::vector<core::RowId> mentions;
    int n = 0;
    for (const char* split : {"train", "train", "dev"})
    {
        core::Sample s;
        s.datasetId = ds;
        s.sourceId = "Q" + std::to_string(++n);  // source ids that look like answers must never leak into the data
        s.split = split;
        s.text = "Smith painted this landscape";
        core::Mention m;
        m.sampleId = store.insertSample(s);
        m.surface = "Smith";
        mentions.push_back(store.insertMention(m));
        store.setLabel(mentions.back(), "Q1", core::LabelSource::Dataset, "", "import");
    }
    store.setLabel(mentions[0], "Q3", core::LabelSource::Human, "ann");   // corrected by an annotator
    store.setLabel(mentions[1], core::kNil, core::LabelSource::Human, "ann");  // NIL: nothing to learn
    const auto data = loadTrainingData(store, {"ds", 10});
    ASSERT_EQ(data.train.size(), 1u);
    EXPECT_EQ(data.train[0].goldQid, "Q3");
    EXPECT_EQ(data.train[0].gold.name, "Adam Smith");
    EXPECT_EQ(data.train[0].candidates.size(), 4u);
    ASSERT_EQ(data.dev.size(), 1u);
    EXPECT_EQ(data.dev[0].goldQid, "Q1");
    EXPECT_EQ(data.devOutsideKb, 0);
    // A dev mention whose gold entity the KB lacks is left out of dev and counted (eval counts it as a miss).
    store.setLabel(mentions[2], "Q999", core::LabelSource::Human, "ann");
    const auto outside = loadTrainingData(store, {"ds", 10});
    EXPECT_TRUE(outside.dev.empty());
    EXPECT_EQ(outside.devOutsideKb, 1);
    EXPECT_THROW(loadTrainingData(store, {"nope", 10}), core::Error);
}

} // namespace
} // namespace mel::models
