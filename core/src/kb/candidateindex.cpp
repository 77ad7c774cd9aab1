// Candidate index: distinct pre-processed names with bound data, a best-first exact top-K search, and the brute force.
#include "mel/core/kb/candidateindex.h"

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "mel/core/kb/lcs.h"
#include "mel/core/kb/wratio.h"
#include "mel/core/util/error.h"

namespace mel::core {
namespace {

using fuzz::BitPattern;

constexpr std::size_t kBuckets = 32;
constexpr std::uint8_t kSpaceBucket = 0;
constexpr std::uint8_t kSharedBucket = kBuckets - 1;
constexpr std::size_t kMaxKeyLength = 65535;
constexpr std::size_t kMaxCachedSum = 4096;

// Distinct words in code point order, and how many words there were in all.
struct WordList
{
    std::vector<std::u32string_view> distinct;
    std::size_t count = 0;
};

WordList wordsOf(std::u32string_view text)
{
    WordList list;
    list.distinct = fuzz::splitWords(text);
    list.count = list.distinct.size();
    std::sort(list.distinct.begin(), list.distinct.end());
    list.distinct.erase(std::unique(list.distinct.begin(), list.distinct.end()), list.distinct.end());
    return list;
}

std::size_t joinedLength(const std::vector<std::u32string_view>& words)
{
    std::size_t length = words.empty() ? 0 : words.size() - 1;
    for (const auto& w : words)
        length += w.size();
    return length;
}

std::u32string joinWords(const std::vector<std::u32string_view>& words)
{
    std::u32string out;
    out.reserve(joinedLength(words));
    for (const auto& w : words) {
        if (!out.empty())
            out.push_back(U' ');
        out.append(w);
    }
    return out;
}

// The weights a part score can carry in WRatio (see fuzz::weight*).
enum Weight : int
{
    Plain,
    Token,           // * 0.95
    Partial9,        // * 0.9
    PartialToken9,   // * 0.95 * 0.9
    Partial6,        // * 0.6
    PartialToken6,   // * 0.95 * 0.6
    WeightCount,
};

bool smallScale(double scale)
{
    return scale < 0.75;  // 0.6 (len_ratio > 8) rather than 0.9
}

Weight partialWeight(double scale)
{
    return smallScale(scale) ? Partial6 : Partial9;
}

Weight partialTokenWeight(double scale)
{
    return smallScale(scale) ? PartialToken6 : PartialToken9;
}

int applyWeight(Weight weight, int score)
{
    switch (weight) {
    case Plain:
        return score;
    case Token:
        return fuzz::weightToken(score);
    case Partial9:
        return fuzz::weightPartial(score, 0.9);
    case PartialToken9:
        return fuzz::weightPartialToken(score, 0.9);
    case Partial6:
        return fuzz::weightPartial(score, 0.6);
    case PartialToken6:
        return fuzz::weightPartialToken(score, 0.6);
    case WeightCount:
        break;
    }
    return score;
}

// Exact LCS of the best window: the shorter string slides over the longer one. `shortPattern` is used when `a`
// (whose pattern it is) is the shorter side.
std::size_t bestWindow(const BitPattern& patternOfA, std::u32string_view a, std::u32string_view b)
{
    if (a.size() <= b.size())
        return patternOfA.bestWindowLcs(b);
    return BitPattern(b).bestWindowLcs(a);
}

} // namespace

// ---- Per-query helpers ----

struct CandidateIndex::Query
{
    std::u32string text;
    std::u32string sorted;          // token_sort form
    std::u32string set;             // distinct words joined
    std::vector<std::u32string> distinct;
    BitPattern textPattern;
    BitPattern sortedPattern;
    BitPattern setPattern;
    std::size_t length = 0;
    std::size_t sortedLength = 0;
    std::size_t setLength = 0;
    std::size_t words = 0;
    bool sortedIsText = false;
    bool hasRepeatedWords = false;
    std::array<std::uint8_t, kBuckets> histogram{};
    bool histogramExact = true;      // false when a bucket count passed 255: the overlap bound is then unused
    std::vector<std::uint64_t> sharesWord;  // bitset over keys: the key has a word of the mention

