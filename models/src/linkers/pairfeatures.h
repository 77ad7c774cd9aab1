// String-match features of a (mention, candidate entity) pair, fed into the final score beside the learned
// similarity — the standard two-stage reranker trick. Never uses a sample id (in Richpedia-MEL it is the answer).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <torch/torch.h>

#include "linkers/labelprior.h"
#include "linkers/lifespan.h"
#include "mel/core/linker/linker.h"

namespace mel::models {

inline constexpr int kPairFeatureCount = 16;
// Checkpoints written before the label-prior and description features use the first 7 (ModelConfig::pairFeatureCount),
// those written before the era features the first 11.
inline constexpr int kLegacyPairFeatureCount = 7;
inline constexpr int kPreEraPairFeatureCount = 11;
// Columns [kLabelFeatureBegin, kLabelFeatureEnd) come from LabelPrior (label_pair, label_share, label_entity);
// the trainer keeps their weights >= 0.
inline constexpr int kLabelFeatureBegin = kLegacyPairFeatureCount;
inline constexpr int kLabelFeatureEnd = kLabelFeatureBegin + 3;

// Feature names in order (the Explanation reports each one per candidate):
//  wratio        the candidate generator's WRatio / 100 (CandidateEntity::nameScore, computed when <= 0)
//  ratio         plain ratio of the whole pre-processed surface and name / 100
//  exact         1 when surface and name are equal after pre-processing
//  name_in_text  share of the entity name's words that occur in the sentence
//  surface_in_name  share of the surface's words that occur in the name
//  surname       1 when the surface words are the last words of the name ("Meeker" / "Ralph Meeker")
//  context       log(1 + words shared by the sentence (outside the mention) and the entity description) / 3
//  label_pair    log(1 + train labels linking this surface to this entity) / 3          (LabelPrior)
//  label_share   share of this surface's train labels that name this entity, p(e|m); 0 for an unseen surface
//  label_entity  log(1 + train labels naming this entity, whatever the surface) / 5
//  description   log(1 + words in the entity description) / 5: how much the KG knows about it (salience)
//  era_known     1 when the sentence names a year / decade / century and the description a birth or death year
//  era_unborn    1 when every year named lies before the entity's birth                        (lifespan.h)
//  era_young     1 when the latest year named is less than 16 years after the birth
//  era_dead      1 when every year named is more than a year after the death
//  era_alive     1 when both are known and none of the three above holds
const std::array<const char*, kPairFeatureCount>& pairFeatureNames();

// Pre-processed words of a mention, computed once per mention and reused for each of its candidates.
struct MentionWords
{
    std::u32string surface;                 // pre-processed surface
    std::string surfaceKey;                 // the same, UTF-8 (LabelPrior key)
    std::vector<std::u32string> surfaceWords;
    std::vector<std::u32string> textWords;  // sorted, unique: every sentence word
    std::vector<std::u32string> contextWords;  // sorted, unique: sentence words that are not surface words
    std::optional<YearSpan> years;          // the years the sentence refers to
};
MentionWords mentionWords(const core::MentionQuery& mention);

// Writes kPairFeatureCount values to `out`. entity.nameScore <= 0 means unknown: WRatio(surface, name) is computed here.
// `prior` may be null (the label features are then 0); `leaveOut` is a training mention's own gold QID.
void pairFeatures(const MentionWords& mention, const core::CandidateEntity& entity, float* out,
                  const LabelPrior* prior = nullptr, std::string_view leaveOut = {});

// [1,E,F] features of one mention against its candidates.
torch::Tensor pairFeatureRow(const core::MentionQuery& mention, const std::vector<core::CandidateEntity>& candidates,
                             const LabelPrior* prior = nullptr);

} // namespace mel::models
