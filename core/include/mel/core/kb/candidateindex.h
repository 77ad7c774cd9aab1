// Exact top-K candidate generation by WRatio over every entity name, with pruning bounds instead of a full scan.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mel/core/store/types.h"

namespace mel::core {

struct Candidate
{
    RowId entity = 0;
    int score = 0;              // WRatio(mention, matchedName), 0..100
    int ratio = 0;              // plain ratio of the same pre-processed strings: the first tie-breaker
    std::string matchedName;    // the entity's best name or alias, as given to the index
};

// The candidate order, the same for topK and topKBruteForce:
//   1. score descending;
//   2. ratio descending (plain ratio of the pre-processed mention and matched name);
//   3. KB order: the position where the entity first appears in the constructor's `names`.
// An entity with several names takes its best name by (score, ratio), the earliest given name among equals.
//
// Exactness. topK returns exactly what topKBruteForce returns (the brute force scores every distinct name). Names
// are grouped by pre-processed text ("keys": WRatio only sees that), and a key is skipped only when an upper bound
// on everything it could produce (score, ratio, its smallest name) is strictly worse than the current K-th entity,
// which only improves as the search goes on. The bounds, for mention q (length m) and key t (length n):
//
//   * Character overlap. LCS(x, y) <= ov(x, y) = sum over characters c of min(count_x(c), count_y(c)). Counts are
//     kept per key in 32 buckets (space; the 30 most frequent characters of the names; everything else shared);
//     merging characters into a bucket only raises the sum, so the bucket overlap is still an upper bound. They
//     are stored bucket-major (4 bits a key, 32 keys in 16 bytes a bucket), so a query reads only the buckets
//     where its mention has characters and sums 32 keys' overlaps with a few SIMD operations per bucket.
//   * ratio(q, t) = round(200 LCS / (m + n)) <= R(min(ov, m, n), m + n).
//   * token_sort forms (the words one space apart) and token_set forms (the distinct words) are sub-multisets of
//     the text's characters, so their overlap, and their LCS, is at most the texts' ov (when there is no common
//     word; a common word makes partial_token_set 100: the intersection is a prefix of both sides).
//   * partial_ratio: every window of the longer string is a substring of it, so the best window LCS <= LCS of the
//     whole strings <= ov, divided by the shorter length.
//   * A length alone bounds every key of that length: len_ratio fixes the branch and scale, so the score is at most
//     100 / 95 (similar lengths) or 100*scale (partial branch), and the ratio at most R(min(m, n), m + n).
//   * Groups: keys are sorted by (length, form class: how much shorter their token_set form is; a class of fewer
//     than 64 keys joins the next one), and a group keeps the range of its keys' token_sort and token_set form
//     lengths. With the form lengths maximised over those ranges, every part bound above is a non-decreasing
//     function of the text overlap alone: one table per group and query, entries for overlap 0..m (without a
//     shared word, and with one: then at least the partial_token_set value above).
//   * Packed LCS, in place of the overlap for keys of 1..63 characters in an index of at most 300,000 keys, on one
//     thread (a mention of any length): the exact LCS of the texts and of the token_sort forms, every such key at
//     once. Each key is a bit-parallel pattern (its bucket position masks, stored at build) and
//     the mention the text, so one pass of m steps serves all keys; keys of length n are packed floor(64 / (n + 1))
//     per 64-bit word with a guard bit after each (cleared after every step, it absorbs the addition's carry) and
//     run four words per AVX2 vector where the CPU has it. The larger of the two LCS values stands in for the
//     overlap byte below (it bounds both LCSs, and the token_set LCS through the token_sort one), and the two
//     values replace the second level's LCS. Where mention and key both have characters of the shared bucket the
//     bucket LCS is only an upper bound: it still serves as the first-level value, and the second level computes
//     the exact LCS as before. Wikidata-MEL (2026-12-05): p50 0.47 -> 0.22-0.29 ms. (In a throwaway experiment over 134
//     of its mentions, the final K-th score let 5,360 keys per mention through by overlap, 1,150 by exact LCS.)
//   * Second level, only for keys that pass the first: the exact LCS of q and t (bit-parallel over 16-bit symbols,
//     one mask load per character, four keys interleaved) gives the exact ratio and bounds partial_ratio; the LCS
//     of the sorted forms does the same for the token parts.
//   * Partial windows, only where those bounds still reach the score that would matter: the window t[i, i + m) is
//     a substring of both the prefix t[0, i + m) and the suffix t[i, n), and LCS never shrinks when a string grows,
//     so LCS(q, window) <= min(LCS(q, t[0, i + m)), LCS(q, t[i, n))). One forward pass of the bit-parallel LCS gives
//     every prefix value (the LCS grows exactly when the addition carries out of the pattern's top bit) and one
//     pass of the reversed mention over the reversed name every suffix value; only windows whose bound reaches the
//     needed LCS get an exact LCS.
//
// Search order (any order is exact; this one makes the K-th score rise early so that the bounds cut more):
//   1. one pass over the mention's bucket columns (and the packed LCS pass) writes every key's overlap byte (its
//      LCS value where packed) to a per-query array; the keys are then counted per (group, overlap, shares a
//      word), so the keys per score bound follow from the tables: no key is scored or queued yet;
//   2. bands of score bounds, best first, are gathered from that array (in key order, so the key records and texts
//      are read forward): in each group the band is one overlap interval (two: without and with a shared word,
//      selected by the mention's word bitset), found with SIMD byte compares. The band's keys are ordered by score
//      bound and scored while they can still enter the list. The first band holds a few hundred keys, which sets a
//      good K-th entity; each later band is twice as large, starts no lower than the K-th score, and every key in
//      it is checked against the current K-th before it is scored;
//   3. the search stops at the first score bound that cannot enter the list.
// Measured alternatives (Wikidata-MEL mentions): a best-first queue filled during the histogram scan (the previous
// design) pushed three times more keys than the final K-th lets through, and its bucket lists cost a cache miss per
// key; seeding with keys that share a word is no longer needed (they carry high bounds and come in the first band).
// Refining every survivor's overlap bound with the exact LCS of both forms before scoring cut the exact scorings 4x
// but saved no time (the scoring's own early exits cost the same).
//
// Threads (topK's `threads`): each part takes a contiguous share of every length group and runs the search above on
// it. Every item a part admits to its own list is also offered to one shared list (a mutex; a few hundred offers per
// query), whose K-th, published as an atomic score * 256 + ratio, is a lower bound of the global K-th; every part
// skips the keys bounded strictly below it. Measured on 1,000,000 synthetic names (200 mentions, load 5-7 on 2
// cores), CPU p50 summed over the threads: one thread 20.7-22.6 ms; two threads with only their own K-th 33.6-35.0
// ms (each part's K-th is that of its half, so together they scored 54,000 keys per mention against 31,400);
// sharing only the better part's own K-th 31.0 ms; the shared list 21.6 ms, i.e. the split now costs no extra CPU
// and halves the work per core (on a loaded machine the wall time still waits for a free core).
//
// Where the time goes (measured 2026-12-03, instrumented build): on Wikidata-MEL per mention 4,310 keys are scored,
// 320 of them enter the list, and 2,815 of the 4,310 are in WRatio's partial branch (length ratio >= 1.5), whose
// overlap bound is loose (the shorter string's characters are nearly all in the longer one, so the bound sits near
// 90 while the 100th score is about 55); time: batched LCS 21%, histogram pass 12%, window prefix/suffix passes 7%,
// row tables 6%, band gathering and checks 10%. On 1,000,000 names the histogram pass is 46% of the time (10 ns per
// key, of which streaming 16 MB costs 2.5-6 ms on this machine), scoring 46% (31,400 keys per mention, 27,800 of them
// in the partial branch) and gathering 7%. Block-level skipping was measured before building it: with the final K-th
// score known, a 32-key block's elementwise-max histogram leaves 94% of the keys in blocks that reach the K-th
// (99.6% on Wikidata-MEL) in first-appearance order, and 67% (96.6%) with the keys of a length sorted by their
// character-presence mask (most frequent character first), against 5.7% (30%) of the keys by their own bound: short
// mentions' characters are all present somewhere in almost every block, so blocks would save at most a third of
// the histogram pass. What both targets need is a first-level bound for the partial branch.
// The bucket-major columns then replaced the row-major 16-byte histograms (measured A/B on 1,000,000 names, 200
// mentions, one thread, load 6-7: CPU p50 20.1 -> 10.5 ms): the first pass no longer does per-key work beyond a
// byte store and a count, and a band's gathering scans one byte per key instead of a 16-bit code; with the first
// pass cheap, the scoring of the partial branch's keys is what remains at both sizes (Wikidata-MEL: 1.2 -> 1.0-1.15
// ms, within the noise of the loaded machine).
// After the batched LCS, a key whose bound from its text and token_sort LCS (every part before the partial windows)
// cannot enter skips scoreKey (A/B on Wikidata-MEL, load 5-8: CPU p50 0.70-0.74 -> 0.65-0.69 ms). Measured and
// left out (2026-12-03 late, Wikidata-MEL, load 6-15): with the K-th known from the start, every key scored still
// has a first-level bound at or above it (4,300 per mention, 140 of them reach it), so ordering cannot help; only a
// tighter bound or a cheaper LCS can. The batched scalar LCS runs at ~1 ns per key character (4 or 8 chains alike).
// One key per AVX2 lane with gathers of symbols and masks: 1.3-1.6 ns per character (slower). Texts stored
// column-wise per 16-key block as byte codes, one key per 16/32/64-bit lane, match masks from one compare per
// distinct mention character (8-bit lanes, two blocks per vector, for mentions up to 8): fast per lane, but only
// 27% of the lanes of the 1,043 (of 1,180) blocks a query touches are candidates, and the token_sort forms need a
// second pass; end to end 0.82-0.88 ms against 0.70-0.79 ms.
//
// Thread safety: const methods may be called from several threads at once.
class CandidateIndex
{
public:
    CandidateIndex() = default;
    // (entity row id, name or alias). Several names per entity are fine; repeated pairs count once.
    explicit CandidateIndex(const std::vector<std::pair<RowId, std::string>>& names);