    bool shares(std::size_t key) const { return (sharesWord[key / 64] >> (key % 64)) & 1u; }
};

// Rounded, weighted ratios R(x, sum) for x in [0, mention length], filled lazily per (weight, sum): the bounds
// look up the same few rows for thousands of keys.
class CandidateIndex::RowCache
{
public:
    RowCache(std::size_t maxX, std::size_t maxSum)
        : m_width(maxX + 1), m_maxSum(std::min(maxSum, kMaxCachedSum)),
          m_slot(static_cast<std::size_t>(WeightCount) * (m_maxSum + 1), -1)
    {
    }

    int get(Weight weight, std::size_t x, std::size_t sum)
    {
        if (sum > m_maxSum || x >= m_width)
            return applyWeight(weight, fuzz::ratioFromLcs(x, sum));
        std::int32_t& slot = m_slot[static_cast<std::size_t>(weight) * (m_maxSum + 1) + sum];
        if (slot < 0) {
            slot = static_cast<std::int32_t>(m_values.size());
            for (std::size_t i = 0; i < m_width; ++i)
                m_values.push_back(static_cast<std::uint8_t>(applyWeight(weight, fuzz::ratioFromLcs(i, sum))));
        }
        return m_values[static_cast<std::size_t>(slot) + x];
    }

private:
    std::size_t m_width;
    std::size_t m_maxSum;
    std::vector<std::int32_t> m_slot;
    std::vector<std::uint8_t> m_values;
};

// The K best entities so far, in the candidate order; an entity appears once, with its best name.
class CandidateIndex::TopK
{
public:
    struct Item
    {
        int score = 0;
        int ratio = 0;
        std::uint32_t entityOrder = 0;  // first appearance of the entity in the input
        std::uint32_t nameOrder = 0;    // first appearance of the (entity, name) pair: picks among equal names
        RowId entity = 0;
        std::uint32_t entry = 0;
    };
    struct Better
    {
        bool operator()(const Item& a, const Item& b) const
        {
            if (a.score != b.score)
                return a.score > b.score;
            if (a.ratio != b.ratio)
                return a.ratio > b.ratio;
            if (a.entityOrder != b.entityOrder)
                return a.entityOrder < b.entityOrder;
            return a.nameOrder < b.nameOrder;
        }
    };

    explicit TopK(std::size_t k) : m_k(k) {}

    bool full() const { return m_items.size() >= m_k; }

    // Whether an item with this (score, ratio, entity order, name order) would be better than the current K-th.
    bool admits(int score, int ratio, std::uint32_t entityOrder, std::uint32_t nameOrder) const
    {
        return m_items.size() < m_k || Better{}(Item{score, ratio, entityOrder, nameOrder, 0, 0}, *m_items.rbegin());
    }

    // The smallest score with which (ratio, orders) would enter; 0 while the list is not full.
    int cutoff(int ratio, std::uint32_t entityOrder, std::uint32_t nameOrder) const
    {
        if (m_items.size() < m_k)
            return 0;
        const Item& worst = *m_items.rbegin();
        return admits(worst.score, ratio, entityOrder, nameOrder) ? worst.score : worst.score + 1;
    }

    void offer(const Item& item)
    {
        const auto found = m_byEntity.find(item.entity);
        if (found != m_byEntity.end()) {
            if (!Better{}(item, found->second))
                return;
            m_items.erase(found->second);
            found->second = item;
        } else {
            if (!admits(item.score, item.ratio, item.entityOrder, item.nameOrder))
                return;
            m_byEntity.emplace(item.entity, item);
        }
        m_items.insert(item);
        if (m_items.size() > m_k) {
            const auto last = std::prev(m_items.end());
            m_byEntity.erase(last->entity);
            m_items.erase(last);
        }
    }

