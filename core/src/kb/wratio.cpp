// WRatio and its part scores (ratio, partial, token sort, token set), fuzzywuzzy's arithmetic on code points.
#include "mel/core/kb/wratio.h"

#include <algorithm>
#include <cmath>

#include "mel/core/kb/lcs.h"
#include "mel/core/util/utf8.h"

namespace mel::core::fuzz {
namespace {

struct Range
{
    char32_t first;
    char32_t last;
};

// Code points >= 128 that are not letters or digits: punctuation, symbols, spaces, controls, format characters,
// private use. Sorted, non-overlapping. Letters, digits and combining marks are everything else.
constexpr Range kSeparators[] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00B1}, {0x00B4, 0x00B4}, {0x00B6, 0x00B8}, {0x00BB, 0x00BB}, {0x00BF, 0x00BF},
    {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x02C2, 0x02C5}, {0x02D2, 0x02DF}, {0x02E5, 0x02EB}, {0x02ED, 0x02ED},
    {0x02EF, 0x02FF}, {0x0374, 0x0375}, {0x037E, 0x037E}, {0x0384, 0x0385}, {0x0387, 0x0387}, {0x03F6, 0x03F6},
    {0x0482, 0x0482}, {0x055A, 0x055F}, {0x0589, 0x058A}, {0x058D, 0x058F}, {0x05BE, 0x05BE}, {0x05C0, 0x05C0},
    {0x05C3, 0x05C3}, {0x05C6, 0x05C6}, {0x05F3, 0x05F4}, {0x0600, 0x060F}, {0x061B, 0x061F}, {0x066A, 0x066D},
    {0x06D4, 0x06D4}, {0x06DD, 0x06DE}, {0x06E9, 0x06E9}, {0x0964, 0x0965}, {0x0970, 0x0970}, {0x0E3F, 0x0E3F},
    {0x0E4F, 0x0E4F}, {0x0E5A, 0x0E5B}, {0x10FB, 0x10FB}, {0x1680, 0x1680}, {0x180E, 0x180E}, {0x2000, 0x206F},
    {0x20A0, 0x20CF}, {0x2100, 0x2101}, {0x2103, 0x2106}, {0x2108, 0x2109}, {0x2114, 0x2114}, {0x2116, 0x2118},
    {0x211E, 0x2123}, {0x2125, 0x2125}, {0x2127, 0x2127}, {0x2129, 0x2129}, {0x212E, 0x212E}, {0x213A, 0x213B},
    {0x2140, 0x2144}, {0x214A, 0x214D}, {0x214F, 0x214F}, {0x2190, 0x245F}, {0x2500, 0x2775}, {0x2794, 0x2BFF},
    {0x2CF9, 0x2CFC}, {0x2CFE, 0x2CFF}, {0x2E00, 0x2E7F}, {0x2E80, 0x2FFF}, {0x3000, 0x3004}, {0x3008, 0x3020},
    {0x3030, 0x3030}, {0x3036, 0x3037}, {0x303D, 0x303F}, {0x309B, 0x309C}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB},
    {0x3190, 0x3191}, {0x3196, 0x319F}, {0x31C0, 0x31EF}, {0x3200, 0x321F}, {0x322A, 0x3247}, {0x3250, 0x3250},
    {0x3260, 0x327F}, {0x328A, 0x32B0}, {0x32C0, 0x33FF}, {0x4DC0, 0x4DFF}, {0xA490, 0xA4C6}, {0xA4FE, 0xA4FF},
    {0xA60D, 0xA60F}, {0xA673, 0xA673}, {0xA67E, 0xA67E}, {0xA6F2, 0xA6F7}, {0xA700, 0xA716}, {0xA720, 0xA721},
    {0xA789, 0xA78A}, {0xA828, 0xA82B}, {0xA836, 0xA839}, {0xA874, 0xA877}, {0xA8CE, 0xA8CF}, {0xA8F8, 0xA8FA},
    {0xA8FC, 0xA8FC}, {0xA92E, 0xA92F}, {0xA95F, 0xA95F}, {0xA9C1, 0xA9CD}, {0xA9DE, 0xA9DF}, {0xAA5C, 0xAA5F},
    {0xAA77, 0xAA79}, {0xAADE, 0xAADF}, {0xAAF0, 0xAAF1}, {0xAB5B, 0xAB5B}, {0xAB6A, 0xAB6B}, {0xABEB, 0xABEB},
    {0xD800, 0xF8FF}, {0xFB29, 0xFB29}, {0xFBB2, 0xFBC2}, {0xFD3E, 0xFD4F}, {0xFDFC, 0xFDFF}, {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F}, {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65},
    {0xFFE0, 0xFFFF}, {0x10100, 0x10106}, {0x1F000, 0x1FBFF}, {0xE0000, 0xE007F}, {0xF0000, 0x10FFFF},
};