    // The k best entities for `mention` under the order above (fewer when the index has fewer entities).
    // `threads` > 1 splits the keys between that many threads (one of them the caller's) when the index is large
    // enough to pay for it (100,000 keys per thread); the result is the same (see "Threads" above).
    std::vector<Candidate> topK(std::string_view mention, int k = 100, int threads = 1) const;
    // The same list computed by scoring every distinct name in full (every WRatio part, as fuzzywuzzy does): the
    // reference the index is tested against.
    std::vector<Candidate> topKBruteForce(std::string_view mention, int k = 100) const;
    // The benchmark's baseline: a reasonably optimised brute-force scan. Every distinct name gets its exact WRatio
    // from the same code topK uses (mention prepared once, name forms precomputed, no allocation per name, only the
    // shortcuts inside one pair's WRatio), with no bound that skips a name; then one partial sort. Same result.
    std::vector<Candidate> topKScan(std::string_view mention, int k = 100) const;

    std::size_t nameCount() const { return m_entries.size(); }   // distinct (entity, name) pairs
    std::size_t keyCount() const { return m_keyMeta.size(); }    // distinct pre-processed names
    std::size_t entityCount() const { return m_entityCount; }
    // Bytes held by the index's own arrays (capacity, not counting allocator overhead).
    std::size_t memoryBytes() const;

private:
    struct Query;          // the prepared mention
    class TopK;            // the K best entities found so far
    class BestPerEntity;   // the brute-force baselines' per-entity best
    struct SharedList;     // the K best over every part of a threaded query
    // Everything the search reads about a key, in one place: 32 bytes, aligned, so a key never straddles two cache
    // lines.
    struct alignas(32) KeyMeta
    {
        std::uint32_t textBegin = 0;     // offsets of the key's forms in m_symbols; equal forms share one
        std::uint32_t sortedBegin = 0;
        std::uint32_t setBegin = 0;
        std::uint32_t firstEntityOrder = 0;  // the key's best entry (smallest entity order, then name order)
        std::uint32_t firstNameOrder = 0;
        std::uint16_t length = 0;        // pre-processed length in code points
        std::uint16_t sortedLength = 0;  // length of the token_sort form
        std::uint16_t setLength = 0;     // length of the distinct words joined
        std::uint16_t flags = 0;         // kSingleEntry, kSharedEntities (candidateindex.cpp)
        std::uint32_t firstEntry = 0;    // index of that best entry in m_entries
    };
    struct Entry
    {
        RowId entity = 0;
        std::uint32_t entityOrder = 0;   // first appearance of the entity in the input (the KB order)
        std::uint32_t nameOrder = 0;     // position of the (entity, name) pair among the distinct input pairs
        std::uint32_t nameOffset = 0;    // into m_nameBlob
        std::uint32_t nameLength = 0;
    };
    struct Scored
    {
        int score = 0;   // exact when >= the cutoff asked for, otherwise only known to be below it
        int ratio = 0;   // always exact
    };