    const std::set<Item, Better>& items() const { return m_items; }

private:
    std::size_t m_k;
    std::set<Item, Better> m_items;
    std::unordered_map<RowId, Item> m_byEntity;  // only entities currently in m_items
};

// ---- Building ----

CandidateIndex::CandidateIndex(const std::vector<std::pair<RowId, std::string>>& names)
{
    // Distinct (entity, name) pairs in input order; an entity's order is its first appearance.
    struct PendingKey
    {
        std::u32string text;
        std::uint32_t firstEntry = 0;
        std::vector<std::uint32_t> entries;
    };
    std::vector<PendingKey> pending;
    std::unordered_map<std::u32string, std::uint32_t> keyOf;
    std::unordered_map<RowId, std::uint32_t> entityOrder;
    std::set<std::pair<RowId, std::string_view>> seenPairs;
    for (const auto& [entity, name] : names) {
        if (!seenPairs.emplace(entity, name).second)
            continue;
        const auto order = entityOrder.try_emplace(entity, static_cast<std::uint32_t>(entityOrder.size())).first;
        if (m_nameBlob.size() + name.size() > std::numeric_limits<std::uint32_t>::max())
            throw Error(ErrorCode::Invalid, "candidate index: the names exceed 4 GiB");
        Entry entry;
        entry.entity = entity;
        entry.entityOrder = order->second;
        entry.nameOrder = static_cast<std::uint32_t>(m_entries.size());
        entry.nameOffset = static_cast<std::uint32_t>(m_nameBlob.size());
        entry.nameLength = static_cast<std::uint32_t>(name.size());
        m_nameBlob.append(name);
        const auto entryIndex = static_cast<std::uint32_t>(m_entries.size());
        m_entries.push_back(entry);

        std::u32string text = fuzz::preprocess(name);
        if (text.size() > kMaxKeyLength)
            throw Error(ErrorCode::Invalid, "candidate index: a name is longer than 65535 characters",
                        ErrorContext{"", "", std::string(std::string_view(name).substr(0, 40))});
        const auto [it, inserted] = keyOf.try_emplace(text, static_cast<std::uint32_t>(pending.size()));
        if (inserted)
            pending.push_back(PendingKey{std::move(text), entryIndex, {}});
        pending[it->second].entries.push_back(entryIndex);
    }
    keyOf.clear();
    m_entityCount = entityOrder.size();

    // Keys sorted by (length, smallest name): a length is a contiguous group.
    std::vector<std::uint32_t> order(pending.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (pending[a].text.size() != pending[b].text.size())
            return pending[a].text.size() < pending[b].text.size();
        return pending[a].firstEntry < pending[b].firstEntry;
    });

