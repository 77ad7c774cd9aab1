// Candidate index: distinct pre-processed names as 16-bit symbols with bound data, a best-first exact top-K search,
// and the brute force it is tested against.
#include "mel/core/kb/candidateindex.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <exception>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "mel/core/kb/wratio.h"
#include "mel/core/util/error.h"

namespace mel::core {
namespace {

constexpr std::size_t kBuckets = 32;
constexpr std::uint8_t kSpaceBucket = 0;
constexpr std::uint8_t kSharedBucket = kBuckets - 1;
constexpr std::size_t kMaxKeyLength = 65535;
// Keys up to this length are packed for packedLcs (one key and its guard bit fit a 64-bit word).
constexpr std::size_t kMaxPackedLength = 63;
// Above this many keys the packed masks no longer pay: a query streams about 20 of their 64 columns from memory
// (an A/B with a temporary switch, docs/performance-history.md: 1,000,000 synthetic names p50 7.5-10 ms against 8.4 ms
// without, and twice the index memory; 400,000: level; 200,000: 1.5 against 2.5 ms), so larger indexes keep the
// bucket overlap alone.
constexpr std::size_t kMaxPackedKeys = 300000;
// packedLcs's marker for "no exact LCS from the packed pass" (longer keys, or a shared-bucket character in both).
constexpr std::uint8_t kNoPackedLcs = 255;
// Key histograms hold 4-bit counts; 15 means "15 or more", which is exact for the overlap as long as the mention's
// own counts stay below 16 (otherwise the query does not use the histogram).
constexpr std::uint8_t kMaxNibble = 15;
// Form class of a key of length n whose token_set form has length nu: 0 for "regular" keys (single spaces, no
// repeated word: both token forms are permutations of the text), then by how much shorter the set form is.
std::uint8_t formClass(std::size_t n, std::size_t nu)
{
    const std::size_t d = n - nu;
    return d == 0 ? 0 : d <= 2 ? 1 : d <= 4 ? 2 : d <= 8 ? 3 : 4;
}
constexpr std::size_t kMaxSymbols = 65535;
// KeyMeta flags: the key has one (entity, name) entry; some entity of the key also has names under other keys (the
// top-K list must then look for it before adding it).
constexpr std::uint16_t kSingleEntry = 1;
constexpr std::uint16_t kSharedEntities = 2;
constexpr std::size_t kUnknownLcs = std::numeric_limits<std::size_t>::max();
// A (length, form class) group smaller than this shares its table with the next class of the same length.
constexpr std::uint32_t kMinGroupKeys = 64;
// A search thread needs this many keys to pay for starting it.
constexpr std::size_t kMinKeysPerThread = 100000;

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

std::u32string joinWords(const std::vector<std::u32string_view>& words)
{
    std::u32string out;
    for (const auto& w : words) {
        if (!out.empty())
            out.push_back(U' ');
        out.append(w);
    }
    return out;
}

int popcount64(std::uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

// Bit-parallel LCS (Hyyrö) over the index's 16-bit symbols, with one mask per symbol of the alphabet: a mask lookup
// is one load whatever the script. Patterns of up to 64 symbols use one machine word; longer ones (a mention that is
// a whole sentence) use ceil(length / 64) words with carries. Symbol 0 (a mention character no name has) never
// matches. `capacity` is the longest pattern the object will hold (it is re-targeted with assign/clear).
class SymbolPattern
{
public:
    SymbolPattern() = default;

    // Re-sizes the mask table for a new query (the previous pattern, if any, must still be readable: its bits are
    // cleared, so the table is only re-filled when its size changes), then holds `pattern`.
    void reset(std::u16string_view pattern, std::size_t alphabet, std::size_t capacity)
    {
        clear();
        m_stride = std::max<std::size_t>(1, (capacity + 63) / 64);
        if (m_masks.size() != (alphabet + 1) * m_stride)
            m_masks.assign((alphabet + 1) * m_stride, 0);
        assign(pattern);
    }

    std::size_t size() const { return m_length; }
    bool singleWord() const { return m_words <= 1; }

    // Re-targets the pattern (the mask table must have been cleared with clear()).
    void assign(std::u16string_view pattern)
    {
        m_length = pattern.size();
        m_words = (m_length + 63) / 64;
        const std::size_t lastBits = m_length - (m_words == 0 ? 0 : (m_words - 1) * 64);
        m_used = lastBits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << lastBits) - 1;
        for (std::size_t i = 0; i < pattern.size(); ++i)
            if (pattern[i] != 0)
                m_masks[pattern[i] * m_stride + i / 64] |= std::uint64_t{1} << (i % 64);
        m_pattern = pattern;
        m_v.assign(m_words, 0);
    }
    void clear()
    {
        for (char16_t c : m_pattern)
            for (std::size_t w = 0; w < m_words; ++w)
                m_masks[c * m_stride + w] = 0;
        m_pattern = {};
        m_length = 0;
        m_words = 0;
    }
    bool has(char16_t c) const
    {
        for (std::size_t w = 0; w < m_words; ++w)
            if (m_masks[c * m_stride + w] != 0)
                return true;
        return false;
    }

    std::size_t lcs(const char16_t* text, std::size_t n) const
    {
        if (m_words <= 1) {
            std::uint64_t v = ~std::uint64_t{0};
            const std::uint64_t* masks = m_masks.data();
            const std::size_t stride = m_stride;
            for (std::size_t j = 0; j < n; ++j) {
                const std::uint64_t u = v & masks[text[j] * stride];
                v = (v + u) | (v - u);
            }
            return static_cast<std::size_t>(popcount64(~v & m_used));
        }
        std::fill(m_v.begin(), m_v.end(), ~std::uint64_t{0});
        for (std::size_t j = 0; j < n; ++j) {
            const std::uint64_t* mask = m_masks.data() + text[j] * m_stride;
            unsigned carry = 0;
            for (std::size_t w = 0; w < m_words; ++w) {
                const std::uint64_t u = m_v[w] & mask[w];
                const unsigned __int128 sum = static_cast<unsigned __int128>(m_v[w]) + u + carry;
                carry = static_cast<unsigned>(sum >> 64);
                m_v[w] = static_cast<std::uint64_t>(sum) | (m_v[w] - u);
            }
        }
        std::size_t lcs = 0;
        for (std::size_t w = 0; w < m_words; ++w)
            lcs += static_cast<std::size_t>(popcount64(~m_v[w] & (w + 1 == m_words ? m_used : ~std::uint64_t{0})));
        return lcs;
    }
    std::size_t lcs(std::u16string_view text) const { return lcs(text.data(), text.size()); }

    // Single-word patterns, this one and `reversed` (the same pattern reversed, same length): prefix[j] =
    // LCS(pattern, text[0, j)) and suffix[j] = LCS(pattern, text[j, n)) for j = 0..n. The reversed pattern reads
    // the text from its end, so the two passes are independent chains run in one loop. The LCS grows by one
    // exactly when the addition carries out of the pattern's top bit (Hyyro's V keeps ones above the pattern, so
    // the carry clears bit m of V + U; for m = 64 it is the carry out of the word).
    void prefixSuffixLcs(const SymbolPattern& reversed, const char16_t* text, std::size_t n, std::uint8_t* prefix,
                         std::uint8_t* suffix) const
    {
        const std::uint64_t* masks = m_masks.data();
        const std::uint64_t* masksReversed = reversed.m_masks.data();
        const std::size_t stride = m_stride, strideReversed = reversed.m_stride;
        const unsigned m = static_cast<unsigned>(m_length);
        std::uint64_t v = ~std::uint64_t{0}, w = v;
        unsigned forward = 0, backward = 0;
        prefix[0] = 0;
        suffix[n] = 0;
        for (std::size_t j = 0; j < n; ++j) {
            const std::uint64_t u = v & masks[text[j] * stride];
            const std::uint64_t x = w & masksReversed[text[n - 1 - j] * strideReversed];
            const std::uint64_t sum = v + u, sumReversed = w + x;
            if (m < 64) {
                forward += static_cast<unsigned>(~(sum >> m) & 1u);
                backward += static_cast<unsigned>(~(sumReversed >> m) & 1u);
            } else {
                forward += static_cast<unsigned>(sum < v);
                backward += static_cast<unsigned>(sumReversed < w);
            }
            v = sum | (v - u);
            w = sumReversed | (w - x);
            prefix[j + 1] = static_cast<std::uint8_t>(forward);
            suffix[n - 1 - j] = static_cast<std::uint8_t>(backward);
        }
    }

    // LCS against four texts at once (single-word patterns): four independent dependency chains keep the CPU's
    // units busy.
    void lcs4(const std::u16string_view* texts, std::size_t* out) const
    {
        const std::uint64_t* masks = m_masks.data();
        const std::size_t stride = m_stride;
        const std::size_t common = std::min({texts[0].size(), texts[1].size(), texts[2].size(), texts[3].size()});
        std::uint64_t v0 = ~std::uint64_t{0}, v1 = v0, v2 = v0, v3 = v0;
        const char16_t *t0 = texts[0].data(), *t1 = texts[1].data(), *t2 = texts[2].data(), *t3 = texts[3].data();
        for (std::size_t j = 0; j < common; ++j) {
            const std::uint64_t u0 = v0 & masks[t0[j] * stride], u1 = v1 & masks[t1[j] * stride];
            const std::uint64_t u2 = v2 & masks[t2[j] * stride], u3 = v3 & masks[t3[j] * stride];
            v0 = (v0 + u0) | (v0 - u0);
            v1 = (v1 + u1) | (v1 - u1);
            v2 = (v2 + u2) | (v2 - u2);
            v3 = (v3 + u3) | (v3 - u3);
        }
        std::uint64_t* vs[4] = {&v0, &v1, &v2, &v3};
        for (std::size_t k = 0; k < 4; ++k) {
            std::uint64_t v = *vs[k];
            for (std::size_t j = common; j < texts[k].size(); ++j) {
                const std::uint64_t u = v & masks[texts[k][j] * stride];
                v = (v + u) | (v - u);
            }
            out[k] = static_cast<std::size_t>(popcount64(~v & m_used));
        }
    }

private:
    std::size_t m_stride = 1;
    std::vector<std::uint64_t> m_masks;
    std::u16string_view m_pattern;
    std::size_t m_length = 0;
    std::size_t m_words = 0;
    std::uint64_t m_used = 0;
    mutable std::vector<std::uint64_t> m_v;  // multi-word state
};

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

constexpr std::size_t kMaxCachedSum = 4096;

// Rounded, weighted ratios R(x, sum) for x in [0, mention length], filled lazily per (weight, sum): the bounds
// look up the same few rows for thousands of keys.
class RowCache
{
public:
    void reset(std::size_t maxX, std::size_t maxSum)
    {
        m_width = maxX + 1;
        m_maxSum = std::min(maxSum, kMaxCachedSum);
        m_slot.assign(static_cast<std::size_t>(WeightCount) * (m_maxSum + 1), -1);
        m_values.clear();
    }

    // The hot path (a filled row) is inline; filling a row and the uncached cases are not.
    int get(Weight weight, std::size_t x, std::size_t sum)
    {
        if (sum <= m_maxSum && x < m_width) [[likely]] {
            const std::int32_t slot = m_slot[static_cast<std::size_t>(weight) * (m_maxSum + 1) + sum];
            if (slot >= 0) [[likely]]
                return m_values[static_cast<std::size_t>(slot) + x];
        }
        return fill(weight, x, sum);
    }

