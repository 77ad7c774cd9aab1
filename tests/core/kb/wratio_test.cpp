// fuzz:: scores against hand-checked values from spec/candidates.md and a table computed by a Python reference.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mel/core/kb/lcs.h"
#include "mel/core/kb/wratio.h"
#include "mel/core/util/utf8.h"

using namespace mel::core;

namespace {

std::u32string u32(std::string_view utf8)
{
    return utf8::decode(utf8);
}

} // namespace

TEST(FuzzPreprocess, LowerCasesAndTurnsNonWordCharactersIntoSpaces)
{
    EXPECT_EQ(fuzz::preprocess("François Hollande!"), u32("françois hollande"));
    EXPECT_EQ(fuzz::preprocess("a, b"), u32("a  b"));  // runs are not collapsed, as in fuzzywuzzy
    EXPECT_EQ(fuzz::preprocess("  Fred (footballer, born 1979) "), u32("fred  footballer  born 1979"));
    EXPECT_EQ(fuzz::preprocess("ÉCOLE_Normale"), u32("école normale"));  // underscore is a separator
    EXPECT_EQ(fuzz::preprocess("ΑΘΗΝΑ Москва"), u32("αθηνα москва"));
    EXPECT_EQ(fuzz::preprocess(""), U"");
    EXPECT_EQ(fuzz::preprocess("  -- ?! ... "), U"");  // punctuation only
    EXPECT_EQ(fuzz::preprocess("l’été—2020"), u32("l été 2020"));
}

TEST(FuzzRatio, IsTheInDelSimilarity)
{
    // LCS 8 of lengths 8 + 17: 100 * 16 / 25 = 64.
    EXPECT_EQ(fuzz::ratio(U"hollande", u32("francois hollande")), 64);
    EXPECT_EQ(fuzz::ratio(U"abc", U"abc"), 100);
    EXPECT_EQ(fuzz::ratio(U"abc", U"xyz"), 0);
    // A substitution costs 2: "kitten"/"sitting" share LCS 4 of 13 characters -> 61.5 -> 62.
    EXPECT_EQ(fuzz::ratio(U"kitten", U"sitting"), 62);
    EXPECT_EQ(fuzz::ratio(U"", U"abc"), 0);
    EXPECT_EQ(fuzz::ratio(U"", U""), 0);
}

TEST(FuzzRatio, RoundsHalfToEvenLikePython)
{
    EXPECT_EQ(fuzz::roundHalfEven(0.5), 0);
    EXPECT_EQ(fuzz::roundHalfEven(1.5), 2);
    EXPECT_EQ(fuzz::roundHalfEven(2.5), 2);
    EXPECT_EQ(fuzz::ratio(U"a", U"abcdefghijklmno"), 12);     // 12.5
    EXPECT_EQ(fuzz::ratio(U"abc", U"abcdefghijklm"), 38);     // 37.5
    EXPECT_EQ(fuzz::ratio(U"abcde", U"abcdefghijk"), 62);     // 62.5
    EXPECT_EQ(fuzz::ratio(U"abcdefg", U"abcdefghi"), 88);     // 87.5
    // The WRatio weights on the double values Python sees: 90 * 0.95 = 85.5 -> 86, 70 * 0.95 = 66.5 -> 66,
    // 100 * 0.95 * 0.9 = 85.5 -> 86, 50 * 0.95 * 0.6 = 28.5 -> 28.
    EXPECT_EQ(fuzz::weightToken(90), 86);
    EXPECT_EQ(fuzz::weightToken(70), 66);
    EXPECT_EQ(fuzz::weightPartialToken(100, 0.9), 86);
    EXPECT_EQ(fuzz::weightPartialToken(50, 0.6), 28);
    EXPECT_EQ(fuzz::weightPartial(100, 0.6), 60);
}

TEST(FuzzPartialRatio, SlidesTheShorterStringOverEveryWindow)
{
    EXPECT_EQ(fuzz::partialRatio(U"abc", U"xxabcxx"), 100);
    EXPECT_EQ(fuzz::partialRatio(U"xxabcxx", U"abc"), 100);
    EXPECT_EQ(fuzz::partialRatio(U"abd", U"xxabcxx"), 67);  // best window "abc": 4 / 6
    EXPECT_EQ(fuzz::partialRatio(U"hollande", u32("francois hollande")), 100);
    EXPECT_EQ(fuzz::partialRatio(U"abcd", U"abdc"), fuzz::ratio(U"abcd", U"abdc"));  // equal lengths
    EXPECT_EQ(fuzz::partialRatio(U"", U"abc"), 0);
}

