// Tiny GEMEL configurations and examples shared by the GEMEL tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "linkers/gemel/gemelcheckpoint.h"
#include "linkers/gemel/gemelinput.h"
#include "linkers/gemel/gemelmodel.h"
#include "mel/core/util/error.h"
#include "mel/models/training.h"

namespace mel::test::gemel {

inline std::string demoImage(int i)
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(MEL_DEMO_IMAGES))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files.at(static_cast<std::size_t>(i) % files.size()).string();
}

inline models::ModelConfig tinyConfig()
{
    models::ModelConfig c;
    c.linker = "gemel";
    c.image.imageSize = 32;
    c.image.dim = 16;
    c.image.grid = 2;
    c.image.channels = {8};
    auto& g = c.gemel;
    g.dim = 16;
    g.heads = 2;
    g.ffn = 32;
    g.encoderLayers = 1;
    g.decoderLayers = 1;
    g.dropout = 0.0;
    g.prefixTokens = 2;
    g.demonstrations = 2;
    g.maxMention = 12;
    g.maxContext = 24;
    g.maxDemoName = 16;
    g.maxName = 24;
    g.beams = 3;
    return c;
}

inline std::vector<core::CandidateEntity> smiths()
{
    return {{"Q1", "John Smith", "", "", 90}, {"Q2", "Mary Smith", "", "", 90},
            {"Q3", "Adam Smith", "", "", 90}, {"Q4", "Anna Smith", "", "", 90},
            {"Q5", "Smithsonian", "", "", 60}};
}

// Six mentions whose gold follows from one context word; odd ones have an image.
inline std::vector<models::TrainingExample> smithExamples()
{
    const std::vector<std::pair<std::string, int>> rows{
        {"Smith painted this landscape", 0}, {"Smith scored twice for the team", 1},
        {"Smith wrote about markets", 2},    {"Smith sang at the festival", 3},
        {"Smith painted a portrait", 0},     {"Smith scored a goal", 1}};
    std::vector<models::TrainingExample> out;
    const auto all = smiths();
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        models::TrainingExample ex;
        ex.query.mentionId = static_cast<core::RowId>(i + 1);
        ex.query.surface = "Smith";
        ex.query.text = rows[i].first;
        ex.query.begin = 0;
        ex.query.end = 5;
        ex.query.imagePath = i % 2 ? demoImage(static_cast<int>(i)) : "";
        ex.gold = all[static_cast<std::size_t>(rows[i].second)];
        ex.goldQid = ex.gold.qid;
        ex.candidates = all;
        out.push_back(ex);
    }
    return out;
}

inline models::gemel::CharTable tinyChars()
{
    std::vector<std::string> texts;
    for (const auto& ex : smithExamples())
        texts.push_back(ex.query.text);
    for (const auto& e : smiths())
        texts.push_back(e.name);
    return models::gemel::CharTable::build(texts);
}

inline models::gemel::GemelModel tinyModel(std::uint64_t seed = 1, const std::string& decoderScript = "")
{
    torch::manual_seed(seed);
    models::gemel::GemelParts parts;
    parts.config = tinyConfig();
    parts.chars = tinyChars();
    parts.decoderScript = decoderScript;
    return models::gemel::buildGemelModel(parts);
}

inline std::shared_ptr<models::gemel::DemoRetriever> tinyRetriever()
{
    std::vector<models::gemel::Demonstration> bank;
    for (const auto& ex : smithExamples())
        bank.push_back({ex.query.mentionId, ex.query.surface, ex.query.text, ex.goldQid, ex.gold.name});
    return std::make_shared<models::gemel::DemoRetriever>(std::move(bank));
}

inline models::TrainOptions tinyTrainOptions()
{
    models::TrainOptions o;
    o.linker = "gemel";
    o.model = tinyConfig();
    o.epochs = 2;
    o.batchSize = 3;
    o.learningRate = 1e-2;
    o.warmupSteps = 1;
    o.threads = 1;
    o.patience = 100;
    return o;
}

} // namespace mel::test::gemel