    // The row of (weight, sum) as an offset into values() (entries for x = 0..maxX), filled if needed; -1 when the
    // sum is beyond the cache. Offsets stay valid while values() may move.
    std::int32_t slot(Weight weight, std::size_t sum)
    {
        if (sum > m_maxSum)
            return -1;
        const std::int32_t slot = m_slot[static_cast<std::size_t>(weight) * (m_maxSum + 1) + sum];
        if (slot >= 0)
            return slot;
        fill(weight, 0, sum);
        return m_slot[static_cast<std::size_t>(weight) * (m_maxSum + 1) + sum];
    }
    const std::uint8_t* values() const { return m_values.data(); }

private:
    [[gnu::noinline]] int fill(Weight weight, std::size_t x, std::size_t sum)
    {
        if (sum > m_maxSum || x >= m_width)
            return applyWeight(weight, fuzz::ratioFromLcs(x, sum));
        std::int32_t& slot = m_slot[static_cast<std::size_t>(weight) * (m_maxSum + 1) + sum];
        slot = static_cast<std::int32_t>(m_values.size());
        for (std::size_t i = 0; i < m_width; ++i)
            m_values.push_back(static_cast<std::uint8_t>(applyWeight(weight, fuzz::ratioFromLcs(i, sum))));
        return m_values[static_cast<std::size_t>(slot) + x];
    }

    std::size_t m_width = 1;
    std::size_t m_maxSum = 0;
    std::vector<std::int32_t> m_slot;
    std::vector<std::uint8_t> m_values;
};

} // namespace

// ---- Per-query state ----

struct CandidateIndex::Query
{
    std::u32string text;            // pre-processed mention
    std::u32string sorted;          // token_sort form
    std::u32string set;             // distinct words joined (token_set's dA when no word is shared)
    std::u16string textSymbols, sortedSymbols, setSymbols;
    std::vector<std::u32string> distinct;
    std::vector<std::u16string> distinctSymbols;  // the same words as symbols, in code point order
    std::u16string scratchA, scratchB, scratchI, scratchRestA, scratchRestB;  // token_set forms of one key
    std::vector<char> scratchShared;
    std::size_t length = 0;
    std::size_t words = 0;
    bool sortedIsText = false;
    bool setIsSorted = false;
    SymbolPattern textPattern, sortedPattern, setPattern;
    SymbolPattern keyPattern;       // scratch: a key form shorter than the mention's, for partial windows
    // The three forms reversed (symbols and patterns), for the suffix LCS values of the partial windows' bound.
    std::u16string textReversed, sortedReversed, setReversed;
    SymbolPattern textPatternReversed, sortedPatternReversed, setPatternReversed;
    std::vector<std::uint8_t> prefixScratch, suffixScratch;
    std::array<std::uint8_t, kBuckets> histogram{};
    bool histogramExact = true;     // false when a bucket count passed 255: the overlap bound is then unused
    std::vector<std::pair<std::uint8_t, std::uint8_t>> bigBuckets;  // (bucket, mention count - 15) where above 15
    std::vector<std::uint64_t> sharesWord;  // bitset over keys: the key has a word of the mention
    // packedLcs's results: key -> LCS with the mention's text / token_sort form (kNoPackedLcs: not known exactly).
    std::vector<std::uint8_t> lcsText, lcsSorted;
    std::vector<std::uint64_t> packedState;     // scratch: one V word per packed word
    std::vector<const std::uint64_t*> packedColumns;  // scratch: the mask column of each mention character

    bool shares(std::size_t key) const { return (sharesWord[key / 64] >> (key % 64)) & 1u; }

    std::vector<std::uint16_t> patternCount, windowCount;  // scratch, per symbol, all zero between calls
    RowCache rowCache;         // rounded, weighted ratios for this mention
    std::vector<fuzz::WRatioBranch> branchOf;  // key length -> WRatio branch against this mention (a division each)
    // For a regular mention (single spaces, no repeated word) and regular keys of length n (the same), the rows
    // the LCS bound reads, as RowCache offsets: bound = max(plain[lcs], first[lcs], second[sortedLcs]), and at
    // least `common` when the key shares a word. plain == kRowsUnset: not filled yet; kRowsNone: not cacheable.
    struct LengthRows
    {
        std::int32_t plain = kRowsUnset, first = 0, second = 0;
        int common = 0;
    };
    static constexpr std::int32_t kRowsUnset = -2, kRowsNone = -1;
    std::vector<LengthRows> lengthRows;
    bool regular = false;           // the mention's token_sort and token_set forms are its text
    RowCache* rows = &rowCache;

    // Search scratch, kept between queries of one thread (see threadQuery) so that a query allocates nothing.
    std::vector<std::uint16_t> codes;   // key -> first-level bound, score * 256 + ratio (for gathered keys)
    std::vector<std::uint8_t> overlaps; // key -> bucket overlap with the mention
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;  // the keys this search covers, one range per group
    std::vector<std::uint32_t> rangeGroup;                        // the group of each range
    std::vector<std::uint8_t> groupTables;                        // per range: bounds by overlap
    std::vector<std::uint32_t> groupCounts;                       // per range: keys by (shares a word, overlap)
    std::vector<std::uint32_t> band, bandSorted;
    std::vector<std::uint32_t> countScratch;  // four interleaved overlap histograms of one group

    // Best window LCS of the shorter of (mention form, key form) over the longer; only windows that can reach
    // `need` are computed (a smaller result then only says "below need"). A window's LCS is at most its character
    // overlap with the pattern, which slides in O(1) per step.
    std::size_t bestWindow(const SymbolPattern& mentionPattern, const SymbolPattern& mentionReversed,
                           std::u16string_view mentionForm, std::u16string_view keyForm, std::size_t need)
    {
        if (keyForm.size() >= mentionForm.size()) {
            if (mentionPattern.singleWord() && keyForm.size() <= kMaxBoundedText)
                return boundedWindowSearch(mentionPattern, mentionReversed, keyForm, need);
            return windowSearch(mentionPattern, mentionForm, keyForm, need);
        }
        keyPattern.assign(keyForm);
        const std::size_t best = windowSearch(keyPattern, keyForm, mentionForm, need);
        keyPattern.clear();
        return best;
    }

    // The same search for a single-word mention pattern over a key form, with a tighter filter: the window
    // text[i, i + m) is a substring of both text[0, i + m) and text[i, n), and LCS never shrinks when a string
    // grows, so LCS(pattern, window) <= min(prefix LCS at i + m, suffix LCS at i). Both series come from one pass
    // each (prefixLcs); only windows whose bound reaches `need` and beats the best so far get their exact LCS.
    static constexpr std::size_t kMaxBoundedText = 1024;
    std::size_t boundedWindowSearch(const SymbolPattern& pattern, const SymbolPattern& reversed,
                                    std::u16string_view text, std::size_t need)
    {
        const std::size_t m = pattern.size();
        const std::size_t n = text.size();
        if (m == 0 || n < m || need > m)
            return 0;
        if (prefixScratch.size() < n + 1) {  // only grows: resize is not free on the hot path
            prefixScratch.resize(n + 1);
            suffixScratch.resize(n + 1);
        }
        std::uint8_t* prefix = prefixScratch.data();
        std::uint8_t* suffix = suffixScratch.data();
        pattern.prefixSuffixLcs(reversed, text.data(), n, prefix, suffix);
        const std::size_t last = n - m;
        std::size_t best = 0;
        for (std::size_t i = 0; i <= last; ++i) {
            const std::size_t bound = std::min(prefix[i + m], suffix[i]);
            if (bound < need || bound <= best)
                continue;
            // A window starting with a character the pattern lacks is no better than the next one.
            if (i < last && !pattern.has(text[i]))
                continue;
            best = std::max(best, pattern.lcs(text.data() + i, m));
            if (best == m)
                break;
        }
        return best;
    }

    std::size_t windowSearch(const SymbolPattern& pattern, std::u16string_view patternSymbols,
                             std::u16string_view text, std::size_t need)
    {
        const std::size_t m = pattern.size();
        if (m == 0 || text.size() < m || need > m)
            return 0;
        for (char16_t c : patternSymbols)
            if (c != 0)
                ++patternCount[c];
        std::size_t overlap = 0;
        const auto add = [&](char16_t c) {
            if (windowCount[c]++ < patternCount[c])
                ++overlap;
        };
        const auto remove = [&](char16_t c) {
            if (--windowCount[c] < patternCount[c])
                --overlap;
        };
        for (std::size_t j = 0; j < m; ++j)
            add(text[j]);
        const std::size_t last = text.size() - m;
        std::size_t best = 0;
        for (std::size_t i = 0; i <= last; ++i) {
            if (i > 0) {
                remove(text[i - 1]);
                add(text[i + m - 1]);
            }
            // A window starting with a character the pattern lacks is no better than the next one.
            if (overlap < need || overlap <= best || (i < last && patternCount[text[i]] == 0))
                continue;
            best = std::max(best, pattern.lcs(text.data() + i, m));
            if (best == m)
                break;
        }
        for (char16_t c : text)
            windowCount[c] = 0;
        for (char16_t c : patternSymbols)
            patternCount[c] = 0;
        return best;
    }
};

// The K best entities so far; an entity appears once, with its best name. A binary heap with the K-th (worst) item
// on top: admitting, replacing the worst and reading the cutoff are O(1) or O(log K) on a flat array. Entities are
// told apart by their KB order (one per entity); only an entity with names under several keys can be offered twice,
// and the caller says so (`mayRepeat`), so the linear look-up for it is rare.
class CandidateIndex::TopK
{
public:
    struct Item
    {
        int score = 0;
        int ratio = 0;
        std::uint32_t entityOrder = 0;  // first appearance of the entity in the input
        std::uint32_t nameOrder = 0;    // first appearance of the (entity, name) pair: picks among equal names
        std::uint32_t entry = 0;        // into m_entries
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

    explicit TopK(std::size_t k) : m_k(k) { m_items.reserve(k); }

    bool full() const { return m_items.size() >= m_k; }
    std::size_t capacity() const { return m_k; }
    const Item& worst() const { return m_items.front(); }

    // Whether an item with this (score, ratio, entity order, name order) would be better than the current K-th.
    bool admits(int score, int ratio, std::uint32_t entityOrder, std::uint32_t nameOrder) const
    {
        return m_items.size() < m_k || Better{}(Item{score, ratio, entityOrder, nameOrder, 0}, m_items.front());
    }

    // The smallest score with which (ratio, orders) would enter; 0 while the list is not full.
    int cutoff(int ratio, std::uint32_t entityOrder, std::uint32_t nameOrder) const
    {
        if (m_items.size() < m_k)
            return 0;
        const Item& worst = m_items.front();
        return admits(worst.score, ratio, entityOrder, nameOrder) ? worst.score : worst.score + 1;
    }

    // `mayRepeat`: the entity may already be in the list (it has names under other keys).
    void offer(const Item& item, bool mayRepeat)
    {
        if (mayRepeat) {
            for (Item& present : m_items) {
                if (present.entityOrder != item.entityOrder)
                    continue;
                if (Better{}(item, present)) {
                    present = item;
                    std::make_heap(m_items.begin(), m_items.end(), Better{});
                }
                return;
            }
        }
        if (!admits(item.score, item.ratio, item.entityOrder, item.nameOrder))
            return;
        if (m_items.size() < m_k) {
            m_items.push_back(item);
            std::push_heap(m_items.begin(), m_items.end(), Better{});
        } else {
            std::pop_heap(m_items.begin(), m_items.end(), Better{});
            m_items.back() = item;
            std::push_heap(m_items.begin(), m_items.end(), Better{});
        }
    }

    // Adds another list's items (each entity is offered once per list; both may hold it).
    void merge(const TopK& other)
    {
        for (const Item& item : other.m_items)
            offer(item, true);
    }

