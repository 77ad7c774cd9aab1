// core::Linker over a GHMF or MIMIC model: batched, gradient-free ranking with an entity feature cache.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <torch/torch.h>

#include "linkers/linkermodel.h"
#include "nn/autocast.h"
#include "mel/core/linker/linker.h"

namespace mel::models {

class TorchLinker final : public core::Linker
{
public:
    // threads <= 0: std::thread::hardware_concurrency(). The model is put in eval mode on `device`. `precision`
    // bf16 ranks under CUDA autocast (checkPrecision: a CUDA device is required).
    TorchLinker(std::shared_ptr<LinkerModelImpl> model, torch::Device device, int threads = 0,
                Precision precision = Precision::Float32);

    std::string name() const override;
    core::LinkerPlacementUsed placement() const override
    {
        return {m_device.str(), precisionName(m_precision), m_threads, m_pairBudget};
    }
    std::vector<std::string> undecodableImages() const override { return undecodableImagesOf(m_model->image()); }
    // Mentions are encoded in batches of `mentionBatch`. Without explanations, consecutive mentions share one
    // scoring pass over the union of their candidates, up to pairBudget() (mention, candidate) pairs per pass; with
    // them, each mention is scored alone. Each mention's scores are those of its own candidates either way (every
    // linker scores pairs independently). Ties are broken by the candidate generator's name score, then by QID.
    // Runs under c10::InferenceMode on this thread.
    std::vector<core::LinkResult> rank(const std::vector<core::MentionQuery>& mentions,
                                       const std::vector<std::vector<core::CandidateEntity>>& candidates,
                                       bool explain) override;

    // Stored features: the key is set by whoever knows the weights' provenance (loadLinker: the checkpoint file's
    // SHA-1, with linker kind, device type, precision and byte format); without one nothing is tracked or handed out.
    void setEntityFeatureKey(std::string key) { m_featureKey = std::move(key); }
    std::string entityFeatureKey() const override { return m_featureKey; }
    std::vector<core::EntityFeatureRecord> takeNewEntityFeatures() override;
    std::size_t putEntityFeatures(const std::vector<core::EntityFeatureRecord>& records) override;

    // Entity features are cached by QID (computed once per QID per set of weights). Call after changing the
    // weights or the KB.
    void clearCache()
    {
        m_cache.clear();
        m_fresh.clear();
    }
    std::size_t cachedEntities() const { return m_cache.size(); }
    LinkerModelImpl& model() { return *m_model; }
    void setMentionBatch(int size) { m_mentionBatch = size < 1 ? 1 : size; }
    // Pairs per scoring pass (a mention with more candidates still gets one pass of its own). The default depends on
    // the device: kCpuPairBudget / kCudaPairBudget.
    void setPairBudget(int pairs) { m_pairBudget = pairs < 1 ? 1 : pairs; }
    int pairBudget() const { return m_pairBudget; }

private:
    // The encoded rows of `entities` (cache hits + newly encoded misses), in their order, padded to one batch.
    EncodedSide gather(const std::vector<core::CandidateEntity>& entities);
    // Scores mentions[rows] (rows of `mentionSide` at row - first) against their candidates in one pass over the
    // union of those candidates, filling results[rows].ranked.
    void rankGroup(const EncodedSide& mentionSide, std::size_t first, const std::vector<std::size_t>& rows,
                   const std::vector<core::MentionQuery>& mentions,
                   const std::vector<std::vector<core::CandidateEntity>>& candidates,
                   std::vector<core::LinkResult>& results);

    std::shared_ptr<LinkerModelImpl> m_model;
    torch::Device m_device;
    int m_threads;
    Precision m_precision;
    int m_mentionBatch = 64;
    int m_pairBudget;
    std::unordered_map<std::string, EncodedSide> m_cache;
    // A row this linker encoded itself (a placeholder entity): what stored rows must look like (sameLayout).
    const EncodedSide& referenceRow();

    std::string m_featureKey;
    std::vector<std::pair<std::string, std::string>> m_fresh;  // (QID, input key) encoded since the last take
    std::optional<EncodedSide> m_reference;
};

// One row with its sequence tensors cut to the real length (cache entries stay small).
EncodedSide trimRow(const EncodedSide& side, std::int64_t row);

// Ranked column order: score descending, then name score descending, then QID ascending.
std::vector<std::int64_t> rankOrder(const std::vector<double>& scores, const std::vector<core::CandidateEntity>& cands);

} // namespace mel::models