    std::u16string_view keyText(std::size_t key) const;
    std::u16string_view keySorted(std::size_t key) const;
    std::u16string_view keySet(std::size_t key) const;
    std::u32string decodeKey(std::size_t key) const;
    char16_t symbolOf(char32_t c) const;   // 0 when no name has c
    // The calling thread's query state, reused from one query to the next (a query then allocates almost nothing).
    static Query& threadQuery();
    void prepare(Query& q, std::string_view mention) const;
    void buildPacked();
    // Every packed key's LCS with the mention and with its token_sort form (q.lcsText, q.lcsSorted; kNoPackedLcs
    // where only an upper bound is known) and their maximum as the key's first-level value in q.overlaps.
    void packedLcs(Query& q) const;
    // The best-first search over share `part` of `parts` of every length group (all keys for parts == 1).
    // `shared` (null for one part): the list every part also offers its items to; each part skips the keys whose
    // bound lies strictly below its K-th.
    void search(Query& q, TopK& top, std::size_t part, std::size_t parts, SharedList* shared = nullptr) const;
    // Exact ratio; exact score when it could still enter `top` (always, when `top` is null). `knownLcs` is
    // LCS(mention, key) and `knownSortedLcs` LCS(mention's token_sort form, key's) when the caller has them
    // (SIZE_MAX otherwise).
    Scored scoreKey(Query& q, std::size_t key, const TopK* top,
                    std::size_t knownLcs = static_cast<std::size_t>(-1),
                    std::size_t knownSortedLcs = static_cast<std::size_t>(-1)) const;
    int tokenSetWithCommonWord(Query& q, std::size_t key) const;
    void offerKey(TopK& top, std::size_t key, Scored scored, SharedList* shared = nullptr) const;
    Candidate candidateOf(std::uint32_t entry, int score, int ratio) const;