    // The items best first.
    std::vector<Item> sorted() const
    {
        std::vector<Item> out = m_items;
        std::sort(out.begin(), out.end(), Better{});
        return out;
    }

private:
    std::size_t m_k;
    std::vector<Item> m_items;  // heap: the worst on top
};

// The parts of a threaded query offer their items here too, so its K-th is that of every part's items together (a
// part's own K-th is only its share's, much lower). Its K-th is published as score * 256 + ratio for lock-free
// reads: it holds K distinct entities (offer with `mayRepeat`), each at least as good as that item, so the global
// K-th is no worse, and a key whose (score, ratio) bound lies strictly below it cannot enter the global top K.
// Skipping such a key in its part does not change whether a global top-K entity stays in that part's own list
// either (the items ahead of it there are all better globally too).
struct CandidateIndex::SharedList
{
    explicit SharedList(std::size_t k) : top(k) {}

    void offer(const TopK::Item& item)
    {
        const std::lock_guard<std::mutex> lock(mutex);
        top.offer(item, true);
        if (top.full())
            floor.store(static_cast<std::uint32_t>(top.worst().score * 256 + top.worst().ratio),
                        std::memory_order_relaxed);
    }

    std::mutex mutex;
    TopK top;
    std::atomic<std::uint32_t> floor{0};  // 0 until the list is full
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
        std::uint8_t formClass = 0;
    };
    std::vector<PendingKey> pending;
    std::unordered_map<std::u32string, std::uint32_t> keyOf;
    std::unordered_map<RowId, std::uint32_t> entityOrder;
    struct PairHash
    {
        std::size_t operator()(const std::pair<RowId, std::string_view>& p) const
        {
            return std::hash<std::string_view>{}(p.second) ^ (std::hash<RowId>{}(p.first) * 0x9E3779B97F4A7C15ULL);
        }
    };
    std::unordered_set<std::pair<RowId, std::string_view>, PairHash> seenPairs;
    seenPairs.reserve(names.size());
    keyOf.reserve(names.size());
    entityOrder.reserve(names.size());
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
    seenPairs.clear();
    m_entityCount = entityOrder.size();

    // Keys sorted by (length, form class, first appearance): a length and a (length, class) group are contiguous.
    for (PendingKey& key : pending)
        key.formClass = formClass(key.text.size(), joinWords(wordsOf(key.text).distinct).size());
    std::vector<std::uint32_t> order(pending.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (pending[a].text.size() != pending[b].text.size())
            return pending[a].text.size() < pending[b].text.size();
        if (pending[a].formClass != pending[b].formClass)
            return pending[a].formClass < pending[b].formClass;
        return pending[a].firstEntry < pending[b].firstEntry;
    });

