// Trigram TF-IDF index over the training mentions, queried through an inverted index.
#include "linkers/gemel/retrieval.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "linkers/gemel/chartable.h"
#include "mel/core/kb/wratio.h"
#include "mel/core/util/utf8.h"

namespace mel::models::gemel {

std::string demoSentence(const std::string& text)
{
    constexpr std::size_t kKept = 300;
    const auto cps = codePoints(text);
    return core::utf8::encode(cps.substr(0, std::min(cps.size(), kKept)));
}

std::vector<std::u32string> trigrams(const std::string& surface)
{
    const std::u32string s = U"#" + core::fuzz::preprocess(surface) + U"#";
    std::vector<std::u32string> out;
    for (std::size_t i = 0; i + 3 <= s.size(); ++i)
        out.push_back(s.substr(i, 3));
    return out;
}

DemoRetriever::DemoRetriever(std::vector<Demonstration> bank) : m_bank(std::move(bank))
{
    // Document frequencies first, then weighted vectors into the postings.
    std::vector<std::vector<std::int32_t>> grams(m_bank.size());
    std::vector<std::int64_t> df;
    for (std::size_t i = 0; i < m_bank.size(); ++i)
    {
        auto g = trigrams(m_bank[i].surface);
        std::vector<std::int32_t> ids;
        for (const auto& t : g)
        {
            const auto [it, inserted] = m_grams.emplace(t, static_cast<std::int32_t>(m_grams.size()));
            if (inserted)
                df.push_back(0);
            ids.push_back(it->second);
        }
        std::vector<std::int32_t> unique = ids;
        std::sort(unique.begin(), unique.end());
        unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
        for (const auto id : unique)
            ++df[static_cast<std::size_t>(id)];
        grams[i] = std::move(ids);
    }
    const double n = static_cast<double>(std::max<std::size_t>(1, m_bank.size()));
    m_idf.resize(df.size());
    for (std::size_t g = 0; g < df.size(); ++g)
        m_idf[g] = static_cast<float>(std::log((1.0 + n) / (1.0 + static_cast<double>(df[g]))) + 1.0);
    m_postings.resize(df.size());
    for (std::size_t i = 0; i < m_bank.size(); ++i)
    {
        std::map<std::int32_t, float> tf;
        for (const auto id : grams[i])
            tf[id] += 1.0F;
        double norm = 0;
        for (auto& [id, w] : tf)
        {
            w *= m_idf[static_cast<std::size_t>(id)];
            norm += static_cast<double>(w) * w;
        }
        norm = std::sqrt(norm);
        for (const auto& [id, w] : tf)
            m_postings[static_cast<std::size_t>(id)].emplace_back(static_cast<std::int32_t>(i),
                                                                  static_cast<float>(w / norm));
    }
}

DemoRetriever::Sparse DemoRetriever::query(const std::string& surface) const
{
    std::map<std::int32_t, float> tf;
    for (const auto& t : trigrams(surface))
    {
        const auto it = m_grams.find(t);
        if (it != m_grams.end())  // grams no training mention has cannot match anything
            tf[it->second] += 1.0F;
    }
    Sparse out;
    double norm = 0;
    for (auto& [id, w] : tf)
    {
        w *= m_idf[static_cast<std::size_t>(id)];
        norm += static_cast<double>(w) * w;
    }
    // Unknown grams still count in the query's norm: a query sharing few grams is less similar.
    for (const auto& t : trigrams(surface))
        if (!m_grams.count(t))
        {
            const double idf = std::log((1.0 + static_cast<double>(m_bank.size())) / 1.0) + 1.0;
            norm += idf * idf;
        }
    norm = std::sqrt(norm);
    if (norm > 0)
        for (const auto& [id, w] : tf)
            out.emplace_back(id, static_cast<float>(w / norm));
    return out;
}

std::vector<Retrieved> DemoRetriever::nearest(const core::MentionQuery& q, int count) const
{
    std::vector<Retrieved> out;
    if (count <= 0 || m_bank.empty())
        return out;
    std::unordered_map<std::int32_t, double> score;
    for (const auto& [gram, w] : query(q.surface))
        for (const auto& [item, iw] : m_postings[static_cast<std::size_t>(gram)])
            score[item] += static_cast<double>(w) * iw;
    std::vector<Retrieved> all;
    all.reserve(score.size());
    const std::string sentence = demoSentence(q.text);
    for (const auto& [item, s] : score)
    {
        const auto& d = m_bank[static_cast<std::size_t>(item)];
        if (d.surface == q.surface && d.text == sentence)
            continue;
        if (s > 0)
            all.push_back({item, std::min(1.0, s)});
    }
    const auto cmp = [](const Retrieved& a, const Retrieved& b) {
        return a.cosine != b.cosine ? a.cosine > b.cosine : a.index < b.index;
    };
    const auto take = std::min<std::size_t>(all.size(), static_cast<std::size_t>(count));
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(take), all.end(), cmp);
    all.resize(take);
    return all;
}

} // namespace mel::models::gemel
