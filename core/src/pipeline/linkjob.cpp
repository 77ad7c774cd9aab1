// Linking a split in batches, storing the run and computing its metrics.
#include "mel/core/pipeline/linkjob.h"

#include <chrono>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "mel/core/pipeline/storedfeatures.h"
#include "mel/core/store/browse.h"
#include "mel/core/util/error.h"

namespace mel::core {

namespace {

// What the run row keeps of how it was made: the caller's config, the top K, and where a learned linker ran (the
// GUI gives no config of its own, so its runs used to keep "{}").
std::string runConfig(const Linker& linker, const LinkOptions& options)
{
    auto config = nlohmann::json::parse(options.configJson.empty() ? "{}" : options.configJson);
    config["linker"] = linker.name();
    config["top_k"] = options.topK;
    config.update(placementJson(linker));
    return config.dump();
}

} // namespace

nlohmann::json placementJson(const Linker& linker)
{
    const auto used = linker.placement();
    if (used.device.empty())
        return nlohmann::json::object();
    nlohmann::json out{{"device", used.device}, {"precision", used.precision}, {"threads", used.threads}};
    if (used.pairBudget > 0)
        out["pair_budget"] = used.pairBudget;
    return out;
}

SplitMentions loadSplitMentions(Store& store, const std::string& datasetName, const std::string& split)
{
    const Dataset dataset = requireDataset(store, datasetName);
    SplitMentions out;
    auto& st = store.cached(
        "SELECT m.id, m.surface, s.text, m.char_begin, m.char_end, s.image_path, s.image_status, m.bbox_x, m.bbox_y, "
        "m.bbox_w, m.bbox_h, coalesce(l.value, '') FROM mention m JOIN sample s ON s.id = m.sample_id "
        "LEFT JOIN label l ON l.mention_id = m.id WHERE s.dataset_id = ?1 AND (?2 = '' OR s.split = ?2) "
        "ORDER BY s.ordinal, s.id, m.ordinal");
    st.bind(1, dataset.id).bind(2, split);
    const std::filesystem::path root = dataset.rootDir;
    while (st.step()) {
        MentionQuery q;
        q.mentionId = st.int64(0);
        q.surface = st.text(1);
        q.text = st.text(2);
        q.begin = st.isNull(3) ? -1 : st.int32(3);
        q.end = st.isNull(4) ? -1 : st.int32(4);
        if (static_cast<ImageStatus>(st.int32(6)) == ImageStatus::Present)
            q.imagePath = (root / st.text(5)).string();
        if (!st.isNull(7))
            q.box = BoundingBox{st.real(7), st.real(8), st.real(9), st.real(10)};
        out.queries.push_back(std::move(q));
        out.labels.push_back(st.text(11));
    }
    return out;
}

LinkOutcome linkSplit(Store& store, Linker& linker, const KbCandidates& kb, const LinkOptions& options,
                      const JobContext& job)
{
    const auto started = std::chrono::steady_clock::now();
    requireSplit(store, requireDataset(store, options.dataset), options.split);
    // Without entities every mention would get no candidate and the run all-zero metrics, as if linked.
    if (kb.size() == 0)
        throw Error(ErrorCode::Invalid, "the project has no knowledge base entities to link to: import a KB first "
                                        "(melstudio-cli import-kb, or File > Import knowledge graph folder)",
                    {store.path().string(), {}, {}});

    LinkOutcome outcome;
    // The stored entity features are only a cache: whatever goes wrong with them (a full disk, a read-only file,
    // another run dropping them) ends their use for this run with a warning, never the run itself.
    std::optional<StoredEntityFeatures> stored;
    const auto cached = [&](const auto& step) {
        if (!stored)
            return;
        try {
            step(*stored);
        } catch (const std::exception& e) {
            outcome.entityFeaturesWarning = e.what();
            outcome.entityFeaturesLoaded = stored->loaded();
            outcome.entityFeaturesStored = stored->saved();
            stored.reset();
        }
    };
    if (options.storedEntityFeatures) {
        try {
            stored.emplace(store, linker, options.checkpointPath);
        } catch (const std::exception& e) {
            outcome.entityFeaturesWarning = e.what();
        }
    }
    if (options.storePredictions) {
        ModelRun run;
        run.linker = linker.name();
        run.datasetName = options.dataset;
        run.split = options.split;
        run.configJson = runConfig(linker, options);
        run.checkpointPath = options.checkpointPath;
        outcome.runId = store.createRun(run);
    }

    // A run that stops early says so in its row (with the error), instead of staying "running"; the error that
    // stopped it is the one reported, even if the row cannot be written (a full disk).
    const auto endRun = [&](std::string_view status, const std::string& error) noexcept {
        try {
            if (outcome.runId)
                store.finishRun(outcome.runId, status, nlohmann::json{{"error", error}}.dump());
        } catch (...) {
        }
    };
    // The mentions are read after the run row exists: a dataset replace committed before it is seen here, and one
    // started after it is refused while the run is unfinished (createDataset), so the ids stay the mentions'.
    SplitMentions split;
    try {
        split = loadSplitMentions(store, options.dataset, options.split);
    } catch (const std::exception& e) {
        endRun("failed", e.what());
        throw;
    }
    std::vector<GoldRank> ranks;
    const std::size_t total = split.queries.size();
    try {
        for (std::size_t begin = 0; begin < total; begin += static_cast<std::size_t>(options.batchSize)) {
            if (job.isCancelled())
                throw Error(ErrorCode::Cancelled, "linking cancelled");
            const std::size_t end = std::min(total, begin + static_cast<std::size_t>(options.batchSize));
            std::vector<MentionQuery> batch(split.queries.begin() + static_cast<std::ptrdiff_t>(begin),
                                            split.queries.begin() + static_cast<std::ptrdiff_t>(end));
            std::vector<std::vector<CandidateEntity>> candidates;
            candidates.reserve(batch.size());
            for (const auto& q : batch)
                candidates.push_back(kb.candidates(q.surface, options.topK));
            cached([&](StoredEntityFeatures& s) { s.load(candidates); });
            const auto results = linker.rank(batch, candidates, false);
            cached([](StoredEntityFeatures& s) { s.save(); });

            std::vector<Prediction> predictions;
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const auto& ranked = results.at(i).ranked;
                if (options.storePredictions)
                    for (std::size_t r = 0; r < ranked.size(); ++r)
                        predictions.push_back(
                            {batch[i].mentionId, static_cast<int>(r + 1), ranked[r].qid, ranked[r].score});
                const std::string& gold = split.labels[begin + i];
                if (isQid(gold))
                    ranks.push_back(goldRankIn(ranked, gold));
            }
            if (options.storePredictions)
                store.insertPredictions(outcome.runId, predictions);
            outcome.mentionsLinked += static_cast<std::int64_t>(batch.size());
            job.report(static_cast<double>(end) / static_cast<double>(total),
                       std::to_string(end) + "/" + std::to_string(total) + " mentions");
        }
    } catch (const Error& e) {
        endRun(e.code() == ErrorCode::Cancelled ? "cancelled" : "failed", e.what());
        throw;
    } catch (const std::exception& e) {
        endRun("failed", e.what());
        throw;
    }
    if (stored) {
        outcome.entityFeaturesLoaded = stored->loaded();
        outcome.entityFeaturesStored = stored->saved();
    }
    outcome.metrics = computeMetrics(ranks, options.topK);
    outcome.undecodableImages = linker.undecodableImages();
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (outcome.runId)
        store.finishRun(outcome.runId, "done", toJson(outcome.metrics).dump());
    return outcome;
}

} // namespace mel::core