    // Symbols in code point order; histogram buckets: space, the 30 most frequent other characters, the rest shared.
    std::unordered_map<char32_t, std::uint64_t> frequency;
    for (const auto& key : pending)
        for (char32_t c : key.text)
            ++frequency[c];
    std::vector<std::pair<char32_t, std::uint64_t>> byCode(frequency.begin(), frequency.end());
    if (byCode.size() > kMaxSymbols)
        throw Error(ErrorCode::Invalid, "candidate index: the names use more than 65535 distinct characters");
    std::sort(byCode.begin(), byCode.end());
    m_codeOfSymbol.assign(1, 0);
    for (const auto& [c, count] : byCode) {
        const auto symbol = static_cast<char16_t>(m_codeOfSymbol.size());
        m_codeOfSymbol.push_back(c);
        if (c < 128)
            m_asciiSymbol[c] = symbol;
        else
            m_otherSymbol.emplace_back(c, symbol);
    }
    std::vector<std::pair<char32_t, std::uint64_t>> byFrequency = byCode;
    std::sort(byFrequency.begin(), byFrequency.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    m_bucketOfSymbol.assign(m_codeOfSymbol.size(), kSharedBucket);
    std::uint8_t nextBucket = 1;
    for (const auto& [c, count] : byFrequency) {
        if (c == U' ')
            m_bucketOfSymbol[symbolOf(c)] = kSpaceBucket;
        else if (nextBucket < kSharedBucket)
            m_bucketOfSymbol[symbolOf(c)] = nextBucket++;
    }

    const auto encode = [this](std::u32string_view text) {
        std::u16string out(text.size(), u'\0');
        for (std::size_t i = 0; i < text.size(); ++i)
            out[i] = symbolOf(text[i]);
        return out;
    };
    const auto append = [this](const std::u16string& symbols) {
        if (m_symbols.size() + symbols.size() > std::numeric_limits<std::uint32_t>::max())
            throw Error(ErrorCode::Invalid, "candidate index: too many name characters");
        const auto begin = static_cast<std::uint32_t>(m_symbols.size());
        m_symbols.insert(m_symbols.end(), symbols.begin(), symbols.end());
        return begin;
    };

    // Entities with names under several keys.
    std::vector<std::uint32_t> keysOfEntity(m_entityCount, 0), lastKeyOfEntity(m_entityCount, 0);
    for (std::uint32_t k = 0; k < pending.size(); ++k) {
        for (std::uint32_t e : pending[k].entries) {
            const std::uint32_t entity = m_entries[e].entityOrder;
            if (keysOfEntity[entity] == 0 || lastKeyOfEntity[entity] != k) {
                ++keysOfEntity[entity];
                lastKeyOfEntity[entity] = k;
            }
        }
    }

    // Per key: forms, histogram; entries regrouped in key order.
    std::vector<Entry> entries;
    entries.reserve(m_entries.size());
    m_keyMeta.reserve(order.size());
    m_blocks = (order.size() + 31) / 32;
    m_columns.assign(kBuckets * m_blocks * 16, 0);
    m_entryBegin.reserve(order.size() + 1);
    // Postings: each distinct word gets a provisional id in first-seen order; (id, key) pairs are bucketed by id,
    // and the ids are renumbered in word order at the end (a hash instead of sorting every (word, key) string).
    std::unordered_map<std::u32string, std::uint32_t> wordId;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> wordKeys;  // (provisional word id, key)
    for (std::uint32_t keyIndex = 0; keyIndex < order.size(); ++keyIndex) {
        PendingKey& key = pending[order[keyIndex]];
        const auto firstEntry = static_cast<std::uint32_t>(entries.size());
        m_entryBegin.push_back(firstEntry);
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
        const std::u32string set = joinWords(words.distinct);
        KeyMeta meta;
        meta.textBegin = append(encode(text));
        meta.sortedBegin = sorted == text ? meta.textBegin : append(encode(sorted));
        meta.setBegin = set == sorted ? meta.sortedBegin : append(encode(set));
        meta.firstEntityOrder = m_entries[key.entries.front()].entityOrder;
        meta.firstNameOrder = m_entries[key.entries.front()].nameOrder;
        meta.firstEntry = firstEntry;
        if (key.entries.size() == 1)
            meta.flags |= kSingleEntry;
        for (std::uint32_t e : key.entries)
            if (keysOfEntity[m_entries[e].entityOrder] > 1)
                meta.flags |= kSharedEntities;
        meta.length = static_cast<std::uint16_t>(text.size());
        meta.sortedLength = static_cast<std::uint16_t>(sorted.size());
        meta.setLength = static_cast<std::uint16_t>(set.size());
        m_keyMeta.push_back(meta);

        std::array<std::uint8_t, kBuckets> counts{};
        for (char32_t c : text) {
            std::uint8_t& count = counts[m_bucketOfSymbol[symbolOf(c)]];
            if (count < kMaxNibble)
                ++count;
        }
        for (std::size_t b = 0; b < kBuckets; ++b)
            m_columns[(b * m_blocks + keyIndex / 32) * 16 + keyIndex % 16] |=
                static_cast<std::uint8_t>(counts[b] << (keyIndex % 32 >= 16 ? 4 : 0));
        // A new group per (length, form class), except that a group smaller than kMinGroupKeys takes the next
        // class of its length too (fewer tables per query; the bounds take the union's form length ranges).
        if (m_groups.empty() || m_groups.back().length != meta.length ||
            (pending[order[keyIndex - 1]].formClass != key.formClass &&
             m_groups.back().end - m_groups.back().begin >= kMinGroupKeys))
            m_groups.push_back(Group{keyIndex, keyIndex, meta.length, meta.sortedLength, meta.sortedLength,
                                     meta.setLength, meta.setLength});
        Group& group = m_groups.back();
        group.end = keyIndex + 1;
        group.sortedMin = std::min(group.sortedMin, meta.sortedLength);
        group.sortedMax = std::max(group.sortedMax, meta.sortedLength);
        group.setMin = std::min(group.setMin, meta.setLength);
        group.setMax = std::max(group.setMax, meta.setLength);
        for (const auto& w : words.distinct) {
            const auto [it, inserted] = wordId.try_emplace(std::u32string(w), static_cast<std::uint32_t>(wordId.size()));
            wordKeys.emplace_back(it->second, keyIndex);
        }
        key.text.clear();
        key.text.shrink_to_fit();
    }
    m_entryBegin.push_back(static_cast<std::uint32_t>(entries.size()));
    m_entries = std::move(entries);
    m_symbols.shrink_to_fit();
    buildPacked();

    std::size_t maxLength = m_keyMeta.empty() ? 0 : m_keyMeta.back().length;
    m_lengthBegin.assign(maxLength + 2, 0);
    for (const KeyMeta& meta : m_keyMeta)
        ++m_lengthBegin[meta.length + 1];
    for (std::size_t n = 1; n < m_lengthBegin.size(); ++n)
        m_lengthBegin[n] += m_lengthBegin[n - 1];

    // Words in code point order (what prepare's binary search needs); each word's keys ascending (they were added
    // in key order, and the counting sort below is stable).
    m_words.resize(wordId.size());
    for (auto& [word, id] : wordId)
        m_words[id] = word;
    std::vector<std::uint32_t> byWord(m_words.size());
    for (std::uint32_t i = 0; i < byWord.size(); ++i)
        byWord[i] = i;
    std::sort(byWord.begin(), byWord.end(), [this](std::uint32_t a, std::uint32_t b) { return m_words[a] < m_words[b]; });
    std::vector<std::uint32_t> rank(byWord.size());
    for (std::uint32_t r = 0; r < byWord.size(); ++r)
        rank[byWord[r]] = r;
    {
        std::vector<std::u32string> sortedWords(m_words.size());
        for (std::uint32_t r = 0; r < byWord.size(); ++r)
            sortedWords[r] = std::move(m_words[byWord[r]]);
        m_words = std::move(sortedWords);
    }
    m_postingBegin.assign(m_words.size() + 1, 0);
    for (const auto& [id, key] : wordKeys)
        ++m_postingBegin[rank[id] + 1];
    for (std::size_t w = 1; w < m_postingBegin.size(); ++w)
        m_postingBegin[w] += m_postingBegin[w - 1];
    m_postings.resize(wordKeys.size());
    std::vector<std::uint32_t> fill(m_postingBegin.begin(), m_postingBegin.end() - 1);
    for (const auto& [id, key] : wordKeys)
        m_postings[fill[rank[id]]++] = key;
}

void CandidateIndex::buildPacked()
{
    // Runs of one key length (the keys are sorted by length), floor(64 / (n + 1)) keys per word.
    m_packedRuns.clear();
    m_packedWords = 0;
    if (m_keyMeta.size() > kMaxPackedKeys)
        return;
    std::size_t words = 0;
    for (std::size_t begin = 0; begin < m_keyMeta.size();) {
        const std::size_t n = m_keyMeta[begin].length;
        std::size_t end = begin;
        while (end < m_keyMeta.size() && m_keyMeta[end].length == n)
            ++end;
        if (n >= 1 && n <= kMaxPackedLength) {
            PackedRun run;
            run.keyBegin = static_cast<std::uint32_t>(begin);
            run.keyEnd = static_cast<std::uint32_t>(end);
            run.length = static_cast<std::uint16_t>(n);
            run.perWord = static_cast<std::uint16_t>(64 / (n + 1));
            run.wordBegin = static_cast<std::uint32_t>(words);
            words += (end - begin + run.perWord - 1) / run.perWord;
            run.wordEnd = static_cast<std::uint32_t>(words);
            m_packedRuns.push_back(run);
        }
        begin = end;
    }
    m_packedWords = (words + 3) / 4 * 4;
    m_packedText.assign(kBuckets * m_packedWords, 0);
    m_packedSorted.assign(kBuckets * m_packedWords, 0);
    m_packedTextUsed.assign(m_packedWords, 0);
    m_packedSortedUsed.assign(m_packedWords, 0);
    m_sharedBucketKeys.assign((m_keyMeta.size() + 63) / 64, 0);
    const auto lowBits = [](std::size_t count) { return (std::uint64_t{1} << count) - 1; };
    for (const PackedRun& run : m_packedRuns) {
        for (std::uint32_t key = run.keyBegin; key < run.keyEnd; ++key) {
            const std::size_t index = key - run.keyBegin;
            const std::size_t word = run.wordBegin + index / run.perWord;
            const std::size_t shift = (index % run.perWord) * (run.length + 1u);
            const std::u16string_view text = keyText(key), sorted = keySorted(key);
            for (std::size_t i = 0; i < text.size(); ++i) {
                const std::uint8_t bucket = m_bucketOfSymbol[text[i]];
                m_packedText[bucket * m_packedWords + word] |= std::uint64_t{1} << (shift + i);
                if (bucket == kSharedBucket)
                    m_sharedBucketKeys[key / 64] |= std::uint64_t{1} << (key % 64);
            }
            for (std::size_t i = 0; i < sorted.size(); ++i)
                m_packedSorted[m_bucketOfSymbol[sorted[i]] * m_packedWords + word] |= std::uint64_t{1} << (shift + i);
            m_packedTextUsed[word] |= lowBits(text.size()) << shift;
            m_packedSortedUsed[word] |= lowBits(sorted.size()) << shift;
        }
    }
}

std::size_t CandidateIndex::memoryBytes() const
{
    std::size_t bytes = m_nameBlob.capacity() + m_entries.capacity() * sizeof(Entry) +
                        m_entryBegin.capacity() * sizeof(std::uint32_t) + m_keyMeta.capacity() * sizeof(KeyMeta) +
                        m_symbols.capacity() * sizeof(char16_t) + m_codeOfSymbol.capacity() * sizeof(char32_t) +
                        m_otherSymbol.capacity() * sizeof(m_otherSymbol[0]) + m_bucketOfSymbol.capacity() +
                        m_columns.capacity() + m_groups.capacity() * sizeof(Group) +
                        m_lengthBegin.capacity() * sizeof(std::uint32_t) +
                        m_postingBegin.capacity() * sizeof(std::uint32_t) +
                        m_postings.capacity() * sizeof(std::uint32_t) + m_words.capacity() * sizeof(std::u32string) +
                        m_packedRuns.capacity() * sizeof(PackedRun) +
                        (m_packedText.capacity() + m_packedSorted.capacity() + m_packedTextUsed.capacity() +
                         m_packedSortedUsed.capacity() + m_sharedBucketKeys.capacity()) *
                            sizeof(std::uint64_t);
    for (const auto& w : m_words)
        if (w.capacity() * sizeof(char32_t) > sizeof(std::u32string))
            bytes += (w.capacity() + 1) * sizeof(char32_t);
    return bytes;
}

char16_t CandidateIndex::symbolOf(char32_t c) const
{
    if (c < 128)
        return m_asciiSymbol[c];
    const auto it = std::lower_bound(m_otherSymbol.begin(), m_otherSymbol.end(), std::make_pair(c, char16_t{0}));
    return it != m_otherSymbol.end() && it->first == c ? it->second : char16_t{0};
}

std::u16string_view CandidateIndex::keyText(std::size_t key) const
{
    return {m_symbols.data() + m_keyMeta[key].textBegin, m_keyMeta[key].length};
}

std::u16string_view CandidateIndex::keySorted(std::size_t key) const
{
    return {m_symbols.data() + m_keyMeta[key].sortedBegin, m_keyMeta[key].sortedLength};
}

std::u16string_view CandidateIndex::keySet(std::size_t key) const
{
    return {m_symbols.data() + m_keyMeta[key].setBegin, m_keyMeta[key].setLength};
}

std::u32string CandidateIndex::decodeKey(std::size_t key) const
{
    const std::u16string_view symbols = keyText(key);
    std::u32string text(symbols.size(), U'\0');
    for (std::size_t i = 0; i < symbols.size(); ++i)
        text[i] = m_codeOfSymbol[symbols[i]];
    return text;
}

// ---- Querying ----

CandidateIndex::Query& CandidateIndex::threadQuery()
{
    static thread_local Query query;
    return query;
}

void CandidateIndex::prepare(Query& q, std::string_view mention) const
{
    // Patterns first: clearing them reads the previous query's symbols.
    q.textPattern.clear();
    q.textPatternReversed.clear();
    q.sortedPatternReversed.clear();
    q.setPatternReversed.clear();
    q.sortedPattern.clear();
    q.setPattern.clear();
    q.keyPattern.clear();
    q.text = fuzz::preprocess(mention);
    q.length = q.text.size();
    const WordList words = wordsOf(q.text);
    q.words = words.count;
    q.distinct.clear();
    for (const auto& w : words.distinct)
        q.distinct.emplace_back(w);
    q.sorted = fuzz::sortedJoin(q.text);
    q.set = joinWords(words.distinct);
    q.sortedIsText = q.sorted == q.text;
    q.setIsSorted = q.set == q.sorted;
    const auto encode = [this](std::u32string_view text, std::u16string& out) {
        out.resize(text.size());
        for (std::size_t i = 0; i < text.size(); ++i)
            out[i] = symbolOf(text[i]);
    };
    q.distinctSymbols.resize(q.distinct.size());
    for (std::size_t i = 0; i < q.distinct.size(); ++i)
        encode(q.distinct[i], q.distinctSymbols[i]);
    encode(q.text, q.textSymbols);
    encode(q.sorted, q.sortedSymbols);
    encode(q.set, q.setSymbols);
    const std::size_t alphabet = m_codeOfSymbol.size();
    q.textPattern.reset(q.textSymbols, alphabet, q.length);
    q.sortedPattern.reset(q.sortedSymbols, alphabet, q.length);
    q.setPattern.reset(q.setSymbols, alphabet, q.length);
    q.keyPattern.reset(std::u16string_view{}, alphabet, q.length);
    q.textReversed.assign(q.textSymbols.rbegin(), q.textSymbols.rend());
    q.sortedReversed.assign(q.sortedSymbols.rbegin(), q.sortedSymbols.rend());
    q.setReversed.assign(q.setSymbols.rbegin(), q.setSymbols.rend());
    q.textPatternReversed.reset(q.textReversed, alphabet, q.length);
    q.sortedPatternReversed.reset(q.sortedReversed, alphabet, q.length);
    q.setPatternReversed.reset(q.setReversed, alphabet, q.length);
    if (q.patternCount.size() != alphabet + 1) {  // otherwise all zero already
        q.patternCount.assign(alphabet + 1, 0);
        q.windowCount.assign(alphabet + 1, 0);
    }
    q.rowCache.reset(q.length, 2 * q.length + m_lengthBegin.size());
    q.branchOf.assign(m_lengthBegin.size(), fuzz::WRatioBranch{});
    q.lengthRows.assign(m_lengthBegin.size(), Query::LengthRows{});
    q.regular = q.sortedIsText && q.setIsSorted;
    if (q.length > 0)
        for (std::size_t n = 1; n < q.branchOf.size(); ++n)
            q.branchOf[n] = fuzz::wratioBranch(q.length, n);
    q.histogramExact = true;
    q.bigBuckets.clear();

    std::array<std::size_t, kBuckets> counts{};
    for (char16_t s : q.textSymbols)
        ++counts[s == 0 ? kSharedBucket : m_bucketOfSymbol[s]];
    for (std::size_t b = 0; b < kBuckets; ++b) {
        // A key nibble of 15 means "15 or more": for a bucket where the mention has more, the scan adds the
        // difference back for such keys (see bigBuckets), so the overlap stays an upper bound.
        if (counts[b] > kMaxNibble) {
            if (counts[b] > 255)
                q.histogramExact = false;
            q.bigBuckets.emplace_back(static_cast<std::uint8_t>(b), static_cast<std::uint8_t>(counts[b] - kMaxNibble));
        }
        q.histogram[b] = static_cast<std::uint8_t>(std::min<std::size_t>(counts[b], kMaxNibble));
    }

    q.sharesWord.assign((m_keyMeta.size() + 63) / 64 + 1, 0);  // one more word: the gathering reads 16 bits across
    for (const auto& w : q.distinct) {
        const auto it = std::lower_bound(m_words.begin(), m_words.end(), w);
        if (it == m_words.end() || *it != w)
            continue;
        const auto word = static_cast<std::size_t>(it - m_words.begin());
        for (std::uint32_t p = m_postingBegin[word]; p < m_postingBegin[word + 1]; ++p)
            q.sharesWord[m_postings[p] / 64] |= std::uint64_t{1} << (m_postings[p] % 64);
    }
}

namespace {

// Hyyrö's step for every packed key of words [begin, end) at once, the key as the pattern and the mention as the
// text (LCS is symmetric): V' = ((V + (V & M)) | (V & ~M)) & used. A carry out of a key's top position lands in its
// guard bit (zero in V and in M, so it goes no further) and `used` clears it again.
void packedSteps(const std::uint64_t* used, const std::uint64_t* const* columns, std::size_t steps,
                 std::size_t begin, std::size_t end, std::uint64_t* state)
{
    std::size_t w = begin;
#if defined(__SSE2__)
    // Four vectors per pass: one vector's steps form a dependency chain; four keep the units busy.
    const auto load = [](const std::uint64_t* at) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at)); };
    const auto step = [](__m128i v, __m128i mask, __m128i u) {
        return _mm_and_si128(_mm_or_si128(_mm_add_epi64(v, _mm_and_si128(v, mask)), _mm_andnot_si128(mask, v)), u);
    };
    for (; w + 8 <= end; w += 8) {
        const __m128i u0 = load(used + w), u1 = load(used + w + 2), u2 = load(used + w + 4), u3 = load(used + w + 6);
        __m128i v0 = u0, v1 = u1, v2 = u2, v3 = u3;
        for (std::size_t j = 0; j < steps; ++j) {
            const std::uint64_t* column = columns[j] + w;
            v0 = step(v0, load(column), u0);
            v1 = step(v1, load(column + 2), u1);
            v2 = step(v2, load(column + 4), u2);
            v3 = step(v3, load(column + 6), u3);
        }
        _mm_storeu_si128(reinterpret_cast<__m128i*>(state + w), v0);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(state + w + 2), v1);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(state + w + 4), v2);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(state + w + 6), v3);
    }
#endif
    for (; w < end; ++w) {
        std::uint64_t v = used[w];
        for (std::size_t j = 0; j < steps; ++j) {
            const std::uint64_t match = v & columns[j][w];
            v = ((v + match) | (v & ~columns[j][w])) & used[w];
        }
        state[w] = v;
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MEL_PACKED_AVX2 1
// The same steps four words per vector where the CPU has AVX2 (chosen at run time: the build targets plain x86-64).
__attribute__((target("avx2"))) void packedStepsAvx2(const std::uint64_t* used, const std::uint64_t* const* columns,
                                                    std::size_t steps, std::size_t words, std::uint64_t* state)
{
    std::size_t w = 0;
    for (; w + 16 <= words; w += 16) {
        __m256i u[4], v[4];
        for (std::size_t k = 0; k < 4; ++k)
            v[k] = u[k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(used + w + 4 * k));
        for (std::size_t j = 0; j < steps; ++j) {
            const std::uint64_t* column = columns[j] + w;
            for (std::size_t k = 0; k < 4; ++k) {
                const __m256i mask = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(column + 4 * k));
                const __m256i sum = _mm256_add_epi64(v[k], _mm256_and_si256(v[k], mask));
                v[k] = _mm256_and_si256(_mm256_or_si256(sum, _mm256_andnot_si256(mask, v[k])), u[k]);
            }
        }
        for (std::size_t k = 0; k < 4; ++k)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(state + w + 4 * k), v[k]);
    }
    packedSteps(used, columns, steps, w, words, state);
}
#endif