    // Histogram buckets: space, then the 30 most frequent characters (ties by code point), the rest shared.
    std::unordered_map<char32_t, std::uint64_t> frequency;
    for (const auto& key : pending)
        for (char32_t c : key.text)
            if (c != U' ')
                ++frequency[c];
    std::vector<std::pair<char32_t, std::uint64_t>> byFrequency(frequency.begin(), frequency.end());
    std::sort(byFrequency.begin(), byFrequency.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    m_asciiBucket.fill(kSharedBucket);
    m_asciiBucket[U' '] = kSpaceBucket;
    for (std::size_t i = 0; i < byFrequency.size() && i + 1 < kSharedBucket; ++i) {
        const auto bucket = static_cast<std::uint8_t>(i + 1);
        if (byFrequency[i].first < 128)
            m_asciiBucket[byFrequency[i].first] = bucket;
        else
            m_otherBucket.emplace_back(byFrequency[i].first, bucket);
    }
    std::sort(m_otherBucket.begin(), m_otherBucket.end());
    const auto bucketOf = [this](char32_t c) -> std::uint8_t {
        if (c < 128)
            return m_asciiBucket[c];
        const auto it = std::lower_bound(m_otherBucket.begin(), m_otherBucket.end(), std::make_pair(c, std::uint8_t{0}));
        return it != m_otherBucket.end() && it->first == c ? it->second : kSharedBucket;
    };

    // Per key: texts, token forms, histogram; entries regrouped in key order.
    std::vector<Entry> entries;
    entries.reserve(m_entries.size());
    m_keyMeta.reserve(order.size());
    m_textBegin.reserve(order.size());
    m_sortedBegin.reserve(order.size());
    m_histograms.reserve(order.size());
    m_entryBegin.reserve(order.size() + 1);
    std::vector<std::pair<std::u32string, std::uint32_t>> wordKeys;  // (word, key) pairs for the postings
    for (std::uint32_t keyIndex = 0; keyIndex < order.size(); ++keyIndex) {
        PendingKey& key = pending[order[keyIndex]];
        m_entryBegin.push_back(static_cast<std::uint32_t>(entries.size()));
        std::sort(key.entries.begin(), key.entries.end(), [this](std::uint32_t a, std::uint32_t b) {
            return m_entries[a].entityOrder != m_entries[b].entityOrder
                       ? m_entries[a].entityOrder < m_entries[b].entityOrder
                       : m_entries[a].nameOrder < m_entries[b].nameOrder;
        });
        for (std::uint32_t e : key.entries)
            entries.push_back(m_entries[e]);

        const std::u32string& text = key.text;
        const WordList words = wordsOf(text);
        const std::u32string sorted = fuzz::sortedJoin(text);
        if (m_chars.size() + text.size() + sorted.size() > std::numeric_limits<std::uint32_t>::max())
            throw Error(ErrorCode::Invalid, "candidate index: too many name characters");
        m_textBegin.push_back(static_cast<std::uint32_t>(m_chars.size()));
        m_chars.insert(m_chars.end(), text.begin(), text.end());
        if (sorted == text) {
            m_sortedBegin.push_back(m_textBegin.back());
        } else {
            m_sortedBegin.push_back(static_cast<std::uint32_t>(m_chars.size()));
            m_chars.insert(m_chars.end(), sorted.begin(), sorted.end());
        }
        KeyMeta meta;
        meta.length = static_cast<std::uint16_t>(text.size());
        meta.sortedLength = static_cast<std::uint16_t>(sorted.size());
        meta.setLength = static_cast<std::uint16_t>(joinedLength(words.distinct));
        meta.words = static_cast<std::uint16_t>(std::min<std::size_t>(words.count, kMaxKeyLength));
        meta.distinctWords = static_cast<std::uint16_t>(words.distinct.size());
        m_keyMeta.push_back(meta);

        std::array<std::uint8_t, kBuckets> histogram{};
        for (char32_t c : text) {
            std::uint8_t& count = histogram[bucketOf(c)];
            if (count < 255)
                ++count;
        }
        m_histograms.push_back(histogram);
        for (const auto& w : words.distinct)
            wordKeys.emplace_back(std::u32string(w), keyIndex);
    }
    m_entryBegin.push_back(static_cast<std::uint32_t>(entries.size()));
    m_entries = std::move(entries);

    std::size_t maxLength = m_keyMeta.empty() ? 0 : m_keyMeta.back().length;
    m_lengthBegin.assign(maxLength + 2, 0);
    for (const KeyMeta& meta : m_keyMeta)
        ++m_lengthBegin[meta.length + 1];
    for (std::size_t n = 1; n < m_lengthBegin.size(); ++n)
        m_lengthBegin[n] += m_lengthBegin[n - 1];

    std::sort(wordKeys.begin(), wordKeys.end());
    for (std::size_t i = 0; i < wordKeys.size(); ++i) {
        if (i == 0 || wordKeys[i].first != wordKeys[i - 1].first) {
            m_postingBegin.push_back(static_cast<std::uint32_t>(m_postings.size()));
            m_words.push_back(wordKeys[i].first);
        }
        m_postings.push_back(wordKeys[i].second);
    }
    m_postingBegin.push_back(static_cast<std::uint32_t>(m_postings.size()));
}

std::size_t CandidateIndex::memoryBytes() const
{
    std::size_t bytes = m_nameBlob.capacity() + m_entries.capacity() * sizeof(Entry) +
                        m_entryBegin.capacity() * sizeof(std::uint32_t) + m_keyMeta.capacity() * sizeof(KeyMeta) +
                        m_textBegin.capacity() * sizeof(std::uint32_t) +
                        m_sortedBegin.capacity() * sizeof(std::uint32_t) + m_chars.capacity() * sizeof(char32_t) +
                        m_histograms.capacity() * kBuckets + m_otherBucket.capacity() * sizeof(m_otherBucket[0]) +
                        m_lengthBegin.capacity() * sizeof(std::uint32_t) +
                        m_postingBegin.capacity() * sizeof(std::uint32_t) +
                        m_postings.capacity() * sizeof(std::uint32_t) + m_words.capacity() * sizeof(std::u32string);
    for (const auto& w : m_words)
        if (w.capacity() * sizeof(char32_t) > sizeof(std::u32string))
            bytes += (w.capacity() + 1) * sizeof(char32_t);
    return bytes;
}

std::u32string_view CandidateIndex::keyText(std::size_t key) const
{
    return {m_chars.data() + m_textBegin[key], m_keyMeta[key].length};
}

std::u32string_view CandidateIndex::keySorted(std::size_t key) const
{
    return {m_chars.data() + m_sortedBegin[key], m_keyMeta[key].sortedLength};
}

// ---- Querying ----

CandidateIndex::Query CandidateIndex::prepare(std::string_view mention) const
{
    Query q;
    q.text = fuzz::preprocess(mention);
    q.length = q.text.size();
    const WordList words = wordsOf(q.text);
    q.words = words.count;
    q.hasRepeatedWords = words.distinct.size() < words.count;
    for (const auto& w : words.distinct)
        q.distinct.emplace_back(w);
    q.sorted = fuzz::sortedJoin(q.text);
    q.set = joinWords(words.distinct);
    q.sortedLength = q.sorted.size();
    q.setLength = q.set.size();
    q.sortedIsText = q.sorted == q.text;
    q.textPattern = BitPattern(q.text);
    q.sortedPattern = BitPattern(q.sorted);
    q.setPattern = BitPattern(q.set);

    std::array<std::size_t, kBuckets> counts{};
    for (char32_t c : q.text) {
        if (c < 128) {
            ++counts[m_asciiBucket[c]];
            continue;
        }
        const auto it =
            std::lower_bound(m_otherBucket.begin(), m_otherBucket.end(), std::make_pair(c, std::uint8_t{0}));
        ++counts[it != m_otherBucket.end() && it->first == c ? it->second : kSharedBucket];
    }
    for (std::size_t b = 0; b < kBuckets; ++b) {
        q.histogramExact = q.histogramExact && counts[b] <= 255;
        q.histogram[b] = static_cast<std::uint8_t>(std::min<std::size_t>(counts[b], 255));
    }

    q.sharesWord.assign((m_keyMeta.size() + 63) / 64, 0);
    for (const auto& w : q.distinct) {
        const auto it = std::lower_bound(m_words.begin(), m_words.end(), w);
        if (it == m_words.end() || *it != w)
            continue;
        const auto word = static_cast<std::size_t>(it - m_words.begin());
        for (std::uint32_t p = m_postingBegin[word]; p < m_postingBegin[word + 1]; ++p)
            q.sharesWord[m_postings[p] / 64] |= std::uint64_t{1} << (m_postings[p] % 64);
    }
    return q;
}

CandidateIndex::Scored CandidateIndex::scoreKey(const Query& q, std::size_t key, const TopK* top,
                                                RowCache& rows) const
{
    const KeyMeta& meta = m_keyMeta[key];
    const std::size_t m = q.length;
    const std::size_t n = meta.length;
    if (m == 0 || n == 0)
        return {0, 0};
    const std::u32string_view text = keyText(key);
    const std::size_t lcs = q.textPattern.lcs(text);
    const int base = rows.get(Plain, lcs, m + n);
    Scored out{base, base};
    // With the exact ratio known, the score this key needs to enter the list (0 for the brute force).
    const Entry& first = m_entries[m_entryBegin[key]];
    const int cutoff = top ? top->cutoff(base, first.entityOrder, first.nameOrder) : 0;

    const bool common = q.shares(key);
    const bool keyRepeats = meta.distinctWords < meta.words;
    const bool sortedSame = q.sortedIsText && m_sortedBegin[key] == m_textBegin[key];
    const std::u32string_view sorted = keySorted(key);
    const std::size_t ms = q.sortedLength;
    const std::size_t ns = meta.sortedLength;
    const std::size_t sortedLcs = sortedSame ? lcs : q.sortedPattern.lcs(sorted);
    const fuzz::WRatioBranch branch = fuzz::wratioBranch(m, n);

    // The token_set forms; only needed when a word is shared or repeated (otherwise they are the sorted forms).
    const auto tokenSetForms = [&](std::u32string& intersection, std::u32string& withA, std::u32string& withB) {
        const WordList words = wordsOf(text);
        std::vector<std::u32string_view> shared, onlyA, onlyB;
        std::size_t i = 0, j = 0;
        while (i < q.distinct.size() || j < words.distinct.size()) {
            if (j == words.distinct.size() || (i < q.distinct.size() && q.distinct[i] < words.distinct[j])) {
                onlyA.push_back(q.distinct[i++]);
            } else if (i == q.distinct.size() || words.distinct[j] < q.distinct[i]) {
                onlyB.push_back(words.distinct[j++]);
            } else {
                shared.push_back(words.distinct[j]);
                ++i;
                ++j;
            }
        }
        intersection = joinWords(shared);
        std::vector<std::u32string_view> a = shared, b = shared;
        a.insert(a.end(), onlyA.begin(), onlyA.end());
        b.insert(b.end(), onlyB.begin(), onlyB.end());
        withA = joinWords(a);
        withB = joinWords(b);
    };

    if (!branch.partial) {
        const int tokenSort = rows.get(Token, sortedLcs, ms + ns);
        out.score = std::max(base, tokenSort);
        if (!common && !q.hasRepeatedWords && !keyRepeats)
            return out;  // token_set compares the same strings as token_sort
        const int setBound = fuzz::weightToken(100);
        if (setBound <= out.score || setBound < cutoff)
            return out;
        std::u32string intersection, withA, withB;
        tokenSetForms(intersection, withA, withB);
        const int tokenSet = std::max({fuzz::ratio(intersection, withA), fuzz::ratio(intersection, withB),
                                       fuzz::ratio(withA, withB)});
        out.score = std::max(out.score, fuzz::weightToken(tokenSet));
        return out;
    }

    // Partial branch: each part's bound from the whole-string LCS, then the exact windows best bound first.
    const double scale = branch.scale;
    const std::size_t mn = std::min(m, n);
    const std::size_t mns = std::min(ms, ns);
    const Weight pw = partialWeight(scale);
    const Weight ptw = partialTokenWeight(scale);
    int best = base;
    if (common)
        best = std::max(best, fuzz::weightPartialToken(100, scale));  // the intersection is a window of both sides
    enum Part
    {
        Partial,
        PartialSort,
        PartialSet,
        PartCount
    };
    std::array<int, PartCount> bound{};
    bound[Partial] = rows.get(pw, std::min(lcs, mn), 2 * mn);
    bound[PartialSort] = rows.get(ptw, std::min(sortedLcs, mns), 2 * mns);
    // Without a shared or repeated word, the token_set forms are the sorted forms: nothing new to compute.
    bound[PartialSet] = (!common && (q.hasRepeatedWords || keyRepeats)) ? fuzz::weightPartialToken(100, scale) : -1;
    while (true) {
        const auto part = static_cast<Part>(std::max_element(bound.begin(), bound.end()) - bound.begin());
        const int b = bound[part];
        if (b <= best || b < cutoff)
            break;
        bound[part] = -1;
        if (part == Partial) {
            best = std::max(best, rows.get(pw, bestWindow(q.textPattern, q.text, text), 2 * mn));
        } else if (part == PartialSort) {
            best = std::max(best, rows.get(ptw, bestWindow(q.sortedPattern, q.sorted, sorted), 2 * mns));
        } else {
            const WordList words = wordsOf(text);
            const std::u32string keySet = joinWords(words.distinct);
            const std::size_t shorter = std::min(q.setLength, keySet.size());
            best = std::max(best, rows.get(ptw, bestWindow(q.setPattern, q.set, keySet), 2 * shorter));
        }
    }
    out.score = best;
    return out;
}

void CandidateIndex::offerKey(TopK& top, std::size_t key, Scored scored) const
{
    for (std::uint32_t e = m_entryBegin[key]; e < m_entryBegin[key + 1]; ++e) {
        const Entry& entry = m_entries[e];
        if (!top.admits(scored.score, scored.ratio, entry.entityOrder, entry.nameOrder))
            break;  // entries are in (entity order, name order): the later ones are worse still
        top.offer(TopK::Item{scored.score, scored.ratio, entry.entityOrder, entry.nameOrder, entry.entity, e});
    }
}

std::vector<Candidate> CandidateIndex::collect(const TopK& top) const
{
    std::vector<Candidate> out;
    out.reserve(top.items().size());
    for (const auto& item : top.items()) {
        const Entry& entry = m_entries[item.entry];
        out.push_back(Candidate{item.entity, item.score, item.ratio,
                                m_nameBlob.substr(entry.nameOffset, entry.nameLength)});
    }
    return out;
}

std::vector<Candidate> CandidateIndex::topKBruteForce(std::string_view mention, int k) const
{
    if (k <= 0 || m_keyMeta.empty())
        return {};
    // Deliberately independent of the search: the plain fuzz:: functions on every distinct pre-processed name,
    // every entity's best name kept, then one sort.
    const std::u32string q = fuzz::preprocess(mention);
    struct Best
    {
        int score = -1;
        int ratio = -1;
        std::uint32_t entityOrder = 0;
        std::uint32_t nameOrder = 0;
        std::uint32_t entry = 0;
    };
    const auto better = [](const Best& a, const Best& b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.ratio != b.ratio)
            return a.ratio > b.ratio;
        if (a.entityOrder != b.entityOrder)
            return a.entityOrder < b.entityOrder;
        return a.nameOrder < b.nameOrder;
    };
    std::vector<Best> best(m_entityCount);
    for (std::size_t key = 0; key < m_keyMeta.size(); ++key) {
        const std::u32string_view text = keyText(key);
        const int score = fuzz::wratioProcessed(q, text);
        const int ratio = fuzz::ratio(q, text);
        for (std::uint32_t e = m_entryBegin[key]; e < m_entryBegin[key + 1]; ++e) {
            const Entry& entry = m_entries[e];
            const Best candidate{score, ratio, entry.entityOrder, entry.nameOrder, e};
            Best& current = best[entry.entityOrder];
            if (current.score < 0 || better(candidate, current))
                current = candidate;
        }
    }
    const std::size_t count = std::min(best.size(), static_cast<std::size_t>(k));
    std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(count), best.end(), better);
    std::vector<Candidate> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Entry& entry = m_entries[best[i].entry];
        out.push_back(Candidate{entry.entity, best[i].score, best[i].ratio,
                                m_nameBlob.substr(entry.nameOffset, entry.nameLength)});
    }
    return out;
}