template <typename T, std::size_t N>
constexpr bool sortedDisjoint(const T (&table)[N])
{
    for (std::size_t i = 0; i < N; ++i) {
        if (table[i].first > table[i].last || (i + 1 < N && table[i].last >= table[i + 1].first))
            return false;
    }
    return true;
}
static_assert(sortedDisjoint(kSeparators), "binary search needs sorted, disjoint ranges");

bool inSeparatorTable(char32_t c)
{
    const auto it = std::upper_bound(std::begin(kSeparators), std::end(kSeparators), c,
                                     [](char32_t value, const Range& r) { return value < r.first; });
    return it != std::begin(kSeparators) && c <= std::prev(it)->last;
}

// Upper/lower pairs at a fixed distance, or alternating (even upper, odd lower or the reverse) inside a block.
enum class CaseKind
{
    Offset,     // [first, last] -> c + delta
    EvenUpper,  // even code points in [first, last] are capitals of c + 1
    OddUpper,   // odd code points in [first, last] are capitals of c + 1
};

struct CaseRange
{
    char32_t first;
    char32_t last;
    CaseKind kind;
    int delta;
};

// Sorted by `first`; simple (one-to-one) lower-case mappings.
constexpr CaseRange kCaseRanges[] = {
    {0x0041, 0x005A, CaseKind::Offset, 32},     {0x00C0, 0x00D6, CaseKind::Offset, 32},
    {0x00D8, 0x00DE, CaseKind::Offset, 32},     {0x0100, 0x012F, CaseKind::EvenUpper, 1},
    {0x0130, 0x0130, CaseKind::Offset, -199},   {0x0132, 0x0137, CaseKind::EvenUpper, 1},
    {0x0139, 0x0148, CaseKind::OddUpper, 1},    {0x014A, 0x0177, CaseKind::EvenUpper, 1},
    {0x0178, 0x0178, CaseKind::Offset, -121},   {0x0179, 0x017E, CaseKind::OddUpper, 1},
    {0x0181, 0x0181, CaseKind::Offset, 210},    {0x0182, 0x0185, CaseKind::EvenUpper, 1},
    {0x0186, 0x0186, CaseKind::Offset, 206},    {0x0187, 0x0187, CaseKind::Offset, 1},
    {0x0189, 0x018A, CaseKind::Offset, 205},    {0x018B, 0x018B, CaseKind::Offset, 1},
    {0x018E, 0x018E, CaseKind::Offset, 79},     {0x018F, 0x018F, CaseKind::Offset, 202},
    {0x0190, 0x0190, CaseKind::Offset, 203},    {0x0191, 0x0191, CaseKind::Offset, 1},
    {0x0193, 0x0193, CaseKind::Offset, 205},    {0x0194, 0x0194, CaseKind::Offset, 207},
    {0x0196, 0x0196, CaseKind::Offset, 211},    {0x0197, 0x0197, CaseKind::Offset, 209},
    {0x0198, 0x0198, CaseKind::Offset, 1},      {0x019C, 0x019C, CaseKind::Offset, 211},
    {0x019D, 0x019D, CaseKind::Offset, 213},    {0x019F, 0x019F, CaseKind::Offset, 214},
    {0x01A0, 0x01A5, CaseKind::EvenUpper, 1},   {0x01A7, 0x01A7, CaseKind::Offset, 1},
    {0x01A9, 0x01A9, CaseKind::Offset, 218},    {0x01AC, 0x01AC, CaseKind::Offset, 1},
    {0x01AE, 0x01AE, CaseKind::Offset, 218},    {0x01AF, 0x01AF, CaseKind::Offset, 1},
    {0x01B1, 0x01B2, CaseKind::Offset, 217},    {0x01B3, 0x01B6, CaseKind::OddUpper, 1},
    {0x01B7, 0x01B7, CaseKind::Offset, 219},    {0x01B8, 0x01B8, CaseKind::Offset, 1},
    {0x01BC, 0x01BC, CaseKind::Offset, 1},      {0x01C4, 0x01C4, CaseKind::Offset, 2},
    {0x01C5, 0x01C5, CaseKind::Offset, 1},      {0x01C7, 0x01C7, CaseKind::Offset, 2},
    {0x01C8, 0x01C8, CaseKind::Offset, 1},      {0x01CA, 0x01CA, CaseKind::Offset, 2},
    {0x01CB, 0x01DC, CaseKind::OddUpper, 1},    {0x01DE, 0x01EF, CaseKind::EvenUpper, 1},
    {0x01F1, 0x01F1, CaseKind::Offset, 2},      {0x01F2, 0x01F4, CaseKind::EvenUpper, 1},
    {0x01F6, 0x01F6, CaseKind::Offset, -97},    {0x01F7, 0x01F7, CaseKind::Offset, -56},
    {0x01F8, 0x021F, CaseKind::EvenUpper, 1},   {0x0220, 0x0220, CaseKind::Offset, -130},
    {0x0222, 0x0233, CaseKind::EvenUpper, 1},   {0x0370, 0x0373, CaseKind::EvenUpper, 1},
    {0x0376, 0x0376, CaseKind::Offset, 1},      {0x037F, 0x037F, CaseKind::Offset, 116},
    {0x0386, 0x0386, CaseKind::Offset, 38},     {0x0388, 0x038A, CaseKind::Offset, 37},
    {0x038C, 0x038C, CaseKind::Offset, 64},     {0x038E, 0x038F, CaseKind::Offset, 63},
    {0x0391, 0x03A1, CaseKind::Offset, 32},     {0x03A3, 0x03AB, CaseKind::Offset, 32},
    {0x03D8, 0x03EF, CaseKind::EvenUpper, 1},   {0x03F7, 0x03F7, CaseKind::Offset, 1},
    {0x03FA, 0x03FA, CaseKind::Offset, 1},      {0x0400, 0x040F, CaseKind::Offset, 80},
    {0x0410, 0x042F, CaseKind::Offset, 32},     {0x0460, 0x0481, CaseKind::EvenUpper, 1},
    {0x048A, 0x04BF, CaseKind::EvenUpper, 1},   {0x04C0, 0x04C0, CaseKind::Offset, 15},
    {0x04C1, 0x04CE, CaseKind::OddUpper, 1},    {0x04D0, 0x052F, CaseKind::EvenUpper, 1},
    {0x0531, 0x0556, CaseKind::Offset, 48},     {0x10A0, 0x10C5, CaseKind::Offset, 7264},
    {0x1E00, 0x1E95, CaseKind::EvenUpper, 1},   {0x1E9E, 0x1E9E, CaseKind::Offset, -7615},
    {0x1EA0, 0x1EFF, CaseKind::EvenUpper, 1},   {0x1F08, 0x1F0F, CaseKind::Offset, -8},
    {0x1F18, 0x1F1D, CaseKind::Offset, -8},     {0x1F28, 0x1F2F, CaseKind::Offset, -8},
    {0x1F38, 0x1F3F, CaseKind::Offset, -8},     {0x1F48, 0x1F4D, CaseKind::Offset, -8},
    {0x1F59, 0x1F5F, CaseKind::OddUpper, -8},   {0x1F68, 0x1F6F, CaseKind::Offset, -8},
    {0x2160, 0x216F, CaseKind::Offset, 16},     {0x24B6, 0x24CF, CaseKind::Offset, 26},
    {0x2C00, 0x2C2F, CaseKind::Offset, 48},     {0xFF21, 0xFF3A, CaseKind::Offset, 32},
};

