// WRatio, the fuzzywuzzy "weighted ratio" GHMF(C) uses to pick candidates, exactly as spec/candidates.md defines it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mel::core::fuzz {

// ---- Pre-processing (fuzzywuzzy's full_process, as candidates.md states it) ----
//
// Every code point that is not a letter or digit becomes one space (runs are NOT collapsed: "a, b" -> "a  b",
// as in fuzzywuzzy), the result is lower-cased and trimmed. Lengths everywhere are counted in code points.
//
// Letters and digits: ASCII [A-Za-z0-9]; a code point >= 128 is a letter/digit unless it lies in a table of
// punctuation, symbol, space, control/format and private-use ranges (Latin-1 punctuation, General Punctuation,
// currency, arrows, maths, box drawing, dingbats, CJK and full-width punctuation, emoji, ...). Combining marks count
// as letters, so text in decomposed form keeps its accents attached to the word. The underscore is a separator
// (candidates.md says letters and digits; Python's \w would keep it).
//
// Lower-casing is a simple one-to-one table covering Latin (incl. Extended-A/B/Additional), Greek, Cyrillic,
// Armenian, Georgian and full-width Latin. It differs from Python's str.lower() only where that one is
// context-dependent or one-to-many: final sigma (Σ always becomes σ) and U+0130 İ (becomes plain i).
//
// Deliberately NOT done: MIMIC's extra deletion of code points 128..255 (mimic-ghmfc-detail.md B3); candidates.md is
// the contract here, and it keeps "é".
bool isWordChar(char32_t c);
char32_t toLower(char32_t c);
// UTF-8 in (invalid bytes become U+FFFD, a separator), pre-processed code points out.
std::u32string preprocess(std::string_view utf8);

// ---- Scores on pre-processed strings (integers 0..100) ----
//
// Rounding: every score is rounded like Python 3's round() (half to even, on the exact double value), with the
// same floating-point operations as fuzzywuzzy: ratio = round(100 * (2*LCS / (|a|+|b|))); the WRatio scales are
// applied to the already rounded part scores (x * 0.95 * 0.9, left to right) and the maximum is rounded once more.
// An empty string scores 0 against anything.

// Python's round(): half to even.
int roundHalfEven(double x);

// Length of the longest common subsequence (so the InDel distance is |a|+|b|-2*LCS). Bit-parallel (Hyyrö) over
// 64-bit words; the shorter string is the bit pattern, so strings of any length work.
std::size_t lcsLength(std::u32string_view a, std::u32string_view b);

// round(100 * 2*lcs / lengthSum); 0 when lengthSum is 0.
int ratioFromLcs(std::size_t lcs, std::size_t lengthSum);

int ratio(std::u32string_view a, std::u32string_view b);
// Best ratio of the shorter string against every window of the longer one of the same length (candidates.md's
// "simply every window"; windows are never shorter than the shorter string). Equal lengths: plain ratio.
int partialRatio(std::u32string_view a, std::u32string_view b);
int tokenSortRatio(std::u32string_view a, std::u32string_view b);
int partialTokenSortRatio(std::u32string_view a, std::u32string_view b);
int tokenSetRatio(std::u32string_view a, std::u32string_view b);
int partialTokenSetRatio(std::u32string_view a, std::u32string_view b);

// WRatio of two pre-processed strings.
int wratioProcessed(std::u32string_view a, std::u32string_view b);
// WRatio of two raw UTF-8 strings (pre-processes both). WRatio("Hollande", "François Hollande") == 90.
int wratio(std::string_view a, std::string_view b);

// ---- Helpers shared with the candidate index ----

// Words of a pre-processed string (split on spaces, empty pieces dropped).
std::vector<std::u32string_view> splitWords(std::u32string_view text);
// Words sorted (code point order, duplicates kept) and joined with one space: token_sort's form.
std::u32string sortedJoin(std::u32string_view text);

// Which WRatio formula applies, from the pre-processed lengths alone (len_ratio = max/min, as a double).
struct WRatioBranch
{
    bool partial = false;   // len_ratio >= 1.5: the partial scores are used
    double scale = 1.0;     // 0.9, or 0.6 when len_ratio > 8 (1.0 in the non-partial branch)
};
WRatioBranch wratioBranch(std::size_t lengthA, std::size_t lengthB);

// The weighted part scores, rounded, with fuzzywuzzy's floating-point operations. Since rounding is monotone,
// round(max(parts)) == max(round(part)), so WRatio is the maximum of these (and of the unweighted base ratio).
int weightToken(int score);                        // round(score * 0.95): token sort/set, similar lengths
int weightPartial(int score, double scale);        // round(score * scale): partial ratio
int weightPartialToken(int score, double scale);   // round(score * 0.95 * scale): partial token sort/set
// WRatio from its parts: max(base, weightToken(tokenSort), weightToken(tokenSet)) in the non-partial branch,
// max(base, weightPartial(partial), weightPartialToken(tokenSort), weightPartialToken(tokenSet)) otherwise, where
// tokenSort/tokenSet are the partial variants in the partial branch.
int combineWRatio(const WRatioBranch& branch, int base, int partialOrZero, int tokenSort, int tokenSet);

} // namespace mel::core::fuzz