    std::size_t m_entityCount = 0;
    std::string m_nameBlob;
    std::vector<Entry> m_entries;                      // grouped by key, each sorted by (entityOrder, nameOrder)
    std::vector<std::uint32_t> m_entryBegin;           // key -> first entry; size keys + 1
    std::vector<KeyMeta> m_keyMeta;                    // keys sorted by (length, form class, first appearance)
    // Key texts, token_sort forms and token_set forms (distinct sorted words) as 16-bit symbols: the code points of
    // the names numbered from 1 in code point order (so symbol order is code point order). A form equal to the
    // previous one shares its offset.
    std::vector<char16_t> m_symbols;
    std::vector<char32_t> m_codeOfSymbol;              // symbol -> code point (index 0 unused)
    std::array<char16_t, 128> m_asciiSymbol{};
    std::vector<std::pair<char32_t, char16_t>> m_otherSymbol;  // code points >= 128, sorted
    std::vector<std::uint8_t> m_bucketOfSymbol;        // symbol -> histogram bucket
    // Character counts in 32 buckets, 4-bit saturating ("15" means 15 or more), bucket-major: for bucket b and
    // block j of 32 consecutive keys, 16 bytes at (b * blocks + j) * 16; byte i holds key 32j + i in its low nibble
    // and key 32j + 16 + i in its high nibble. A query reads only the buckets where its mention has characters.
    std::vector<std::uint8_t> m_columns;
    std::size_t m_blocks = 0;
    // Keys of one length and one form class (how much shorter the token_sort and token_set forms are), contiguous;
    // the first-level bound of every key of a group is a function of its bucket overlap alone (candidateindex.cpp).
    struct Group
    {
        std::uint32_t begin = 0, end = 0;
        std::uint16_t length = 0;
        std::uint16_t sortedMin = 0, sortedMax = 0;  // token_sort form lengths of its keys
        std::uint16_t setMin = 0, setMax = 0;        // token_set form lengths
    };
    std::vector<Group> m_groups;                       // in key order
    // Every key of 1..63 characters as a bit-parallel LCS pattern, so that one pass over the mention's characters
    // gives every such key's exact LCS (candidateindex.cpp, packedLcs): the keys of length n are packed
    // floor(64 / (n + 1)) per 64-bit word, each followed by a guard bit that stops the addition's carry. For bucket b
    // and word w, bit i of a key's segment in m_packedText[b * m_packedWords + w] is set when the key's character i
    // falls in bucket b (m_packedSorted: its token_sort form). m_packedTextUsed / m_packedSortedUsed mark each
    // word's key positions (a token_sort form may be shorter than its text).
    struct PackedRun
    {
        std::uint32_t keyBegin = 0, keyEnd = 0;    // keys of one length
        std::uint32_t wordBegin = 0, wordEnd = 0;
        std::uint16_t length = 0, perWord = 0;
    };
    std::vector<PackedRun> m_packedRuns;
    std::size_t m_packedWords = 0;                     // a multiple of 4 (whole vectors)
    std::vector<std::uint64_t> m_packedText, m_packedSorted, m_packedTextUsed, m_packedSortedUsed;
    std::vector<std::uint64_t> m_sharedBucketKeys;     // bitset over keys: a character in the shared bucket
    std::vector<std::uint32_t> m_lengthBegin;          // length n -> first key with that length; size maxLength + 2
    std::vector<std::u32string> m_words;               // distinct words, sorted
    std::vector<std::uint32_t> m_postingBegin;         // word -> first posting; size words + 1
    std::vector<std::uint32_t> m_postings;             // keys containing each word, ascending
};

} // namespace mel::core