static_assert(sortedDisjoint(kCaseRanges), "binary search needs sorted, disjoint ranges");

void appendWords(std::u32string_view text, std::vector<std::u32string_view>& out)
{
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == U' ')
            ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != U' ')
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
}

std::u32string join(const std::vector<std::u32string_view>& words)
{
    std::u32string out;
    for (const auto& w : words) {
        if (!out.empty())
            out.push_back(U' ');
        out.append(w);
    }
    return out;
}

int partialFromPattern(const BitPattern& shorter, std::u32string_view longer)
{
    const std::size_t m = shorter.size();
    return ratioFromLcs(shorter.bestWindowLcs(longer), 2 * m);
}

// The three strings token_set compares: I = sorted intersection, dA = I + sorted(A \ B), dB = I + sorted(B \ A).
struct TokenSetForms
{
    std::u32string intersection;
    std::u32string withRestA;
    std::u32string withRestB;
};

TokenSetForms tokenSetForms(std::u32string_view a, std::u32string_view b)
{
    std::vector<std::u32string_view> wa = splitWords(a);
    std::vector<std::u32string_view> wb = splitWords(b);
    std::sort(wa.begin(), wa.end());
    wa.erase(std::unique(wa.begin(), wa.end()), wa.end());
    std::sort(wb.begin(), wb.end());
    wb.erase(std::unique(wb.begin(), wb.end()), wb.end());
    std::vector<std::u32string_view> common, onlyA, onlyB;
    std::set_intersection(wa.begin(), wa.end(), wb.begin(), wb.end(), std::back_inserter(common));
    std::set_difference(wa.begin(), wa.end(), wb.begin(), wb.end(), std::back_inserter(onlyA));
    std::set_difference(wb.begin(), wb.end(), wa.begin(), wa.end(), std::back_inserter(onlyB));
    TokenSetForms forms;
    forms.intersection = join(common);
    std::vector<std::u32string_view> withA = common;
    withA.insert(withA.end(), onlyA.begin(), onlyA.end());
    std::vector<std::u32string_view> withB = common;
    withB.insert(withB.end(), onlyB.begin(), onlyB.end());
    forms.withRestA = join(withA);
    forms.withRestB = join(withB);
    return forms;
}

} // namespace

