// The import benchmark: the same library calls the CLI and GUI make, timed.
#include "mel/core/io/importbench.h"

#include <chrono>

#include "mel/core/util/error.h"

namespace mel::core {

MelBenchFolder melBenchFolder(const std::filesystem::path& dir, const std::string& datasetName)
{
    namespace fs = std::filesystem;
    MelBenchFolder folder;
    folder.kb.names = dir / "qid2ne.json";
    folder.kb.abstracts = dir / "qid2abs.json";
    if (fs::exists(dir / "ne2qid.json"))
        folder.kb.aliases = dir / "ne2qid.json";
    if (fs::exists(dir / "qid2abs_long.json"))
        folder.kb.abstractsLong = dir / "qid2abs_long.json";
    folder.dataset.datasetName = datasetName;
    if (fs::exists(dir / "Wikidata-MEL.json")) {
        folder.dataset.samples = {{dir / "Wikidata-MEL.json", ""}};
        if (fs::exists(dir / "splits.json"))
            folder.dataset.splitsFile = dir / "splits.json";
    } else {
        for (const char* split : {"train", "dev", "test"})
            if (fs::exists(dir / (std::string(split) + ".json")))
                folder.dataset.samples.push_back({dir / (std::string(split) + ".json"), split});
    }
    if (folder.dataset.samples.empty())
        throw Error(ErrorCode::NotFound, "no Wikidata-MEL.json or train.json/dev.json in this folder",
                    {dir.string(), {}, {}});
    if (fs::is_directory(dir / "images"))
        folder.dataset.imagesDir = dir / "images";
    return folder;
}

ImportBenchResult benchImport(const std::filesystem::path& projectFile, const KbFiles& kb,
                              const MelBenchOptions& dataset, const JobContext& job)
{
    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double>(b - a).count();
    };
    if (std::filesystem::exists(projectFile))
        throw Error(ErrorCode::Invalid, "the benchmark needs a new project file; this one exists",
                    {projectFile.string(), {}, {}});
    ImportBenchResult result;
    const auto t0 = Clock::now();
    Store store(projectFile);
    const auto t1 = Clock::now();
    result.kb = importKb(store, kb, job);
    const auto t2 = Clock::now();
    result.dataset = importMelBench(store, dataset, job);
    const auto t3 = Clock::now();
    result.openSeconds = seconds(t0, t1);
    result.kbSeconds = seconds(t1, t2);
    result.datasetSeconds = seconds(t2, t3);
    result.totalSeconds = seconds(t0, t3);
    return result;
}

} // namespace mel::core