// Each key's two LCS values, the zero bits of the text and token_sort states at its used positions, and their
// maximum as its first-level value. `Count` is a popcount.
struct PackedOut
{
    std::uint8_t* text;
    std::uint8_t* sorted;
    std::uint8_t* value;
};

template <typename Count>
inline void packedCounts(const std::uint64_t* textState, const std::uint64_t* textUsed,
                         const std::uint64_t* sortedState, const std::uint64_t* sortedUsed, std::uint32_t wordBegin,
                         std::uint32_t wordEnd, std::size_t length, std::size_t perWord, std::size_t keys,
                         PackedOut out, Count count)
{
    const std::uint64_t low = (std::uint64_t{1} << length) - 1;
    std::size_t key = 0;
    for (std::uint32_t w = wordBegin; w < wordEnd; ++w) {
        const std::uint64_t textZeros = ~textState[w] & textUsed[w];
        const std::uint64_t sortedZeros = ~sortedState[w] & sortedUsed[w];
        const std::size_t end = std::min(keys, key + perWord);
        for (std::size_t shift = 0; key < end; ++key, shift += length + 1) {
            const auto text = static_cast<std::uint8_t>(count((textZeros >> shift) & low));
            const auto sorted = static_cast<std::uint8_t>(count((sortedZeros >> shift) & low));
            out.text[key] = text;
            out.sorted[key] = sorted;
            out.value[key] = std::max(text, sorted);
        }
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MEL_PACKED_POPCNT 1
__attribute__((target("popcnt"))) void packedCountsPopcnt(const std::uint64_t* textState,
                                                          const std::uint64_t* textUsed,
                                                          const std::uint64_t* sortedState,
                                                          const std::uint64_t* sortedUsed, std::uint32_t wordBegin,
                                                          std::uint32_t wordEnd, std::size_t length,
                                                          std::size_t perWord, std::size_t keys, PackedOut out)
{
    packedCounts(textState, textUsed, sortedState, sortedUsed, wordBegin, wordEnd, length, perWord, keys, out,
                 [](std::uint64_t x) { return __builtin_popcountll(x); });
}
#endif

} // namespace

void CandidateIndex::packedLcs(Query& q) const
{
    const std::size_t keys = m_keyMeta.size();
    q.lcsText.resize(keys);
    q.lcsSorted.resize(keys);
    q.packedState.resize(2 * m_packedWords);
    const std::uint32_t first = m_packedRuns.empty() ? 0 : m_packedRuns.front().keyBegin;
    const std::uint32_t last = m_packedRuns.empty() ? 0 : m_packedRuns.back().keyEnd;
    std::fill(q.lcsText.begin(), q.lcsText.begin() + first, kNoPackedLcs);
    std::fill(q.lcsText.begin() + last, q.lcsText.end(), kNoPackedLcs);
    if (m_packedRuns.empty())
        return;
#if defined(MEL_PACKED_POPCNT)
    static const bool hardwarePopcount = __builtin_cpu_supports("popcnt");
#endif
#if defined(MEL_PACKED_AVX2)
    static const bool hasAvx2 = __builtin_cpu_supports("avx2");
#endif
    bool mentionShared = false;
    std::uint64_t* const textState = q.packedState.data();
    std::uint64_t* const sortedState = textState + m_packedWords;
    for (const bool sorted : {false, true}) {
        const std::u16string& symbols = sorted ? q.sortedSymbols : q.textSymbols;
        const std::uint64_t* masks = (sorted ? m_packedSorted : m_packedText).data();
        const std::uint64_t* used = (sorted ? m_packedSortedUsed : m_packedTextUsed).data();
        q.packedColumns.clear();
        for (char16_t c : symbols) {
            if (c == 0)
                continue;  // no name has it: it matches nothing
            const std::uint8_t bucket = m_bucketOfSymbol[c];
            mentionShared = mentionShared || bucket == kSharedBucket;
            q.packedColumns.push_back(masks + bucket * m_packedWords);
        }
        std::uint64_t* state = sorted ? sortedState : textState;
#if defined(MEL_PACKED_AVX2)
        if (hasAvx2) {
            packedStepsAvx2(used, q.packedColumns.data(), q.packedColumns.size(), m_packedWords, state);
            continue;
        }
#endif
        packedSteps(used, q.packedColumns.data(), q.packedColumns.size(), 0, m_packedWords, state);
    }
    const PackedOut out{q.lcsText.data(), q.lcsSorted.data(), q.overlaps.data()};
    for (const PackedRun& run : m_packedRuns) {
        const std::size_t count = run.keyEnd - run.keyBegin;
        const PackedOut at{out.text + run.keyBegin, out.sorted + run.keyBegin, out.value + run.keyBegin};
#if defined(MEL_PACKED_POPCNT)
        if (hardwarePopcount) {
            packedCountsPopcnt(textState, m_packedTextUsed.data(), sortedState, m_packedSortedUsed.data(),
                               run.wordBegin, run.wordEnd, run.length, run.perWord, count, at);
            continue;
        }
#endif
        packedCounts(textState, m_packedTextUsed.data(), sortedState, m_packedSortedUsed.data(), run.wordBegin,
                     run.wordEnd, run.length, run.perWord, count, at, [](std::uint64_t x) { return popcount64(x); });
    }
    // With a shared-bucket character on both sides the bucket LCS is only an upper bound of the character LCS:
    // still a valid first-level value, but not exact.
    if (mentionShared) {
        for (std::size_t w = first / 64; w * 64 < last; ++w) {
            std::uint64_t word = m_sharedBucketKeys[w];
            while (word != 0) {
                const std::size_t key = w * 64 + static_cast<std::size_t>(__builtin_ctzll(word));
                word &= word - 1;
                if (key >= first && key < last)
                    q.lcsText[key] = kNoPackedLcs;
            }
        }
    }
}

// token_set_ratio when the key shares a word with the mention: I = the shared words, dA and
// dB = I followed by each side's other words. I is a prefix of both, so ratio(I, dA) and ratio(I, dB) follow from
// the lengths; only ratio(dA, dB) needs an LCS.
int CandidateIndex::tokenSetWithCommonWord(Query& q, std::size_t key) const
{
    const std::u16string_view set = keySet(key);  // the key's distinct words, sorted, one space apart
    const char16_t space = symbolOf(U' ');
    std::u16string& a = q.scratchA;
    std::u16string& b = q.scratchB;
    std::u16string& restA = q.scratchRestA;
    std::u16string& restB = q.scratchRestB;
    std::u16string& intersection = q.scratchI;
    restA.clear();
    restB.clear();
    intersection.clear();
    // Merge the two sorted word lists (symbol order is code point order for the key's words, and a mention word
    // with a character no name has is never shared).
    std::size_t i = 0;
    std::size_t pos = 0;
    const auto appendWord = [space](std::u16string& out, std::u16string_view word) {
        if (!out.empty())
            out.push_back(space);
        out.append(word);
    };
    std::vector<char>& shared = q.scratchShared;
    shared.assign(q.distinctSymbols.size(), 0);
    while (pos < set.size()) {
        std::size_t end = set.find(space, pos);
        if (end == std::u16string_view::npos)
            end = set.size();
        const std::u16string_view word = set.substr(pos, end - pos);
        pos = end + 1;
        bool found = false;
        for (i = 0; i < q.distinctSymbols.size(); ++i) {
            if (q.distinctSymbols[i] == word) {
                shared[i] = 1;
                found = true;
                break;
            }
        }
        if (found)
            appendWord(intersection, word);
        else
            appendWord(restB, word);
    }
    for (i = 0; i < q.distinctSymbols.size(); ++i)
        if (!shared[i])
            appendWord(restA, q.distinctSymbols[i]);
    a = intersection;
    if (!restA.empty())
        appendWord(a, restA);
    b = intersection;
    if (!restB.empty())
        appendWord(b, restB);
    const std::size_t ni = intersection.size();
    int best = std::max(fuzz::ratioFromLcs(ni, ni + a.size()), fuzz::ratioFromLcs(ni, ni + b.size()));
    if (ni == 0)
        best = 0;  // ratio("", x) is 0
    q.keyPattern.assign(a);
    best = std::max(best, fuzz::ratioFromLcs(q.keyPattern.lcs(b), a.size() + b.size()));
    q.keyPattern.clear();
    return best;
}

CandidateIndex::Scored CandidateIndex::scoreKey(Query& q, std::size_t key, const TopK* top,
                                                std::size_t knownLcs, std::size_t knownSortedLcs) const
{
    const std::size_t m = q.length;
    static_assert(sizeof(KeyMeta) == 32, "a key's record fills half a cache line");
    const KeyMeta& meta = m_keyMeta[key];
    const std::size_t n = meta.length;
    if (m == 0 || n == 0)
        return {0, 0};
    const std::u16string_view text = keyText(key);
    const std::size_t lcs = knownLcs != kUnknownLcs ? knownLcs : q.textPattern.lcs(text);
    RowCache& rows = *q.rows;
    const int base = rows.get(Plain, lcs, m + n);
    Scored out{base, base};
    // With the exact ratio known, the score this key needs to enter the list (0 for no list).
    const int cutoff = top ? top->cutoff(base, meta.firstEntityOrder, meta.firstNameOrder) : 0;
    const fuzz::WRatioBranch branch = q.branchOf[n];
    const int ceiling = branch.partial ? fuzz::weightPartial(100, branch.scale) : fuzz::weightToken(100);
    if (ceiling <= base || ceiling < cutoff)
        return out;  // no other part can raise the score, or none can raise it enough

    const bool common = q.shares(key);
    const std::u16string_view sorted = keySorted(key);
    const std::u16string_view set = keySet(key);
    const bool keySortedIsText = meta.sortedBegin == meta.textBegin;
    const bool keySetIsSorted = meta.setBegin == meta.sortedBegin;
    const bool sortedSame = q.sortedIsText && keySortedIsText;
    // Without a shared word, token_set's intersection is empty and it compares the two set forms.
    const bool setSame = q.setIsSorted && keySetIsSorted;
    const std::size_t ms = q.sorted.size(), ns = sorted.size();
    const std::size_t mu = q.set.size(), nu = set.size();

    if (!branch.partial) {
        const std::size_t sortedLcs =
            sortedSame ? lcs : knownSortedLcs != kUnknownLcs ? knownSortedLcs : q.sortedPattern.lcs(sorted);
        int best = std::max(base, rows.get(Token, sortedLcs, ms + ns));
        if (common) {
            const int bound = fuzz::weightToken(100);
            if (bound > best && bound >= cutoff)
                best = std::max(best, fuzz::weightToken(tokenSetWithCommonWord(q, key)));
        } else if (!setSame) {
            best = std::max(best, rows.get(Token, q.setPattern.lcs(set), mu + nu));
        }
        out.score = best;
        return out;
    }

    // Partial branch: each part is bounded by the LCS of the whole forms (a window is a substring), then the
    // exact windows are computed best bound first while they can still matter.
    const double scale = branch.scale;
    int best = base;
    if (common)
        best = std::max(best, fuzz::weightPartialToken(100, scale));  // the intersection is a window of both sides
    const std::size_t mn = std::min(m, n), mns = std::min(ms, ns), mnu = std::min(mu, nu);
    enum Part
    {
        Partial,
        PartialSort,
        PartialSet,
        PartCount
    };
    std::array<int, PartCount> bound{};
    const Weight pw = partialWeight(scale);
    const Weight ptw = partialTokenWeight(scale);
    bound[Partial] = rows.get(pw, std::min(lcs, mn), 2 * mn);
    const std::size_t sortedLcs =
        sortedSame ? lcs : knownSortedLcs != kUnknownLcs ? knownSortedLcs : q.sortedPattern.lcs(sorted);
    bound[PartialSort] = sortedSame && ms == m && ns == n
                             ? -1  // the same strings as partial_ratio: its value times 0.95, never above it
                             : rows.get(ptw, std::min(sortedLcs, mns), 2 * mns);
    bound[PartialSet] = (common || setSame)
                            ? -1
                            : rows.get(ptw, std::min(q.setPattern.lcs(set), mnu), 2 * mnu);
    while (true) {
        const auto part = static_cast<Part>(std::max_element(bound.begin(), bound.end()) - bound.begin());
        const int b = bound[part];
        if (b <= best || b < cutoff)
            break;
        bound[part] = -1;
        // The smallest window LCS whose weighted score would beat both `best` and the cutoff.
        const bool token = part != Partial;
        const std::size_t shorter = part == Partial ? mn : part == PartialSort ? mns : mnu;
        const int target = std::max(best + 1, cutoff);
        std::size_t lo = 0, hi = shorter + 1;
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (rows.get(token ? ptw : pw, mid, 2 * shorter) >= target)
                hi = mid;
            else
                lo = mid + 1;
        }
        std::size_t window = 0;
        if (part == Partial)
            window = q.bestWindow(q.textPattern, q.textPatternReversed, q.textSymbols, text, lo);
        else if (part == PartialSort)
            window = q.bestWindow(q.sortedPattern, q.sortedPatternReversed, q.sortedSymbols, sorted, lo);
        else
            window = q.bestWindow(q.setPattern, q.setPatternReversed, q.setSymbols, set, lo);
        best = std::max(best, rows.get(token ? ptw : pw, window, 2 * shorter));
    }
    out.score = best;
    return out;
}

