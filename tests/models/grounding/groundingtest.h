// Shared by the grounding option tests: tiny models over the Smith examples, with reference images on the candidates.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "linkers/pairfeatures.h"
#include "linkers/torchlinker.h"
#include "mel/models/linkers.h"
#include "models/linkers/modeltest.h"

namespace mel::test {

inline std::shared_ptr<models::LinkerModelImpl> tinyWith(const models::ModelConfig& config,
                                                         std::uint64_t seed = 1)
{
    torch::manual_seed(seed);
    models::ModelParts parts;
    parts.config = config;
    parts.vocabulary = models::Vocabulary::build(vocabularyTexts(), parts.config.text);
    return models::buildModel(parts);
}

// Candidates with reference images, so the image options have something to read.
inline std::vector<core::CandidateEntity> smithsWithImages()
{
    auto all = smiths();
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i].imagePath = demoImage(static_cast<int>(i) + 2);
    return all;
}

// Every Smith example ranked against the Smiths with images, scores in order; `first` gets the explanation of the
// example with an image.
inline std::vector<double> rankSmiths(core::Linker& linker, bool explain = false, core::Explanation* first = nullptr)
{
    std::vector<core::MentionQuery> queries;
    std::vector<std::vector<core::CandidateEntity>> candidates;
    for (const auto& ex : smithExamples())
    {
        queries.push_back(ex.query);
        candidates.push_back(smithsWithImages());
    }
    std::vector<double> out;
    const auto results = linker.rank(queries, candidates, explain);
    for (const auto& r : results)
        for (const auto& c : r.ranked)
            out.push_back(c.score);
    if (first)
        *first = results.at(1).explanation;  // smithExamples()[1] has an image
    return out;
}

inline std::vector<double> scores(models::LinkerModelImpl& model, bool explain = false,
                                  core::Explanation* first = nullptr)
{
    const std::shared_ptr<models::LinkerModelImpl> unowned(&model, [](models::LinkerModelImpl*) {});
    models::TorchLinker linker(unowned, torch::kCPU, 1);
    return rankSmiths(linker, explain, first);
}

// The scores a checkpoint gives once loaded back.
inline std::vector<double> scoresFromCheckpoint(const std::string& path)
{
    return rankSmiths(*models::loadLinker(path, {"cpu", 1}));
}

inline std::set<std::string> parameterNames(const models::LinkerModelImpl& model)
{
    std::set<std::string> names;
    for (const auto& p : model.named_parameters())
        names.insert(p.key());
    return names;
}

// One forward pass of every Smith example against the four Smiths with images (random pair features), as a
// training step sees it.
struct SmithForward
{
    models::EncodedSide mentions;
    models::ScoreOutput scores;
    std::int64_t batch = 0;
};

inline SmithForward forwardSmiths(models::LinkerModelImpl& model)
{
    std::vector<core::MentionQuery> queries;
    for (const auto& ex : smithExamples())
        queries.push_back(ex.query);
    SmithForward f;
    f.batch = static_cast<std::int64_t>(queries.size());
    f.mentions = model.encodeMentions(queries, false);
    auto e = model.encodeEntities(smithsWithImages());
    f.scores = model.score(f.mentions, e, torch::arange(4, torch::kLong).repeat({f.batch, 1}),
                           torch::rand({f.batch, 4, models::kPairFeatureCount}));
    return f;
}

// The training loss of that pass (gold: Smith 0, 1, 2, 3, 0, 1), back-propagated.
inline void backwardSmithLoss(models::LinkerModelImpl& model, const SmithForward& f)
{
    model.loss(f.mentions, f.scores, torch::tensor({0, 1, 2, 3, 0, 1}, torch::kLong),
               torch::ones({f.batch, 4}, torch::kBool))
        .backward();
}

template <typename T>
double sumOf(const std::vector<T>& values)
{
    double sum = 0;
    for (const T v : values)
        sum += v;
    return sum;
}

} // namespace mel::test
