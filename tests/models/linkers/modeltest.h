// Tiny configurations and synthetic examples shared by the models tests (fast: a few thousand parameters).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "linkers/linkermodel.h"
#include "mel/core/util/error.h"
#include "mel/models/training.h"
#include "train/checkpoint.h"

namespace mel::test {

inline std::string demoImage(int i)
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(MEL_DEMO_IMAGES))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files.at(static_cast<std::size_t>(i) % files.size()).string();
}

inline models::ModelConfig tinyConfig(const std::string& linker)
{
    models::ModelConfig c;
    c.linker = linker;
    c.text.dim = 16;
    c.text.layers = 1;
    c.text.heads = 2;
    c.text.ffn = 32;
    c.text.dropout = 0.0;
    c.text.maxLength = 24;
    c.text.minCount = 1;
    c.text.buckets = 512;
    c.image.imageSize = 32;
    c.image.dim = 16;
    c.image.grid = 3;
    c.image.channels = {8};
    c.ghmf.dim = 16;
    c.ghmf.heads = 2;
    c.ghmf.layers = 2;
    c.ghmf.ffn = 32;
    c.ghmf.dropout = 0.0;
    c.ghmf.outDim = 16;
    c.ghmf.maxTokens = 16;
    c.mimic.hidden = 16;
    return c;
}

// Four "Smith"s that the surface cannot tell apart: only the sentence/description words can.
inline std::vector<core::CandidateEntity> smiths()
{
    return {{"Q1", "John Smith", "Occupation: painter. Country: France.", "", 90},
            {"Q2", "Mary Smith", "Occupation: footballer. Country: Brazil.", "", 90},
            {"Q3", "Adam Smith", "Occupation: economist. Country: Scotland.", "", 90},
            {"Q4", "Anna Smith", "Occupation: singer. Country: Canada.", "", 90}};
}

inline core::MentionQuery mention(core::RowId id, const std::string& text, const std::string& image = "")
{
    core::MentionQuery q;
    q.mentionId = id;
    q.surface = "Smith";
    q.text = text;
    q.imagePath = image;
    return q;
}

// Six mentions whose gold follows from one context word.
inline std::vector<models::TrainingExample> smithExamples()
{
    const std::vector<std::pair<std::string, int>> rows{
        {"Smith painted this landscape near the river", 0}, {"Smith scored twice for the national team", 1},
        {"Smith wrote about markets and trade", 2},         {"Smith sang at the festival", 3},
        {"Smith exhibited a painting in France", 0},        {"Smith played football in Brazil", 1}};
    std::vector<models::TrainingExample> out;
    const auto all = smiths();
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        models::TrainingExample ex;
        ex.query = mention(static_cast<core::RowId>(i + 1), rows[i].first, i % 2 ? demoImage(static_cast<int>(i)) : "");
        ex.gold = all[static_cast<std::size_t>(rows[i].second)];
        ex.goldQid = ex.gold.qid;
        ex.candidates = all;
        out.push_back(ex);
    }
    return out;
}

inline std::vector<std::string> vocabularyTexts()
{
    std::vector<std::string> texts;
    for (const auto& ex : smithExamples())
        texts.push_back(ex.query.text);
    for (const auto& e : smiths())
    {
        texts.push_back(e.name);
        texts.push_back(e.description);
    }
    return texts;
}

inline std::shared_ptr<models::LinkerModelImpl> tinyModel(const std::string& linker, std::uint64_t seed = 1)
{
    torch::manual_seed(seed);
    models::ModelParts parts;
    parts.config = tinyConfig(linker);
    parts.vocabulary = models::Vocabulary::build(vocabularyTexts(), parts.config.text);
    return models::buildModel(parts);
}

inline models::TrainOptions tinyTrainOptions(const std::string& linker)
{
    models::TrainOptions o;
    o.linker = linker;
    o.model = tinyConfig(linker);
    o.epochs = 2;
    o.batchSize = 3;
    o.hardNegatives = 3;
    o.hardPool = 10;
    o.learningRate = 3e-3;
    o.warmupSteps = 1;
    o.threads = 1;
    o.patience = 100;
    return o;
}

} // namespace mel::test
