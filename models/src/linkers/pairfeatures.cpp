// Word sets are sorted vectors: a mention has a few dozen words, so binary search beats hashing here.
#include "linkers/pairfeatures.h"

#include <algorithm>
#include <cmath>

#include "mel/core/kb/wratio.h"
#include "mel/core/util/utf8.h"

namespace mel::models {

namespace {

namespace fuzz = core::fuzz;

std::vector<std::u32string> words(std::u32string_view processed)
{
    std::vector<std::u32string> out;
    for (const auto w : fuzz::splitWords(processed))
        out.emplace_back(w);
    return out;
}

std::vector<std::u32string> sortedUnique(std::vector<std::u32string> v)
{
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

bool contains(const std::vector<std::u32string>& sorted, const std::u32string& w)
{
    return std::binary_search(sorted.begin(), sorted.end(), w);
}

// Attribute labels of qid2abs texts ("Sex: male. Birth: ...") carry no information about the mention.
bool isFiller(const std::u32string& w)
{
    static const std::vector<std::u32string> filler = sortedUnique(
        {U"sex", U"male", U"female", U"birth", U"death", U"occupation", U"languages", U"english", U"religion",
         U"alma", U"mater", U"nick", U"name", U"work", U"start", U"spouse", U"the", U"of", U"and", U"in", U"a",
         U"an", U"at", U"to", U"for", U"with", U"on", U"by", U"from", U"is", U"was"});
    return w.size() < 2 || contains(filler, w);
}

} // namespace

const std::array<const char*, kPairFeatureCount>& pairFeatureNames()
{
    static const std::array<const char*, kPairFeatureCount> names{
        "wratio",    "ratio",       "exact",        "name_in_text", "surface_in_name", "surname",
        "context",   "label_pair",  "label_share",  "label_entity", "description",  "era_known",
        "era_unborn", "era_young",  "era_dead",     "era_alive"};
    return names;
}

MentionWords mentionWords(const core::MentionQuery& mention)
{
    MentionWords m;
    m.surface = fuzz::preprocess(mention.surface);
    m.surfaceKey = core::utf8::encode(m.surface);
    m.surfaceWords = words(m.surface);
    m.textWords = sortedUnique(words(fuzz::preprocess(mention.text)));
    const auto surfaceSet = sortedUnique(m.surfaceWords);
    for (const auto& w : m.textWords)
        if (!contains(surfaceSet, w) && !isFiller(w))
            m.contextWords.push_back(w);
    m.years = sentenceYears(mention.text);
    return m;
}

void pairFeatures(const MentionWords& m, const core::CandidateEntity& entity, float* out, const LabelPrior* prior,
                  std::string_view leaveOut)
{
    const std::u32string name = fuzz::preprocess(entity.name);
    const auto nameWords = words(name);
    const auto nameSet = sortedUnique(nameWords);
    double wratio = entity.nameScore;
    if (wratio <= 0)
        wratio = fuzz::wratioProcessed(m.surface, name);
    out[0] = static_cast<float>(wratio / 100.0);
    out[1] = static_cast<float>(fuzz::ratio(m.surface, name) / 100.0);
    out[2] = !name.empty() && name == m.surface ? 1.f : 0.f;

    int inText = 0;
    for (const auto& w : nameWords)
        inText += contains(m.textWords, w) ? 1 : 0;
    out[3] = nameWords.empty() ? 0.f : static_cast<float>(inText) / static_cast<float>(nameWords.size());

    int inName = 0;
    for (const auto& w : m.surfaceWords)
        inName += contains(nameSet, w) ? 1 : 0;
    out[4] = m.surfaceWords.empty() ? 0.f : static_cast<float>(inName) / static_cast<float>(m.surfaceWords.size());

    bool suffix = !m.surfaceWords.empty() && m.surfaceWords.size() < nameWords.size();
    for (std::size_t i = 0; suffix && i < m.surfaceWords.size(); ++i)
        suffix = m.surfaceWords[m.surfaceWords.size() - 1 - i] == nameWords[nameWords.size() - 1 - i];
    out[5] = suffix ? 1.f : 0.f;

    auto descriptionWords = words(fuzz::preprocess(entity.description));
    const auto descriptionLength = descriptionWords.size();
    int shared = 0;
    for (const auto& w : sortedUnique(std::move(descriptionWords)))
        if (!isFiller(w) && !contains(nameSet, w) && contains(m.contextWords, w))
            ++shared;
    out[6] = static_cast<float>(std::log1p(static_cast<double>(shared)) / 3.0);

    const auto c = prior ? prior->counts(m.surfaceKey, entity.qid, leaveOut) : LabelPrior::Counts{};
    out[7] = static_cast<float>(std::log1p(static_cast<double>(c.pair)) / 3.0);
    out[8] = c.surface > 0 ? static_cast<float>(c.pair) / static_cast<float>(c.surface) : 0.f;
    out[9] = static_cast<float>(std::log1p(static_cast<double>(c.entity)) / 5.0);
    out[10] = static_cast<float>(std::log1p(static_cast<double>(descriptionLength)) / 5.0);

    const auto era = eraMatch(m.years, entityLifespan(entity.description));
    out[11] = era.known ? 1.f : 0.f;
    out[12] = era.unborn ? 1.f : 0.f;
    out[13] = era.young ? 1.f : 0.f;
    out[14] = era.dead ? 1.f : 0.f;
    out[15] = era.alive ? 1.f : 0.f;
}

torch::Tensor pairFeatureRow(const core::MentionQuery& mention, const std::vector<core::CandidateEntity>& candidates,
                             const LabelPrior* prior)
{
    const auto m = mentionWords(mention);
    const auto E = static_cast<std::int64_t>(candidates.size());
    auto out = torch::zeros({1, E, kPairFeatureCount}, torch::kFloat);
    auto* p = out.data_ptr<float>();
    for (std::int64_t e = 0; e < E; ++e)
        pairFeatures(m, candidates[e], p + e * kPairFeatureCount, prior);
    return out;
}

} // namespace mel::models