std::vector<Candidate> CandidateIndex::topK(std::string_view mention, int k) const
{
    if (k <= 0 || m_keyMeta.empty())
        return {};
    const Query q = prepare(mention);
    const std::size_t m = q.length;
    if (m == 0)
        return topKBruteForce(mention, k);  // every score is 0: the first k entities in KB order
    RowCache rows(m, 2 * m + m_lengthBegin.size());
    TopK top(static_cast<std::size_t>(k));

    // Length groups, best length-only bound first.
    struct Group
    {
        int score = 0;
        int ratio = 0;
        std::size_t length = 0;
    };
    std::vector<Group> groups;
    for (std::size_t n = 0; n + 1 < m_lengthBegin.size(); ++n) {
        if (m_lengthBegin[n] == m_lengthBegin[n + 1])
            continue;
        Group g;
        g.length = n;
        if (n > 0) {
            const fuzz::WRatioBranch branch = fuzz::wratioBranch(m, n);
            g.ratio = rows.get(Plain, std::min(m, n), m + n);
            g.score = std::max(g.ratio, branch.partial ? fuzz::weightPartial(100, branch.scale) : fuzz::weightToken(100));
        }
        groups.push_back(g);
    }
    std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.ratio != b.ratio)
            return a.ratio > b.ratio;
        return a.length < b.length;
    });

    struct Survivor
    {
        std::uint8_t score;
        std::uint8_t ratio;
        std::uint32_t key;
    };
    std::vector<Survivor> survivors;
    std::vector<Survivor> ordered;
    const std::size_t ms = q.sortedLength;
    const std::size_t mu = q.setLength;