void CandidateIndex::offerKey(TopK& top, std::size_t key, Scored scored, SharedList* shared) const
{
    // The key's best entry decides for all of them, without touching the entry table (a cache miss per key).
    const KeyMeta& meta = m_keyMeta[key];
    if (!top.admits(scored.score, scored.ratio, meta.firstEntityOrder, meta.firstNameOrder))
        return;
    if (meta.flags & kSingleEntry) {
        const TopK::Item item{scored.score, scored.ratio, meta.firstEntityOrder, meta.firstNameOrder, meta.firstEntry};
        top.offer(item, (meta.flags & kSharedEntities) != 0);
        if (shared != nullptr)
            shared->offer(item);
        return;
    }
    std::uint32_t previous = std::numeric_limits<std::uint32_t>::max();
    for (std::uint32_t e = m_entryBegin[key]; e < m_entryBegin[key + 1]; ++e) {
        const Entry& entry = m_entries[e];
        if (!top.admits(scored.score, scored.ratio, entry.entityOrder, entry.nameOrder))
            break;  // entries are in (entity order, name order): the later ones are worse still
        if (entry.entityOrder == previous)
            continue;  // the same entity under another name with this key: its first name is better
        previous = entry.entityOrder;
        const TopK::Item item{scored.score, scored.ratio, entry.entityOrder, entry.nameOrder, e};
        top.offer(item, (meta.flags & kSharedEntities) != 0);
        if (shared != nullptr)
            shared->offer(item);
    }
}

Candidate CandidateIndex::candidateOf(std::uint32_t entry, int score, int ratio) const
{
    const Entry& e = m_entries[entry];
    return Candidate{e.entity, score, ratio, m_nameBlob.substr(e.nameOffset, e.nameLength)};
}

// Every entity's best (score, ratio) over its names, as the brute-force baselines keep it; then the k best.
class CandidateIndex::BestPerEntity
{
public:
    explicit BestPerEntity(const CandidateIndex& index) : m_index(index), m_best(index.m_entityCount) {}

    // Every entry of `key` takes (score, ratio); an entity keeps its best name (TopK's order).
    void add(std::size_t key, int score, int ratio)
    {
        for (std::uint32_t e = m_index.m_entryBegin[key]; e < m_index.m_entryBegin[key + 1]; ++e) {
            const Entry& entry = m_index.m_entries[e];
            const TopK::Item candidate{score, ratio, entry.entityOrder, entry.nameOrder, e};
            Slot& current = m_best[entry.entityOrder];
            if (!current.set || TopK::Better{}(candidate, current.item))
                current = Slot{candidate, true};
        }
    }

    std::vector<Candidate> topK(int k)
    {
        const std::size_t count = std::min(m_best.size(), static_cast<std::size_t>(k));
        const auto better = [](const Slot& a, const Slot& b) { return TopK::Better{}(a.item, b.item); };
        std::partial_sort(m_best.begin(), m_best.begin() + static_cast<std::ptrdiff_t>(count), m_best.end(), better);
        std::vector<Candidate> out;
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i)
            out.push_back(m_index.candidateOf(m_best[i].item.entry, m_best[i].item.score, m_best[i].item.ratio));
        return out;
    }

private:
    struct Slot
    {
        TopK::Item item;
        bool set = false;
    };
    const CandidateIndex& m_index;
    std::vector<Slot> m_best;  // by entity order
};

std::vector<Candidate> CandidateIndex::topKBruteForce(std::string_view mention, int k) const
{
    if (k <= 0 || m_keyMeta.empty())
        return {};
    // Deliberately independent of the search: the plain fuzz:: functions on every distinct pre-processed name,
    // every entity's best name kept, then one sort.
    const std::u32string q = fuzz::preprocess(mention);
    BestPerEntity best(*this);
    for (std::size_t key = 0; key < m_keyMeta.size(); ++key) {
        const std::u32string text = decodeKey(key);
        best.add(key, fuzz::wratioProcessed(q, text), fuzz::ratio(q, text));
    }
    return best.topK(k);
}

std::vector<Candidate> CandidateIndex::topKScan(std::string_view mention, int k) const
{
    if (k <= 0 || m_keyMeta.empty())
        return {};
    Query& q = threadQuery();
    prepare(q, mention);
    BestPerEntity best(*this);
    for (std::size_t key = 0; key < m_keyMeta.size(); ++key) {
        const Scored scored = scoreKey(q, key, nullptr);
        best.add(key, scored.score, scored.ratio);
    }
    return best.topK(k);
}

std::vector<Candidate> CandidateIndex::topK(std::string_view mention, int k, int threads) const
{
    if (k <= 0 || m_keyMeta.empty())
        return {};
    std::size_t parts = static_cast<std::size_t>(std::clamp(threads, 1, 64));
    parts = std::min(parts, std::max<std::size_t>(1, m_keyMeta.size() / kMinKeysPerThread));
    if (parts == 1) {
        // One part on the caller's thread: no list shared between parts, no worker bookkeeping.
        Query& q = threadQuery();
        prepare(q, mention);
        if (q.text.empty())
            return topKBruteForce(mention, k);  // every score is 0: the first k entities in KB order
        TopK top(static_cast<std::size_t>(k));
        search(q, top, 0, 1, nullptr);
        std::vector<Candidate> out;
        out.reserve(static_cast<std::size_t>(k));
        for (const TopK::Item& item : top.sorted())
            out.push_back(candidateOf(item.entry, item.score, item.ratio));
        return out;
    }
    if (fuzz::preprocess(mention).empty())
        return topKBruteForce(mention, k);  // every score is 0: the first k entities in KB order
    // Each part searches its own contiguous share of every length group (part 0 on the caller's thread); the
    // global top K is within the union of the parts' lists (an entity better than a global top-K entity within its
    // part is better globally too). The parts also fill one shared list and skip keys below its K-th (SharedList).
    std::vector<TopK> tops(parts, TopK(static_cast<std::size_t>(k)));
    std::vector<std::exception_ptr> errors(parts);
    SharedList shared(static_cast<std::size_t>(k));
    const auto run = [&](std::size_t part) {
        try {
            Query& q = threadQuery();
            prepare(q, mention);
            search(q, tops[part], part, parts, parts > 1 ? &shared : nullptr);
        } catch (...) {
            errors[part] = std::current_exception();
        }
    };
    std::vector<std::thread> workers;
    workers.reserve(parts - 1);
    for (std::size_t part = 1; part < parts; ++part)
        workers.emplace_back(run, part);
    run(0);
    for (auto& worker : workers)
        worker.join();
    for (const auto& error : errors)
        if (error)
            std::rethrow_exception(error);
    for (std::size_t part = 1; part < parts; ++part)
        tops[0].merge(tops[part]);
    std::vector<Candidate> out;
    for (const TopK::Item& item : tops[0].sorted())
        out.push_back(candidateOf(item.entry, item.score, item.ratio));
    return out;
}

