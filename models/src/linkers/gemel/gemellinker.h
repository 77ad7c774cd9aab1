// core::Linker over the GEMEL-style model. How the candidate list is used (models/README.md, GEMEL):
//  - ranking: every candidate is scored by the log-probability of generating its name, with decoding constrained
//    by a trie over the candidates' names (renormalised over the allowed characters, so the scores are a
//    distribution over the candidate names), optionally per character, plus priorWeight * name prior (see
//    namePriors) when the prior is on. Every candidate appears once, so Hits@k / MRR / MR are those of core::computeMetrics: a gold the generator would
//    not produce within k has rank > k, and a gold outside the candidate list is a miss.
//  - explanation: constrained beam search over the same trie (config.gemel.beams), the beams with their
//    log-probabilities and QIDs, and the demonstrations retrieved for the mention; with gemel.prefix_source
//    "attention" and an image, the visual prefix's attention over the patch grid ("prefix/text->image", one row:
//    the mention, the map the pointing game reads). The trie holds exactly the
//    scored names, so the search reads its step log-probabilities from the ranking pass (no decoder call).
//  - names shared by several QIDs: the name's log-probability is shared; ties are broken by the candidate
//    generator's name score, then by QID (rankOrder), and a beam lists all the QIDs of its name in that order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "linkers/gemel/chartable.h"
#include "linkers/gemel/decoding.h"
#include "linkers/gemel/gemelmodel.h"
#include "linkers/gemel/retrieval.h"
#include "mel/core/linker/linker.h"
#include "nn/autocast.h"

namespace mel::models::gemel {

// What the explanation shows, as plain values (also used by the tests).
struct MentionDecoding
{
    std::vector<double> logProbs;  // per candidate (input order): constrained log p(name); -1e9 when impossible
    std::vector<int> lengths;      // per candidate: generated tokens (characters + Eos), 0 for an empty name
    std::vector<double> priors;    // per candidate: namePriors()
    std::vector<Beam> beams;       // entities = candidate indices
    std::vector<Retrieved> demos;
    // gemel.prefix_source "attention", mention with an image: its attention over the patch grid (row-major)
    std::vector<float> imageAttention;
    int gridRows = 0;
    int gridCols = 0;
};

// How the final score is formed from a MentionDecoding (config.gemel; chosen on dev by the trainer).
struct ScoreRule
{
    double priorWeight = 0;
    bool meanLogProb = false;
};

class GemelLinker final : public core::Linker
{
public:
    GemelLinker(GemelModel model, CharTable chars, std::shared_ptr<const DemoRetriever> retriever,
                torch::Device device, int threads = 0);

    std::string name() const override { return "gemel"; }
    core::LinkerPlacementUsed placement() const override
    {
        return {m_device.str(), precisionName(m_precision), m_threads, 0};  // no shared scoring passes
    }
    std::vector<std::string> undecodableImages() const override { return undecodableImagesOf(m_model->image()); }
    std::vector<core::LinkResult> rank(const std::vector<core::MentionQuery>& mentions,
                                       const std::vector<std::vector<core::CandidateEntity>>& candidates,
                                       bool explain) override;

    // Constrained log-probabilities of every candidate name (and beams when `beams` is true), no prior.
    std::vector<MentionDecoding> decodeMentions(const std::vector<core::MentionQuery>& mentions,
                                                const std::vector<std::vector<core::CandidateEntity>>& candidates,
                                                bool beams);

    // bf16: decode under CUDA autocast (checkPrecision: needs a CUDA device).
    void setPrecision(Precision precision)
    {
        checkPrecision(precision, m_device);
        m_precision = precision;
    }
    const ScoreRule& scoreRule() const { return m_rule; }
    void setScoreRule(const ScoreRule& rule) { m_rule = rule; }
    GemelModel model() const { return m_model; }
    const CharTable& chars() const { return m_chars; }
    const DemoRetriever& retriever() const { return *m_retriever; }
    std::shared_ptr<const DemoRetriever> retrieverPtr() const { return m_retriever; }

private:
    GemelModel m_model;
    CharTable m_chars;
    std::shared_ptr<const DemoRetriever> m_retriever;
    torch::Device m_device;
    int m_threads;
    Precision m_precision = Precision::Float32;
    ScoreRule m_rule;
    int m_mentionBatch = 16;
};

// The name baseline's ranking key of each candidate as one number: (WRatio + ratio / 101) / 100, with WRatio and
// ratio computed as core::NameLinker does (WRatio at least the candidate generator's name score), so ordering by
// it alone reproduces the name baseline up to its last tie rule.
std::vector<double> namePriors(const core::MentionQuery& mention, const std::vector<core::CandidateEntity>& candidates);

// Final scores: g + rule.priorWeight * prior, g = log p(name) or, with meanLogProb, log p(name) / length
// (an impossible name keeps -1e9).
std::vector<double> combinedScores(const MentionDecoding& decoded, const ScoreRule& rule);

} // namespace mel::models::gemel