#if defined(__SSE2__)
    const __m128i q0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q.histogram.data()));
    const __m128i q1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q.histogram.data() + 16));
    const __m128i zero = _mm_setzero_si128();
#endif
    for (const Group& g : groups) {
        if (!top.admits(g.score, g.ratio, 0, 0))
            break;  // groups are sorted by bound: none of the rest can enter either
        const std::size_t n = g.length;
        const std::uint32_t begin = m_lengthBegin[n];
        const std::uint32_t end = m_lengthBegin[n + 1];
        const fuzz::WRatioBranch branch = n > 0 ? fuzz::wratioBranch(m, n) : fuzz::WRatioBranch{};
        const Weight pw = partialWeight(branch.scale);
        const Weight ptw = partialTokenWeight(branch.scale);
        const std::size_t mn = std::min(m, n);
        const int commonSet = branch.partial ? fuzz::weightPartialToken(100, branch.scale) : fuzz::weightToken(100);

        // First level: character-overlap bounds for every key of the group.
        survivors.clear();
        for (std::uint32_t key = begin; key < end; ++key) {
            int score = 0;
            int ratio = 0;
            if (n > 0) {
                std::size_t overlap = 0;
                std::size_t spaces = std::min(q.histogram[kSpaceBucket], m_histograms[key][kSpaceBucket]);
                if (!q.histogramExact) {
                    overlap = m;
                } else {
#if defined(__SSE2__)
                    const auto* h = reinterpret_cast<const __m128i*>(m_histograms[key].data());
                    const __m128i sums = _mm_add_epi64(_mm_sad_epu8(_mm_min_epu8(q0, _mm_loadu_si128(h)), zero),
                                                       _mm_sad_epu8(_mm_min_epu8(q1, _mm_loadu_si128(h + 1)), zero));
                    overlap = static_cast<std::size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
#else
                    for (std::size_t b = 0; b < kBuckets; ++b)
                        overlap += std::min(q.histogram[b], m_histograms[key][b]);
#endif
                }
                const KeyMeta& meta = m_keyMeta[key];
                const std::size_t overlapNonSpace = overlap - std::min(overlap, spaces);
                const std::size_t ns = meta.sortedLength;
                const std::size_t nu = meta.setLength;
                const bool common = q.shares(key);
                const bool repeats = q.hasRepeatedWords || meta.distinctWords < meta.words;
                const std::size_t sortedOverlap = overlapNonSpace + std::min(q.words, std::size_t{meta.words}) - 1;
                const std::size_t setOverlap =
                    overlapNonSpace + std::min(q.distinct.size(), std::size_t{meta.distinctWords}) - 1;
                ratio = rows.get(Plain, std::min({overlap, m, n}), m + n);
                score = ratio;
                if (!branch.partial) {
                    const int sortBound = rows.get(Token, std::min({sortedOverlap, ms, ns}), ms + ns);
                    int setBound = sortBound;
                    if (common)
                        setBound = commonSet;
                    else if (repeats)
                        setBound = rows.get(Token, std::min({setOverlap, mu, nu}), mu + nu);
                    score = std::max({score, sortBound, setBound});
                } else {
                    const std::size_t mns = std::min(ms, ns);
                    const std::size_t mnu = std::min(mu, nu);
                    const int partialBound = rows.get(pw, std::min(overlap, mn), 2 * mn);
                    const int sortBound = rows.get(ptw, std::min(sortedOverlap, mns), 2 * mns);
                    int setBound = sortBound;
                    if (common)
                        setBound = commonSet;
                    else if (repeats)
                        setBound = rows.get(ptw, std::min(setOverlap, mnu), 2 * mnu);
                    score = std::max({score, partialBound, sortBound, setBound});
                }
            }
            const Entry& first = m_entries[m_entryBegin[key]];
            if (top.admits(score, ratio, first.entityOrder, first.nameOrder))
                survivors.push_back(Survivor{static_cast<std::uint8_t>(score), static_cast<std::uint8_t>(ratio), key});
        }

        // Best first-level bound first (stable: ties stay in name order).
        std::array<std::uint32_t, 102> start{};
        for (const Survivor& s : survivors)
            ++start[100 - s.score + 1];
        for (std::size_t i = 1; i < start.size(); ++i)
            start[i] += start[i - 1];
        ordered.resize(survivors.size());
        for (const Survivor& s : survivors)
            ordered[start[100 - s.score]++] = s;

        for (const Survivor& s : ordered) {
            const Entry& first = m_entries[m_entryBegin[s.key]];
            if (!top.admits(s.score, s.ratio, first.entityOrder, first.nameOrder))
                continue;
            offerKey(top, s.key, scoreKey(q, s.key, &top, rows));
        }
    }
    return collect(top);
}

} // namespace mel::core