TEST(FuzzTokenRatios, SortAndSetTheWords)
{
    EXPECT_EQ(fuzz::tokenSortRatio(u32("hollande francois"), u32("francois hollande")), 100);
    EXPECT_EQ(fuzz::tokenSetRatio(u32("francois hollande"), U"hollande"), 100);
    EXPECT_EQ(fuzz::tokenSetRatio(u32("a b b"), u32("b a")), 100);  // sets drop the repeated word
    EXPECT_EQ(fuzz::tokenSortRatio(u32("a b b"), u32("b a")), 75);  // "a b b" vs "a b": 6 / 8
    // I = "cd", dA = "cd ab", dB = "cd ef": max(4/7, 4/7, 6/10) -> 60.
    EXPECT_EQ(fuzz::tokenSetRatio(u32("ab cd"), u32("cd ef")), 60);
    EXPECT_EQ(fuzz::tokenSetRatio(u32("ab"), u32("cd")), 0);  // I empty scores 0; dA vs dB shares nothing
    EXPECT_EQ(fuzz::partialTokenSetRatio(u32("x hollande"), u32("hollande francois y")), 100);
    EXPECT_EQ(fuzz::partialTokenSortRatio(u32("zz yy"), u32("aa yy zz bb")), 100);
}

TEST(FuzzWRatio, ChoosesTheBranchByLengthRatio)
{
    EXPECT_EQ(fuzz::wratio("Hollande", "François Hollande"), 90);  // the spec's example
    EXPECT_EQ(fuzz::wratio("François Hollande", "Hollande"), 90);
    EXPECT_EQ(fuzz::wratio("Hollande François", "François Hollande"), 95);  // token sort, * 0.95
    EXPECT_EQ(fuzz::wratio("abcd", "abcdef"), 90);  // len ratio exactly 1.5: partial branch
    EXPECT_EQ(fuzz::wratio("abcd", "abcde"), 89);   // 1.25: ratio 8/9 = 88.9
    EXPECT_EQ(fuzz::wratio("a", "abcdefgh"), 90);   // exactly 8: scale 0.9
    EXPECT_EQ(fuzz::wratio("ab", "ab cdefghijklmnopq"), 60);  // 9: scale 0.6
    EXPECT_EQ(fuzz::wratio("ÉCOLE", "école"), 100);
    EXPECT_EQ(fuzz::wratio("Márkó Futács", "Marko Futacs"), 75);  // accents stay distinct characters
    EXPECT_EQ(fuzz::wratio("", "abc"), 0);
    EXPECT_EQ(fuzz::wratio("!!!", "abc"), 0);
    EXPECT_EQ(fuzz::wratio("", ""), 0);
    EXPECT_EQ(fuzz::wratio("?", "!"), 0);
}

TEST(FuzzLcs, LongPatternsUseSeveralWords)
{
    std::u32string a, b;
    for (int i = 0; i < 300; ++i) {
        a.push_back(static_cast<char32_t>(U'a' + i % 7));
        b.push_back(static_cast<char32_t>(U'a' + i % 5));
    }
    // Reference by dynamic programming.
    std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
    for (char32_t ca : a) {
        for (std::size_t j = 0; j < b.size(); ++j)
            cur[j + 1] = ca == b[j] ? prev[j] + 1 : std::max(prev[j + 1], cur[j]);
        std::swap(prev, cur);
    }
    EXPECT_EQ(fuzz::lcsLength(a, b), prev.back());
    EXPECT_EQ(fuzz::lcsLength(b, a), prev.back());
    EXPECT_EQ(fuzz::BitPattern(a.substr(0, 64)).lcs(b), fuzz::lcsLength(a.substr(0, 64), b));
    EXPECT_EQ(fuzz::BitPattern(a.substr(0, 65)).lcs(b), fuzz::lcsLength(b, a.substr(0, 65)));
}

// wratio_cases.tsv: mention, name, ratio, WRatio from make_wratio_cases.py (real Wikidata-MEL pairs).
TEST(FuzzWRatio, MatchesThePythonReferenceOnRealPairs)
{
    std::ifstream in(std::filesystem::path(MEL_SOURCE_DIR) / "tests/core/kb/wratio_cases.tsv", std::ios::binary);
    ASSERT_TRUE(in);
    std::string line;
    int rows = 0;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string a, b, ratioText, wratioText;
        std::getline(fields, a, '\t');
        std::getline(fields, b, '\t');
        std::getline(fields, ratioText, '\t');
        std::getline(fields, wratioText, '\t');
        EXPECT_EQ(fuzz::ratio(fuzz::preprocess(a), fuzz::preprocess(b)), std::stoi(ratioText)) << a << " | " << b;
        EXPECT_EQ(fuzz::wratio(a, b), std::stoi(wratioText)) << a << " | " << b;
        ++rows;
    }
    EXPECT_GT(rows, 300);
}
