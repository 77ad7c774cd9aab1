// Vocabulary building, subword ids and the checkpoint text form.
#include "text/vocabulary.h"

#include <algorithm>
#include <sstream>

#include "mel/core/util/error.h"
#include "mel/core/util/utf8.h"
#include "text/tokenizer.h"

namespace mel::models {

namespace {

constexpr const char* kHeader = "melvocab/1";
// Long tokens (URLs, numbers glued to words) would otherwise dominate the cost of a batch.
constexpr std::size_t kMaxNgramsPerToken = 48;

} // namespace

std::uint32_t fnv1a(std::string_view bytes)
{
    std::uint32_t h = 2166136261u;
    for (const unsigned char c : bytes)
    {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

Vocabulary::Vocabulary(const TextEncoderConfig& config)
    : m_buckets(config.buckets), m_minN(config.minN), m_maxN(config.maxN)
{
    if (m_buckets < 1 || m_minN < 1 || m_maxN < m_minN)
        throw core::Error(core::ErrorCode::Invalid, "text encoder: buckets >= 1 and 1 <= minN <= maxN required");
}

Vocabulary Vocabulary::build(const std::vector<std::string>& texts, const TextEncoderConfig& config)
{
    std::unordered_map<std::string, std::int64_t> counts;
    for (const auto& text : texts)
        for (auto& word : splitWords(text))
            ++counts[std::move(word)];
    std::vector<std::pair<std::string, std::int64_t>> kept;
    for (auto& [word, count] : counts)
        if (count >= config.minCount)
            kept.emplace_back(word, count);
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (static_cast<int>(kept.size()) > config.maxVocabulary)
        kept.resize(std::max(0, config.maxVocabulary));

    Vocabulary vocab(config);
    for (auto& [word, count] : kept)
    {
        vocab.m_index.emplace(word, static_cast<std::int64_t>(vocab.m_words.size()) + kSpecials);
        vocab.m_words.push_back(word);
    }
    return vocab;
}

std::int64_t Vocabulary::wordId(std::string_view word) const
{
    const auto it = m_index.find(std::string(word));
    return it == m_index.end() ? -1 : it->second;
}

void Vocabulary::appendTokenIds(std::string_view token, std::vector<std::int64_t>& out) const
{
    if (token == kClsToken)
    {
        out.push_back(kCls);
        return;
    }
    if (token == kSepToken)
    {
        out.push_back(kSep);
        return;
    }
    const std::size_t before = out.size();
    if (const auto id = wordId(token); id >= 0)
        out.push_back(id);

    // n-grams over "<token>" by code points; the boundary markers let prefixes and suffixes differ from infixes.
    std::u32string marked = U"<" + core::utf8::decode(token) + U">";
    const std::int64_t base = wordCount();
    std::size_t added = 0;
    for (int n = m_minN; n <= m_maxN && added < kMaxNgramsPerToken; ++n)
    {
        if (static_cast<std::size_t>(n) > marked.size())
            break;
        for (std::size_t i = 0; i + n <= marked.size() && added < kMaxNgramsPerToken; ++i)
        {
            const std::string gram = core::utf8::encode(std::u32string_view(marked).substr(i, n));
            out.push_back(base + static_cast<std::int64_t>(fnv1a(gram) % static_cast<std::uint32_t>(m_buckets)));
            ++added;
        }
    }
    if (out.size() == before)
        out.push_back(kUnk);
}

std::string Vocabulary::serialize() const
{
    std::ostringstream out;
    out << kHeader << ' ' << m_buckets << ' ' << m_minN << ' ' << m_maxN << ' ' << m_words.size() << '\n';
    for (const auto& word : m_words)
        out << word << '\n';
    return out.str();
}

Vocabulary Vocabulary::deserialize(std::string_view text)
{
    std::istringstream in{std::string(text)};
    std::string header;
    std::size_t count = 0;
    Vocabulary vocab;
    if (!(in >> header >> vocab.m_buckets >> vocab.m_minN >> vocab.m_maxN >> count) || header != kHeader ||
        vocab.m_buckets < 1 || vocab.m_minN < 1 || vocab.m_maxN < vocab.m_minN)
        throw core::Error(core::ErrorCode::Invalid, "not a serialized vocabulary (bad header)");
    in.ignore(1);
    std::string line;
    while (vocab.m_words.size() < count && std::getline(in, line))
    {
        vocab.m_index.emplace(line, static_cast<std::int64_t>(vocab.m_words.size()) + kSpecials);
        vocab.m_words.push_back(line);
    }
    if (vocab.m_words.size() != count)
        throw core::Error(core::ErrorCode::Invalid, "serialized vocabulary is truncated");
    return vocab;
}

} // namespace mel::models