void CandidateIndex::search(Query& q, TopK& top, std::size_t part, std::size_t parts, SharedList* shared) const
{
    const std::size_t m = q.length;
    RowCache& rows = q.rowCache;
    // Each part takes a contiguous share of every length group: a thread streams only its own share of the
    // histograms (an interleaved split made every thread read every cache line).
    const auto shareBegin = [part, parts](std::uint32_t begin, std::uint32_t end) {
        return static_cast<std::uint32_t>(begin + (static_cast<std::uint64_t>(end - begin) * part) / parts);
    };
    const auto shareEnd = [part, parts](std::uint32_t begin, std::uint32_t end) {
        return static_cast<std::uint32_t>(begin + (static_cast<std::uint64_t>(end - begin) * (part + 1)) / parts);
    };

    // ---- Pass 1: every key's bucket overlap with the mention, and how many keys each score bound has ----
    // Within a group (one length, one form class) the first-level bound (score, ratio) is a non-decreasing function
    // of the overlap (groupTables below), so the pass stores one overlap byte per key and counts the keys per
    // (group, overlap, shares a word); nothing is scored or queued.
    auto& codes = q.codes;
    if (codes.size() < m_keyMeta.size())
        codes.resize(m_keyMeta.size());
    auto& overlaps = q.overlaps;
    if (overlaps.size() < m_blocks * 32 + 16)
        overlaps.resize(m_blocks * 32 + 16);
    auto& ranges = q.ranges;  // this part's key ranges, one per group: (begin, end)
    auto& rangeGroup = q.rangeGroup;
    ranges.clear();
    rangeGroup.clear();
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        const std::uint32_t begin = shareBegin(m_groups[g].begin, m_groups[g].end);
        const std::uint32_t end = shareEnd(m_groups[g].begin, m_groups[g].end);
        if (begin == end)
            continue;
        ranges.emplace_back(begin, end);
        rangeGroup.push_back(static_cast<std::uint32_t>(g));
    }
    // Overlaps are exact bucket overlaps when the mention's counts fit a byte sum (m <= 254); otherwise every key
    // takes the value kUnknownOverlap, whose table entry assumes the overlap is m.
    const bool exact = q.histogramExact && m <= 254;
    // On one thread the keys of up to 63 characters take their exact LCS (packedLcs) instead of their bucket
    // overlap, a tighter value for the same bounds (both LCSs are at most it). Its cost grows with the mention's
    // length, but a long mention's search costs far more without it.
    const bool packed = parts == 1 && m > 0 && m_packedWords > 0;
    // Table entries per group: one per overlap 0..m; without exact overlaps, one per packed LCS value (up to 63,
    // below kUnknownOverlap) and kUnknownOverlap for the others, or only that one entry.
    constexpr std::uint8_t kUnknownOverlap = 255;
    const std::size_t width = exact ? m + 1 : packed ? std::size_t{kUnknownOverlap} + 1 : 1;
    const std::uint8_t unknownValue = packed ? kUnknownOverlap : 0;
    if (exact) {
        // The buckets where the mention has characters (the others add min(0, count) = 0).
        const std::uint8_t* bucketColumn[kBuckets];
        std::uint8_t bucketCount[kBuckets];
        std::uint8_t bucketExtra[kBuckets];
        std::size_t touched = 0;
        for (std::size_t b = 0; b < kBuckets; ++b) {
            if (q.histogram[b] == 0)
                continue;
            bucketColumn[touched] = m_columns.data() + b * m_blocks * 16;
            bucketCount[touched] = q.histogram[b];
            bucketExtra[touched] = 0;
            for (const auto& [bucket, extra] : q.bigBuckets)
                if (bucket == b)
                    bucketExtra[touched] = extra;
            ++touched;
        }
        const bool anyExtra = !q.bigBuckets.empty();
        std::size_t done = 0;  // blocks below this one are computed
        for (std::size_t r = 0; r < ranges.size(); ++r) {
            const std::size_t length = m_groups[rangeGroup[r]].length;
            if (packed && length >= 1 && length <= kMaxPackedLength)
                continue;  // packedLcs gives these keys their value
            const auto [begin, end] = ranges[r];
            const std::size_t firstBlock = std::max<std::size_t>(done, begin / 32);
            const std::size_t endBlock = (end + 31) / 32;
            for (std::size_t j = firstBlock; j < endBlock; ++j) {
#if defined(__SSE2__)
                const __m128i lowNibbles = _mm_set1_epi8(0x0F);
                __m128i low = _mm_setzero_si128(), high = _mm_setzero_si128();
                for (std::size_t t = 0; t < touched; ++t) {
                    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bucketColumn[t] + j * 16));
                    const __m128i l = _mm_and_si128(v, lowNibbles);
                    const __m128i h = _mm_and_si128(_mm_srli_epi16(v, 4), lowNibbles);
                    const __m128i c = _mm_set1_epi8(static_cast<char>(bucketCount[t]));
                    low = _mm_add_epi8(low, _mm_min_epu8(l, c));
                    high = _mm_add_epi8(high, _mm_min_epu8(h, c));
                    if (anyExtra && bucketExtra[t] != 0) {
                        // A key count of 15 means "15 or more": add back what the mention has above 15.
                        const __m128i e = _mm_set1_epi8(static_cast<char>(bucketExtra[t]));
                        low = _mm_add_epi8(low, _mm_and_si128(_mm_cmpeq_epi8(l, lowNibbles), e));
                        high = _mm_add_epi8(high, _mm_and_si128(_mm_cmpeq_epi8(h, lowNibbles), e));
                    }
                }
                _mm_storeu_si128(reinterpret_cast<__m128i*>(overlaps.data() + j * 32), low);
                _mm_storeu_si128(reinterpret_cast<__m128i*>(overlaps.data() + j * 32 + 16), high);
#else
                for (std::size_t i = 0; i < 32; ++i) {
                    std::size_t sum = 0;
                    for (std::size_t t = 0; t < touched; ++t) {
                        const std::uint8_t nibble = (bucketColumn[t][j * 16 + i % 16] >> (i >= 16 ? 4 : 0)) & 0x0F;
                        sum += std::min(nibble, bucketCount[t]) + (nibble == kMaxNibble ? bucketExtra[t] : 0);
                    }
                    overlaps[j * 32 + i] = static_cast<std::uint8_t>(sum);
                }
#endif
            }
            done = std::max(done, endBlock);
        }
    } else {
        for (const auto& [begin, end] : ranges)
            std::fill(overlaps.begin() + begin, overlaps.begin() + end, unknownValue);
    }
    if (packed)
        packedLcs(q);

    // Per group: the bound tables by overlap (score without / with a shared word, ratio) and the key counts by
    // (shares a word, overlap).
    // A group's keys have length n, token_sort forms of length ns in [sortedMin, sortedMax] and token_set forms of
    // length nu in [setMin, setMax] (nu <= ns <= n, equal for regular keys). For a key with bucket overlap ov:
    //   * LCS(q, t) <= ov (the text bound of the header);
    //   * the token_sort forms are the texts' words one space apart and the token_set forms their distinct words:
    //     as character multisets they are sub-multisets of the texts, so their overlap (and LCS) is at most the
    //     texts' overlap, ov;
    //   * for a mention form of length a and a key form of length b in [lo, hi], R(min(ov, a, b), a + b) grows
    //     with b while b <= y = min(ov, a) (b / (a + b)) and falls after (y / (a + b)), so it is at most its value at
    //     b = clamp(y, lo, hi); a partial score 100 * min(ov, s) / s (s = the shorter length) falls with s, so
    //     over s >= min(a, lo) it is at most the value at s = min(a, lo).
    // Each table entry is therefore a bound for every key of the group with that overlap, and it does not decrease
    // with the overlap (every term is a non-decreasing function of it).
    const std::size_t groupCount = ranges.size();
    auto& tables = q.groupTables;  // per range: score[width], scoreCommon[width], ratio[width]
    tables.resize(groupCount * 3 * width);
    auto& keyCounts = q.groupCounts;  // per range: count[width] without a shared word, then with one
    keyCounts.assign(groupCount * 2 * width, 0);
    std::array<std::uint32_t, 101> count{};
    const std::size_t ms = q.sorted.size();
    const std::size_t mu = q.set.size();
    for (std::size_t r = 0; r < groupCount; ++r) {
        const Group& group = m_groups[rangeGroup[r]];
        const std::size_t n = group.length;
        std::uint8_t* score = tables.data() + r * 3 * width;
        std::uint8_t* scoreCommon = score + width;
        std::uint8_t* ratioOf = scoreCommon + width;
        if (n == 0) {
            // Empty names score 0 (ratio 0) against anything.
            std::fill(score, score + 3 * width, std::uint8_t{0});
        } else {
            const fuzz::WRatioBranch branch = q.branchOf[n];
            const Weight pw = partialWeight(branch.scale);
            const Weight ptw = partialTokenWeight(branch.scale);
            const std::size_t mn = std::min(m, n);
            const int commonSet =
                branch.partial ? fuzz::weightPartialToken(100, branch.scale) : fuzz::weightToken(100);
            const std::size_t sortedShorter = std::min<std::size_t>(ms, group.sortedMin);
            const std::size_t setShorter = std::min<std::size_t>(mu, group.setMin);
            for (std::size_t ov = 0; ov < width; ++ov) {
                const std::size_t x = exact || (packed && ov != kUnknownOverlap) ? ov : m;
                const int ratio = rows.get(Plain, std::min({x, m, n}), m + n);
                int bound = ratio;
                if (!branch.partial) {
                    // The key form length b in [lo, hi] that maximises R(min(y, b), a + b) for y = min(ov, a).
                    const auto worst = [x](std::size_t a, std::size_t lo, std::size_t hi) {
                        const std::size_t b = std::clamp(std::min(x, a), lo, hi);
                        return std::pair<std::size_t, std::size_t>{std::min({x, a, b}), a + b};
                    };
                    const auto [sortX, sortSum] = worst(ms, group.sortedMin, group.sortedMax);
                    const auto [setX, setSum] = worst(mu, group.setMin, group.setMax);
                    const int sortBound = rows.get(Token, sortX, sortSum);
                    const int setBound = rows.get(Token, setX, setSum);
                    bound = std::max({bound, sortBound, setBound});
                } else {
                    const int partialBound = rows.get(pw, std::min(x, mn), 2 * mn);
                    const int sortBound = rows.get(ptw, std::min(x, sortedShorter), 2 * sortedShorter);
                    const int setBound = rows.get(ptw, std::min(x, setShorter), 2 * setShorter);
                    bound = std::max({bound, partialBound, sortBound, setBound});
                }
                score[ov] = static_cast<std::uint8_t>(bound);
                scoreCommon[ov] = static_cast<std::uint8_t>(std::max(bound, commonSet));
                ratioOf[ov] = static_cast<std::uint8_t>(ratio);
            }
        }
        // Key counts by (shares a word, overlap).
        std::uint32_t* counts = keyCounts.data() + r * 2 * width;
        const auto [begin, end] = ranges[r];
        const std::uint8_t* ov = overlaps.data();
        // Every key counted by overlap into four interleaved histograms (consecutive keys often have the same
        // overlap: one histogram would chain every increment through the same memory word), then the few keys that
        // share a word moved to the second half.
        auto& split = q.countScratch;
        split.assign(4 * width, 0);
        std::uint32_t* c0 = split.data();
        std::uint32_t* c1 = c0 + width;
        std::uint32_t* c2 = c1 + width;
        std::uint32_t* c3 = c2 + width;
        std::uint32_t key = begin;
        for (; key + 4 <= end; key += 4) {
            ++c0[ov[key]];
            ++c1[ov[key + 1]];
            ++c2[ov[key + 2]];
            ++c3[ov[key + 3]];
        }
        for (; key < end; ++key)
            ++c0[ov[key]];
        for (std::size_t o = 0; o < width; ++o)
            counts[o] = c0[o] + c1[o] + c2[o] + c3[o];
        for (std::size_t w = begin / 64; w * 64 < end; ++w) {
            std::uint64_t word = q.sharesWord[w];
            while (word != 0) {
                const std::size_t sharing = w * 64 + static_cast<std::size_t>(__builtin_ctzll(word));
                word &= word - 1;
                if (sharing < begin || sharing >= end)
                    continue;
                --counts[ov[sharing]];
                ++counts[width + ov[sharing]];
            }
        }
        for (std::size_t o = 0; o < width; ++o) {
            count[score[o]] += counts[o];
            count[scoreCommon[o]] += counts[width + o];
        }
    }

    // ---- Pass 2: score the keys best bound first, in bands of score bounds ----
    // A band is gathered from the codes (in key order, so the key records and texts are read forward), sorted by
    // score bound, and scored while its keys can still enter. The bands double in size: the first ones hold the
    // few best-bound keys that set the K-th entity, the later ones are cut by it.
    // Parts of one query: the shared list's K-th (0 until it is full, or for one part).
    const auto floorCode = [shared]() -> std::uint32_t {
        return shared ? shared->floor.load(std::memory_order_relaxed) : 0;
    };
    auto& list = q.band;
    auto& sortedList = q.bandSorted;
    std::array<std::uint32_t, 102> at{};
    std::array<std::uint32_t, 4> batch{};
    std::size_t batchSize = 0;
    // An upper bound of a key's score from the exact LCS of the texts and of the token_sort forms, and its exact
    // ratio: every part of scoreKey is bounded as there before its partial windows (a window's LCS is at most the
    // whole forms' LCS; the token_set forms, the distinct words, are subsequences of the token_sort forms, so their
    // LCS is at most the token_sort LCS; a shared word bounds token_set by 100, weighted). It lets a key that
    // cannot enter skip scoreKey.
    const auto lcsBound = [&](std::uint32_t key, std::size_t lcs, std::size_t sortedLcs) -> std::pair<int, int> {
        const KeyMeta& meta = m_keyMeta[key];
        const std::size_t n = meta.length;
        if (q.regular && meta.sortedLength == n && meta.setBegin == meta.sortedBegin) {
            // The same bound as below for a regular mention and key (ms = m, ns = nu = n, setSame), from rows
            // looked up once per length.
            Query::LengthRows& lr = q.lengthRows[n];
            if (lr.plain == Query::kRowsUnset) {
                const fuzz::WRatioBranch branch = q.branchOf[n];
                const std::size_t mn = std::min(m, n);
                lr.plain = rows.slot(Plain, m + n);
                if (branch.partial) {
                    lr.first = rows.slot(partialWeight(branch.scale), 2 * mn);
                    lr.second = rows.slot(partialTokenWeight(branch.scale), 2 * mn);
                    lr.common = fuzz::weightPartialToken(100, branch.scale);
                } else {
                    lr.first = lr.plain;
                    lr.second = rows.slot(Token, m + n);
                    lr.common = fuzz::weightToken(100);
                }
                if (lr.first < 0 || lr.second < 0)
                    lr.plain = Query::kRowsNone;
            }
            if (lr.plain >= 0) {
                const std::uint8_t* values = rows.values();
                const int ratio = values[static_cast<std::size_t>(lr.plain) + lcs];
                int bound = std::max({ratio, static_cast<int>(values[static_cast<std::size_t>(lr.first) + lcs]),
                                      static_cast<int>(values[static_cast<std::size_t>(lr.second) + sortedLcs])});
                if (q.shares(key))
                    bound = std::max(bound, lr.common);
                return {bound, ratio};
            }
        }
        const int ratio = rows.get(Plain, lcs, m + n);
        const fuzz::WRatioBranch branch = q.branchOf[n];
        const bool setSame = q.setIsSorted && meta.setBegin == meta.sortedBegin;
        const std::size_t ms = q.sorted.size(), ns = meta.sortedLength, mu = q.set.size(), nu = meta.setLength;
        const bool common = q.shares(key);
        int bound = ratio;
        if (!branch.partial) {
            bound = std::max(bound, rows.get(Token, sortedLcs, ms + ns));
            if (common)
                bound = std::max(bound, fuzz::weightToken(100));
            else if (!setSame)
                bound = std::max(bound, rows.get(Token, std::min({sortedLcs, mu, nu}), mu + nu));
        } else {
            const Weight pw = partialWeight(branch.scale), ptw = partialTokenWeight(branch.scale);
            const std::size_t mn = std::min(m, n), mns = std::min(ms, ns), mnu = std::min(mu, nu);
            bound = std::max(bound, rows.get(pw, std::min(lcs, mn), 2 * mn));
            bound = std::max(bound, rows.get(ptw, std::min(sortedLcs, mns), 2 * mns));
            if (common)
                bound = std::max(bound, fuzz::weightPartialToken(100, branch.scale));
            else if (!setSame)
                bound = std::max(bound, rows.get(ptw, std::min(sortedLcs, mnu), 2 * mnu));
        }
        return {bound, ratio};
    };
    // Whether a key whose text and token_sort LCS are known can still enter (its own list, and the shared one).
    const auto lcsAdmits = [&](std::uint32_t key, std::size_t lcs, std::size_t sortedLcs) {
        const KeyMeta& meta = m_keyMeta[key];
        const auto [bound, ratio] = lcsBound(key, lcs, sortedLcs);
        return top.admits(bound, ratio, meta.firstEntityOrder, meta.firstNameOrder) &&
               (shared == nullptr || static_cast<std::uint32_t>(bound * 256 + ratio) >= floorCode());
    };
    const auto flush = [&]() {
        std::array<std::size_t, 4> lcs{}, sortedLcs{};
        lcs.fill(kUnknownLcs);
        sortedLcs.fill(kUnknownLcs);
        if (batchSize == 4 && q.textPattern.singleWord()) {
            std::array<std::u16string_view, 4> texts, sorted;
            std::array<std::size_t, 4> sortedOf{}, sortedResult{};
            std::size_t needSorted = 0;
            for (std::size_t b = 0; b < 4; ++b) {
                texts[b] = keyText(batch[b]);
                // The token_sort forms' LCS, which scoring needs unless both forms are the texts.
                const KeyMeta& meta = m_keyMeta[batch[b]];
                if (meta.length > 0 && !(q.sortedIsText && meta.sortedBegin == meta.textBegin)) {
                    sortedOf[needSorted] = b;
                    sorted[needSorted++] = keySorted(batch[b]);
                }
            }
            q.textPattern.lcs4(texts.data(), lcs.data());
            if (needSorted >= 2) {
                for (std::size_t b = needSorted; b < 4; ++b)
                    sorted[b] = sorted[0];  // unused lanes repeat one text, so the four chains stay in step
                q.sortedPattern.lcs4(sorted.data(), sortedResult.data());
                for (std::size_t b = 0; b < needSorted; ++b)
                    sortedLcs[sortedOf[b]] = sortedResult[b];
            }
            for (std::size_t b = 0; b < 4; ++b)
                if (m_keyMeta[batch[b]].length == 0)
                    lcs[b] = kUnknownLcs;
        }
        for (std::size_t b = 0; b < batchSize; ++b) {
            const KeyMeta& meta = m_keyMeta[batch[b]];
            if (lcs[b] != kUnknownLcs) {
                const bool sortedSame = q.sortedIsText && meta.sortedBegin == meta.textBegin;
                if ((sortedSame || sortedLcs[b] != kUnknownLcs) &&
                    !lcsAdmits(batch[b], lcs[b], sortedSame ? lcs[b] : sortedLcs[b]))
                    continue;
            }
            offerKey(top, batch[b], scoreKey(q, batch[b], &top, lcs[b], sortedLcs[b]), shared);
        }
        batchSize = 0;
    };
    std::size_t chunk = std::max<std::size_t>(256, 2 * top.capacity());
    int hi = 100;
    bool finished = false;
    while (hi >= 0 && !finished) {
        if (top.full() && !top.admits(hi, 100, 0, 0))
            break;  // nothing with a score bound of hi or less can enter
        const std::uint32_t sharedFloor = floorCode();
        if (static_cast<std::uint32_t>(hi * 256 + 100) < sharedFloor)
            break;  // nor into the shared list
        const int floor = std::max(top.full() ? top.worst().score : 0, static_cast<int>(sharedFloor / 256));
        int lo = hi;
        std::size_t total = count[static_cast<std::size_t>(hi)];
        while (lo > floor && total < chunk)
            total += count[static_cast<std::size_t>(--lo)];
        chunk *= 2;
        if (total == 0) {
            hi = lo - 1;
            continue;
        }
        // Gather the band's keys: per group, the overlaps whose score bound lies in [lo, hi] form one interval
        // without a shared word and one with (the tables do not decrease); each key's code is taken on the way.
        list.clear();
        for (std::size_t r = 0; r < groupCount; ++r) {
            const std::uint8_t* score = tables.data() + r * 3 * width;
            const std::uint8_t* scoreCommon = score + width;
            const std::uint8_t* ratioOf = scoreCommon + width;
            const std::uint32_t* counts = keyCounts.data() + r * 2 * width;
            // [first, last] overlaps, without and with a shared word; empty when first > last or nothing is there.
            const auto interval = [&](const std::uint8_t* table, const std::uint32_t* keysAt) {
                std::size_t first = 0;
                while (first < width && table[first] < lo)
                    ++first;
                std::size_t last = first, keys = 0;
                for (std::size_t o = first; o < width && table[o] <= hi; ++o) {
                    last = o + 1;
                    keys += keysAt[o];
                }
                return keys == 0 ? std::pair<std::size_t, std::size_t>{1, 0}
                                 : std::pair<std::size_t, std::size_t>{first, last - 1};
            };
            const auto [plainFirst, plainLast] = interval(score, counts);
            const auto [commonFirst, commonLast] = interval(scoreCommon, counts + width);
            const bool plain = plainFirst <= plainLast, common = commonFirst <= commonLast;
            if (!plain && !common)
                continue;
            const auto [begin, end] = ranges[r];
            const auto take = [&](std::uint32_t key) {
                const std::uint8_t o = overlaps[key];
                codes[key] =
                    static_cast<std::uint16_t>((q.shares(key) ? scoreCommon[o] : score[o]) * 256 + ratioOf[o]);
                list.push_back(key);
            };
            std::uint32_t key = begin;
#if defined(__SSE2__)
            // x in [first, last] <=> (x - first) mod 256 <= last - first <=> min(x - first, last - first) == x - first.
            const __m128i plainBase = _mm_set1_epi8(static_cast<char>(plainFirst));
            const __m128i plainWidth = _mm_set1_epi8(static_cast<char>(plainLast - plainFirst));
            const __m128i commonBase = _mm_set1_epi8(static_cast<char>(commonFirst));
            const __m128i commonWidth = _mm_set1_epi8(static_cast<char>(commonLast - commonFirst));
            const unsigned plainMask = plain ? 0xFFFFu : 0u, commonMask = common ? 0xFFFFu : 0u;
            for (; key + 16 <= end; key += 16) {
                const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(overlaps.data() + key));
                const __m128i x = _mm_sub_epi8(v, plainBase);
                unsigned bits =
                    static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, plainWidth), x))) &
                    plainMask;
                // The 16 keys' shared-word bits.
                const std::size_t word = key / 64, shift = key % 64;
                std::uint64_t shares = q.sharesWord[word] >> shift;
                if (shift > 48)
                    shares |= q.sharesWord[word + 1] << (64 - shift);
                const auto sharing = static_cast<unsigned>(shares & 0xFFFFu);
                if (sharing != 0) {
                    const __m128i y = _mm_sub_epi8(v, commonBase);
                    const unsigned commonBits =
                        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(y, commonWidth), y))) &
                        commonMask;
                    bits = (bits & ~sharing) | (commonBits & sharing);
                }
                while (bits != 0) {
                    take(key + static_cast<std::uint32_t>(__builtin_ctz(bits)));
                    bits &= bits - 1;
                }
            }
