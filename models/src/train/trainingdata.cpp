// Training examples from a project: the Store's current labels (human corrections override dataset labels) and
// the WRatio candidate index — the same candidates linkSplit gives the linker at evaluation time.
#include "mel/models/training.h"

#include "mel/core/kb/wratio.h"
#include "mel/core/pipeline/kbcandidates.h"
#include "mel/core/pipeline/linkjob.h"
#include "mel/core/store/browse.h"
#include "mel/core/util/error.h"

namespace mel::models {

namespace {

std::vector<TrainingExample> examplesOf(core::Store& store, const core::KbCandidates& kb, const DataOptions& options,
                                        const std::string& split, int limit, const core::JobContext& job,
                                        int* outsideKb = nullptr)
{
    const auto mentions = core::loadSplitMentions(store, options.dataset, split);
    std::vector<TrainingExample> out;
    out.reserve(mentions.queries.size());
    for (std::size_t i = 0; i < mentions.queries.size() && (limit <= 0 || out.size() < static_cast<std::size_t>(limit)); ++i)
    {
        if (i % 256 == 0)
        {
            if (job.isCancelled())
                throw core::Error(core::ErrorCode::Cancelled, "loading training data cancelled");
            job.report(0, "candidates for " + split + ": " + std::to_string(i) + "/" +
                              std::to_string(mentions.queries.size()));
        }
        const std::string& label = mentions.labels[i];
        if (!core::isQid(label))
            continue;  // NIL, AMBIGUOUS or unlabelled: nothing to learn from
        const core::Entity* entity = kb.entity(label);
        if (!entity) {
            if (outsideKb)
                ++*outsideKb;
            continue;  // a label outside the KB cannot be a training target
        }
        TrainingExample ex;
        ex.query = mentions.queries[i];
        ex.goldQid = label;
        ex.candidates = kb.candidates(ex.query.surface, options.topK);
        double goldScore = -1;
        for (const auto& c : ex.candidates)
            if (c.qid == label)
                goldScore = c.nameScore;
        if (goldScore < 0)
            goldScore = core::fuzz::wratio(ex.query.surface, entity->name);
        ex.gold = kb.toCandidate(*entity, goldScore);
        out.push_back(std::move(ex));
    }
    return out;
}

} // namespace

TrainingData loadTrainingData(core::Store& store, const DataOptions& options, const core::JobContext& job)
{
    core::requireDataset(store, options.dataset);
    job.report(0, "building the candidate index");
    const core::KbCandidates kb(store);
    TrainingData data;
    data.train = examplesOf(store, kb, options, options.trainSplit, options.maxTrainExamples, job);
    if (!options.devSplit.empty())
        data.dev = examplesOf(store, kb, options, options.devSplit, options.maxDevExamples, job, &data.devOutsideKb);
    return data;
}

} // namespace mel::models