bool isWordChar(char32_t c)
{
    if (c < 128)
        return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
    return !inSeparatorTable(c);
}

char32_t toLower(char32_t c)
{
    if (c < 128)
        return (c >= U'A' && c <= U'Z') ? c + 32 : c;
    const auto it = std::upper_bound(std::begin(kCaseRanges), std::end(kCaseRanges), c,
                                     [](char32_t value, const CaseRange& r) { return value < r.first; });
    if (it == std::begin(kCaseRanges))
        return c;
    const CaseRange& r = *std::prev(it);
    if (c > r.last)
        return c;
    switch (r.kind) {
    case CaseKind::Offset:
        return static_cast<char32_t>(static_cast<int>(c) + r.delta);
    case CaseKind::EvenUpper:
        return c % 2 == 0 ? c + 1 : c;
    case CaseKind::OddUpper:
        return c % 2 == 1 ? static_cast<char32_t>(static_cast<int>(c) + r.delta) : c;
    }
    return c;
}

std::u32string preprocess(std::string_view utf8Text)
{
    std::u32string text = utf8::decode(utf8Text);
    for (char32_t& c : text)
        c = isWordChar(c) ? toLower(c) : U' ';
    const std::size_t begin = text.find_first_not_of(U' ');
    if (begin == std::u32string::npos)
        return {};
    const std::size_t end = text.find_last_not_of(U' ');
    return text.substr(begin, end - begin + 1);
}

int roundHalfEven(double x)
{
    // nearbyint rounds in the current mode, which is round-to-nearest-even unless someone changed it.
    return static_cast<int>(std::nearbyint(x));
}