#endif
            for (; key < end; ++key) {
                const std::size_t o = overlaps[key];
                if (q.shares(key) ? (common && o >= commonFirst && o <= commonLast)
                                  : (plain && o >= plainFirst && o <= plainLast))
                    take(key);
            }
        }
        // Best score bound first (a stable counting sort: key order within a score).
        at.fill(0);
        for (std::uint32_t key : list)
            ++at[static_cast<std::size_t>(hi - codes[key] / 256) + 1];
        for (std::size_t s = 1; s < at.size(); ++s)
            at[s] += at[s - 1];
        sortedList.resize(list.size());
        for (std::uint32_t key : list)
            sortedList[at[static_cast<std::size_t>(hi - codes[key] / 256)]++] = key;
        for (std::size_t i = 0; i < sortedList.size(); ++i) {
            if (i + 32 < sortedList.size())
                __builtin_prefetch(&m_keyMeta[sortedList[i + 32]]);
            if (i + 16 < sortedList.size()) {
                const KeyMeta& ahead = m_keyMeta[sortedList[i + 16]];
                // The text and the end of the token_sort form that follows it.
                __builtin_prefetch(m_symbols.data() + ahead.textBegin);
                __builtin_prefetch(m_symbols.data() + ahead.sortedBegin + ahead.sortedLength);
            }
            const std::uint32_t key = sortedList[i];
            const int score = codes[key] / 256, ratio = codes[key] % 256;
            if (shared != nullptr) {
                const std::uint32_t sharedFloor = floorCode();
                if (codes[key] < sharedFloor) {
                    if (static_cast<std::uint32_t>(score * 256 + 100) < sharedFloor) {
                        finished = true;  // the band is in score order: the rest score lower still
                        break;
                    }
                    continue;
                }
            }
            if (top.full()) {
                if (!top.admits(score, ratio, 0, 0)) {
                    if (!top.admits(score, 100, 0, 0)) {
                        finished = true;  // the rest of the band and every later band have lower score bounds
                        break;
                    }
                    continue;
                }
                // Only a bound equal to the K-th (score, ratio) needs the KB order to decide.
                if (!top.admits(score, ratio, std::numeric_limits<std::uint32_t>::max(), 0)) {
                    const KeyMeta& first = m_keyMeta[key];
                    if (!top.admits(score, ratio, first.firstEntityOrder, first.firstNameOrder))
                        continue;
                }
            }
            if (packed && q.lcsText[key] != kNoPackedLcs) {
                // Both LCSs are known: the LCS bound, then scoring, without a batch.
                const std::size_t lcs = q.lcsText[key], sortedLcs = q.lcsSorted[key];
                if (lcsAdmits(key, lcs, sortedLcs))
                    offerKey(top, key, scoreKey(q, key, &top, lcs, sortedLcs), shared);
                continue;
            }
            batch[batchSize++] = key;
            if (batchSize == 4)
                flush();
        }
        flush();
        hi = lo - 1;
    }
}

} // namespace mel::core
