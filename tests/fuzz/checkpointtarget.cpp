// Checkpoint fuzz body: the public torch-free API only (mel/models/linkers.h), as the GUI and the CLI use it.
#include "checkpointtarget.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "mel/core/util/error.h"
#include "mel/models/linkers.h"
#include "mel/models/training.h"

namespace mel::fuzz {

namespace {

namespace fs = std::filesystem;

fs::path scratchFile()
{
    const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    return base / ("mel-fuzz-checkpoint-" + std::to_string(getpid()) + ".pt");
}

bool names(const core::Error& e, const std::string& path)
{
    return std::string(e.what()).find(path) != std::string::npos;
}

} // namespace

bool loadCheckpointFile(const std::string& path)
{
    try
    {
        const auto info = models::inspectCheckpoint(path);
        if (info.linker != info.config.linker)
            std::abort();  // the header check must have refused it
    }
    catch (const core::Error& e)
    {
        if (!names(e, path))
            std::abort();  // an error must say which file
    }
    std::unique_ptr<core::Linker> linker;
    try
    {
        linker = models::loadLinker(path, {"cpu", 1});
    }
    catch (const core::Error& e)
    {
        if (!names(e, path))
            std::abort();
        return false;
    }
    core::MentionQuery query;
    query.mentionId = 1;
    query.surface = "Paris";
    query.text = "Paris is the capital of France";
    const std::vector<core::CandidateEntity> candidates{{"Q90", "Paris", "Country: France.", "", 100},
                                                        {"Q167646", "Paris Hilton", "Occupation: actress.", "", 90}};
    const auto results = linker->rank({query}, {candidates}, true);
    if (results.size() != 1 || results[0].ranked.size() != candidates.size())
        std::abort();
    return true;
}

bool loadCheckpointBytes(const std::uint8_t* data, std::size_t size)
{
    static const fs::path file = scratchFile();
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return loadCheckpointFile(file.string());
}

void writeTinyCheckpoint(const std::string& path, const std::string& linker)
{
    models::TrainOptions o;
    o.linker = linker;
    o.epochs = 1;
    o.batchSize = 2;
    o.hardNegatives = 1;
    o.warmupSteps = 1;
    o.threads = 1;
    o.outPath = path;
    auto& c = o.model;
    c.text = {};
    c.text.dim = 8;
    c.text.heads = 2;
    c.text.ffn = 16;
    c.text.maxLength = 16;
    c.text.minCount = 1;
    c.text.buckets = 16;
    c.image.imageSize = 16;
    c.image.dim = 8;
    c.image.grid = 2;
    c.image.channels = {4};
    c.ghmf.dim = 8;
    c.ghmf.heads = 2;
    c.ghmf.layers = 1;
    c.ghmf.ffn = 16;
    c.ghmf.outDim = 8;
    c.ghmf.maxTokens = 8;
    c.mimic.hidden = 8;
    c.dwe.hidden = 8;
    c.dwe.heads = 2;
    c.dwe.faces = false;  // no cascade file needed; the face path is still built (no-face token)
    c.dwe.maxFaces = 2;
    c.gemel.dim = 8;
    c.gemel.heads = 2;
    c.gemel.ffn = 16;
    c.gemel.demonstrations = 1;
    c.gemel.maxMention = 8;
    c.gemel.maxContext = 8;
    c.gemel.maxDemoName = 8;
    c.gemel.maxName = 16;
    c.gemel.beams = 2;
    c.gemel.tunePrior = false;
    models::TrainingData data;
    const std::vector<core::CandidateEntity> entities{{"Q90", "Paris", "Country: France.", "", 100},
                                                     {"Q167646", "Paris Hilton", "Occupation: actress.", "", 90}};
    for (int i = 0; i < 2; ++i)
    {
        models::TrainingExample ex;
        ex.query.mentionId = i + 1;
        ex.query.surface = "Paris";
        ex.query.text = i == 0 ? "Paris is the capital of France" : "Paris the actress at a party";
        ex.gold = entities[static_cast<std::size_t>(i)];
        ex.goldQid = ex.gold.qid;
        ex.candidates = entities;
        data.train.push_back(ex);
    }
    models::trainOnData(data, o);
}

} // namespace mel::fuzz