std::size_t lcsLength(std::u32string_view a, std::u32string_view b)
{
    if (a.size() > b.size())
        std::swap(a, b);
    return BitPattern(a).lcs(b);
}

int ratioFromLcs(std::size_t lcs, std::size_t lengthSum)
{
    if (lengthSum == 0)
        return 0;
    return roundHalfEven(100.0 * (static_cast<double>(2 * lcs) / static_cast<double>(lengthSum)));
}

int ratio(std::u32string_view a, std::u32string_view b)
{
    if (a.empty() || b.empty())
        return 0;
    return ratioFromLcs(lcsLength(a, b), a.size() + b.size());
}

int partialRatio(std::u32string_view a, std::u32string_view b)
{
    if (a.empty() || b.empty())
        return 0;
    if (a.size() > b.size())
        std::swap(a, b);
    return partialFromPattern(BitPattern(a), b);
}

std::vector<std::u32string_view> splitWords(std::u32string_view text)
{
    std::vector<std::u32string_view> words;
    appendWords(text, words);
    return words;
}

std::u32string sortedJoin(std::u32string_view text)
{
    std::vector<std::u32string_view> words = splitWords(text);
    std::sort(words.begin(), words.end());
    return join(words);
}

int tokenSortRatio(std::u32string_view a, std::u32string_view b)
{
    return ratio(sortedJoin(a), sortedJoin(b));
}

int partialTokenSortRatio(std::u32string_view a, std::u32string_view b)
{
    return partialRatio(sortedJoin(a), sortedJoin(b));
}

int tokenSetRatio(std::u32string_view a, std::u32string_view b)
{
    if (a.empty() || b.empty())
        return 0;
    const TokenSetForms f = tokenSetForms(a, b);
    return std::max({ratio(f.intersection, f.withRestA), ratio(f.intersection, f.withRestB),
                     ratio(f.withRestA, f.withRestB)});
}

int partialTokenSetRatio(std::u32string_view a, std::u32string_view b)
{
    if (a.empty() || b.empty())
        return 0;
    const TokenSetForms f = tokenSetForms(a, b);
    return std::max({partialRatio(f.intersection, f.withRestA), partialRatio(f.intersection, f.withRestB),
                     partialRatio(f.withRestA, f.withRestB)});
}

WRatioBranch wratioBranch(std::size_t lengthA, std::size_t lengthB)
{
    const double lenRatio = static_cast<double>(std::max(lengthA, lengthB)) /
                            static_cast<double>(std::min(lengthA, lengthB));
    WRatioBranch branch;
    if (lenRatio < 1.5)
        return branch;
    branch.partial = true;
    branch.scale = lenRatio > 8 ? 0.6 : 0.9;
    return branch;
}

int weightToken(int score)
{
    return roundHalfEven(score * 0.95);
}

int weightPartial(int score, double scale)
{
    return roundHalfEven(score * scale);
}

int weightPartialToken(int score, double scale)
{
    return roundHalfEven(score * 0.95 * scale);
}

int combineWRatio(const WRatioBranch& branch, int base, int partialOrZero, int tokenSort, int tokenSet)
{
    if (!branch.partial)
        return std::max({base, weightToken(tokenSort), weightToken(tokenSet)});
    return std::max({base, weightPartial(partialOrZero, branch.scale), weightPartialToken(tokenSort, branch.scale),
                     weightPartialToken(tokenSet, branch.scale)});
}

int wratioProcessed(std::u32string_view a, std::u32string_view b)
{
    if (a.empty() || b.empty())
        return 0;
    const WRatioBranch branch = wratioBranch(a.size(), b.size());
    const int base = ratio(a, b);
    if (!branch.partial)
        return combineWRatio(branch, base, 0, tokenSortRatio(a, b), tokenSetRatio(a, b));
    return combineWRatio(branch, base, partialRatio(a, b), partialTokenSortRatio(a, b), partialTokenSetRatio(a, b));
}

int wratio(std::string_view a, std::string_view b)
{
    return wratioProcessed(preprocess(a), preprocess(b));
}

} // namespace mel::core::fuzz
