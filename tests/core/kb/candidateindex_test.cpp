// CandidateIndex on small KBs: order, aliases, ties, edge cases; topK == topKBruteForce on a synthetic KB.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "mel/core/kb/candidatebench.h"
#include "mel/core/kb/candidateindex.h"
#include "mel/core/kb/wratio.h"
#include "mel/core/util/utf8.h"

using namespace mel::core;

namespace {

using Names = std::vector<std::pair<RowId, std::string>>;

void expectSame(const std::vector<Candidate>& got, const std::vector<Candidate>& want, const std::string& mention)
{
    ASSERT_EQ(got.size(), want.size()) << mention;
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].entity, want[i].entity) << mention << " #" << i;
        EXPECT_EQ(got[i].score, want[i].score) << mention << " #" << i;
        EXPECT_EQ(got[i].ratio, want[i].ratio) << mention << " #" << i;
        EXPECT_EQ(got[i].matchedName, want[i].matchedName) << mention << " #" << i;
    }
}

const Names kPoliticians = {
    {10, "François Hollande"}, {11, "Nicolas Sarkozy"}, {12, "Jacques Chirac"},  {13, "Holland"},
    {14, "Hollande (surname)"}, {15, "Emmanuel Macron"}, {16, "Ségolène Royal"}, {17, "Lionel Jospin"},
};

// A deterministic pick in [0, n) (a 64-bit LCG), so the generated names and mentions are the same in every run.
struct SeededPick
{
    std::uint64_t state;
    std::size_t operator()(std::size_t n)
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>((state >> 33) % n);
    }
};

} // namespace

TEST(CandidateIndex, SurnameFindsTheFullNameNearTheTop)
{
    const CandidateIndex index(kPoliticians);
    const auto top = index.topK("Hollande", 3);
    ASSERT_EQ(top.size(), 3u);
    // "Hollande (surname)" and "François Hollande" both score 90 by partial_ratio; "Holland" 93 by plain ratio.
    EXPECT_EQ(top[0].entity, 13);
    EXPECT_EQ(top[0].score, 93);
    EXPECT_EQ(top[1].score, 90);
    EXPECT_EQ(top[2].score, 90);
    // Equal scores and equal plain ratios (64, both 17 characters long): the KB order decides.
    EXPECT_EQ(top[1].entity, 10);
    EXPECT_EQ(top[1].matchedName, "François Hollande");
    EXPECT_EQ(top[1].ratio, 64);
    EXPECT_EQ(top[2].entity, 14);
    EXPECT_EQ(top[2].ratio, 64);
    expectSame(top, index.topKBruteForce("Hollande", 3), "Hollande");
}

TEST(CandidateIndex, ExactNameScoresHundredFirst)
{
    const CandidateIndex index(kPoliticians);
    const auto top = index.topK("emmanuel MACRON", 1);
    ASSERT_EQ(top.size(), 1u);
    EXPECT_EQ(top[0].entity, 15);
    EXPECT_EQ(top[0].score, 100);
    EXPECT_EQ(top[0].ratio, 100);
}

TEST(CandidateIndex, TiesFollowTheKbOrder)
{
    // Four entities whose names pre-process alike score the same; the input order decides.
    const Names names = {{7, "Jean Dupont"}, {3, "jean dupont"}, {9, "Jean-Dupont"}, {1, "JEAN DUPONT!"}};
    const CandidateIndex index(names);
    EXPECT_EQ(index.keyCount(), 1u);  // all four pre-process to "jean dupont"
    const auto top = index.topK("Jean Dupont", 10);
    ASSERT_EQ(top.size(), 4u);
    EXPECT_EQ(top[0].entity, 7);
    EXPECT_EQ(top[1].entity, 3);
    EXPECT_EQ(top[2].entity, 9);
    EXPECT_EQ(top[3].entity, 1);
    expectSame(top, index.topKBruteForce("Jean Dupont", 10), "Jean Dupont");
}

TEST(CandidateIndex, AnEntityTakesItsBestAlias)
{
    const Names names = {{1, "Barack Obama"}, {2, "Michelle Obama"}, {1, "Obama"},
                         {2, "Michelle LaVaughn Robinson Obama"}, {1, "Barack Hussein Obama II"}};
    const CandidateIndex index(names);
    EXPECT_EQ(index.entityCount(), 2u);
    EXPECT_EQ(index.nameCount(), 5u);
    const auto top = index.topK("Obama", 5);
    ASSERT_EQ(top.size(), 2u);  // each entity once
    EXPECT_EQ(top[0].entity, 1);
    EXPECT_EQ(top[0].matchedName, "Obama");
    EXPECT_EQ(top[0].score, 100);
    EXPECT_EQ(top[1].entity, 2);
    EXPECT_EQ(top[1].matchedName, "Michelle Obama");
    expectSame(top, index.topKBruteForce("Obama", 5), "Obama");
}

TEST(CandidateIndex, RepeatedPairsCountOnce)
{
    const Names names = {{1, "Paris"}, {1, "Paris"}, {2, "Paris"}, {2, "Paris Hilton"}};
    const CandidateIndex index(names);
    EXPECT_EQ(index.nameCount(), 3u);
    EXPECT_EQ(index.keyCount(), 2u);
    EXPECT_EQ(index.entityCount(), 2u);
    EXPECT_GT(index.memoryBytes(), 0u);
}

TEST(CandidateIndex, EdgeCases)
{
    const CandidateIndex empty(Names{});
    EXPECT_TRUE(empty.topK("anything").empty());
    EXPECT_TRUE(empty.topKBruteForce("anything").empty());

    const CandidateIndex index(kPoliticians);
    EXPECT_TRUE(index.topK("Hollande", 0).empty());
    // Everything scores 0 for an empty or punctuation-only mention: the first k entities in KB order.
    for (const std::string mention : {"", "?!", "  "}) {
        const auto top = index.topK(mention, 3);
        ASSERT_EQ(top.size(), 3u);
        EXPECT_EQ(top[0].entity, 10);
        EXPECT_EQ(top[0].score, 0);
        EXPECT_EQ(top[2].entity, 12);
        expectSame(top, index.topKBruteForce(mention, 3), mention);
    }
    // k larger than the KB: every entity once.
    expectSame(index.topK("Royal", 100), index.topKBruteForce("Royal", 100), "Royal");
    EXPECT_EQ(index.topK("Royal", 100).size(), kPoliticians.size());
    // A punctuation-only name is an empty key that scores 0.
    const CandidateIndex withEmpty(Names{{1, "..."}, {2, "Royal"}});
    const auto top = withEmpty.topK("Royal", 2);
    ASSERT_EQ(top.size(), 2u);
    EXPECT_EQ(top[0].entity, 2);
    EXPECT_EQ(top[1].score, 0);
    // Invalid UTF-8 and long mentions do not throw.
    EXPECT_NO_THROW(index.topK(std::string("\xff\xfe Hol\xc3", 8)));
    const std::string longMention(500, 'a');
    expectSame(index.topK(longMention, 5), index.topKBruteForce(longMention, 5), "long");
}

TEST(CandidateIndex, MatchesBruteForceOnASyntheticKb)
{
    const auto kb = syntheticKb(20000, 11);
    const auto mentions = syntheticMentions(kb, 150, 5);
    const CandidateIndex index(kb);
    for (int k : {1, 10, 100}) {
        for (std::size_t i = 0; i < mentions.size(); i += (k == 100 ? 1 : 5)) {
            const auto want = index.topKBruteForce(mentions[i], k);
            expectSame(index.topK(mentions[i], k), want, mentions[i]);
            if (i % 10 == 0)
                expectSame(index.topKScan(mentions[i], k), want, "scan " + mentions[i]);
        }
    }
}

TEST(SyntheticKb, IsDeterministicAndRealistic)
{
    const auto a = syntheticKb(5000, 1);
    const auto b = syntheticKb(5000, 1);
    ASSERT_EQ(a, b);
    EXPECT_NE(a, syntheticKb(5000, 2));
    EXPECT_EQ(a.size(), 5000u);
    std::size_t multiWord = 0, aliases = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        multiWord += a[i].second.find(' ') != std::string::npos;
        aliases += i > 0 && a[i].first == a[i - 1].first;
    }
    EXPECT_GT(multiWord, a.size() * 3 / 4);
    EXPECT_GT(aliases, a.size() / 20);
    EXPECT_EQ(syntheticMentions(a, 100, 3), syntheticMentions(a, 100, 3));
}

// Adversarial names from a tiny vocabulary: repeated and shared words, double spaces, punctuation, accents, mention
// characters no name has, long and very short strings. Every bound and shortcut meets its edge cases here.
TEST(CandidateIndex, MatchesBruteForceOnATinyVocabulary)
{
    const std::vector<std::string> words = {"ab", "ba", "abc", "cab", "é", "ée", "a", "bb", "abab", "c", "Ab"};
    const std::vector<std::string> separators = {" ", "  ", ", ", "-", " (", ") "};
    SeededPick next{12345ULL};
    const auto phrase = [&](std::size_t maxWords) {
        std::string out;
        const std::size_t count = 1 + next(maxWords);
        for (std::size_t i = 0; i < count; ++i) {
            if (i > 0)
                out += separators[next(separators.size())];
            out += words[next(words.size())];
        }
        return out;
    };
    Names names;
    for (RowId e = 1; e <= 1500; ++e) {
        names.emplace_back(e, phrase(e % 7 == 0 ? 12 : 4));
        if (e % 5 == 0)
            names.emplace_back(e, phrase(3));
    }
    names.emplace_back(9999, "...");
    const CandidateIndex index(names);
    std::vector<std::string> mentions = {"ab ab", "ab ba ab", "zz ab", "ß", "abab abab abab abab abab abab abab", "é é"};
    for (int i = 0; i < 150; ++i)
        mentions.push_back(phrase(i % 10 == 0 ? 9 : 3) + (i % 4 == 0 ? " ß" : ""));
    // Mentions over 64 characters (multi-word bit patterns), some with more than 15 of one character.
    for (int i = 0; i < 12; ++i)
        mentions.push_back(phrase(20 + static_cast<std::size_t>(i) * 6));
    for (const auto& m : mentions) {
        for (int k : {1, 7, 60}) {
            const auto want = index.topKBruteForce(m, k);
            expectSame(index.topK(m, k), want, m + " k=" + std::to_string(k));
            expectSame(index.topKScan(m, k), want, "scan " + m + " k=" + std::to_string(k));
        }
    }
}

// Partial windows on long names: the prefix/suffix LCS bound and the window search, for mentions of 63, 64 (the
// carry out of the whole machine word) and 65 characters (multi-word patterns) and short ones, against names that
// hold the mention, a near copy of it, or only its letters out of order.
TEST(CandidateIndex, PartialWindowsOnLongNamesMatchBruteForce)
{
    SeededPick next{99ULL};
    const std::vector<std::string> alphabet = {"a", "b", "c", "d", "e", "é"};
    using Letters = std::vector<std::string>;
    const auto letters = [&](std::size_t length) {
        Letters out;
        for (std::size_t i = 0; i < length; ++i)
            out.push_back(alphabet[next(alphabet.size())]);
        return out;
    };
    const auto join = [](const Letters& l) {
        std::string out;
        for (const auto& c : l)
            out += c;
        return out;
    };
    const auto word = [&](std::size_t length) { return join(letters(length)); };
    std::vector<Letters> mentionLetters;
    for (std::size_t length : {3, 5, 8, 13, 63, 64, 65})
        mentionLetters.push_back(letters(length));
    Names names;
    RowId id = 1;
    for (const auto& mention : mentionLetters) {
        for (int copy = 0; copy < 12; ++copy) {
            Letters inner = mention;
            if (copy % 3 == 1)
                inner.erase(inner.begin() + static_cast<std::ptrdiff_t>(next(inner.size())));  // a near copy
            else if (copy % 3 == 2)
                std::reverse(inner.begin(), inner.end());  // the same letters out of order
            names.emplace_back(id++, word(next(40)) + join(inner) + " " + word(1 + next(200)));
        }
    }
    std::vector<std::string> mentions;
    for (const auto& mention : mentionLetters)
        mentions.push_back(join(mention));
    for (int i = 0; i < 400; ++i)
        names.emplace_back(id++, word(1 + next(90)) + " " + word(1 + next(20)));
    const CandidateIndex index(names);
    for (const auto& m : mentions) {
        for (int k : {1, 10, 50}) {
            const auto want = index.topKBruteForce(m, k);
            expectSame(index.topK(m, k), want, m + " k=" + std::to_string(k));
        }
    }
}

// An entity with names under several keys, some of them equal after pre-processing: the list keeps it once, with
// its best name, and a later better name replaces an earlier one that was already in the list.
TEST(CandidateIndex, EntitiesWithSeveralKeysAppearOnce)
{
    const Names names = {{1, "Anna Berg"},  {2, "Anna Bergström"}, {3, "anna berg"},   {1, "A. Berg"},
                         {2, "Berg, Anna"}, {4, "Annaberg"},       {1, "Anna  Berg"}, {5, "Bergen"},
                         {3, "Anna-Berg"},  {6, "Anna Bergman"},   {2, "Anna Berg"},  {7, "Hanna Borg"}};
    const CandidateIndex index(names);
    for (const std::string mention : {"Anna Berg", "Berg", "anna", "Bergström, Anna", "A Berg", "Hanna"}) {
        for (int k : {1, 2, 3, 5, 10}) {
            const auto want = index.topKBruteForce(mention, k);
            expectSame(index.topK(mention, k), want, mention + " k=" + std::to_string(k));
            expectSame(index.topKScan(mention, k), want, "scan " + mention);
            std::set<RowId> seen;
            for (const auto& c : want)
                EXPECT_TRUE(seen.insert(c.entity).second) << mention;
        }
    }
}

// Two search threads (used from 100,000 keys per thread) return the single-thread list, which is the brute force's.
// The threads share their K-th scores; with k = 5 the K-th is high and each thread skips many keys on the other's
// score, with k = 1 the shared (score, ratio) floor decides ties.
TEST(CandidateIndex, TwoThreadsReturnTheSameList)
{
    const auto kb = syntheticKb(210000, 3);
    const auto mentions = syntheticMentions(kb, 40, 9);
    const CandidateIndex index(kb);
    ASSERT_GE(index.keyCount(), 200000u);
    for (std::size_t i = 0; i < mentions.size(); ++i) {
        const auto single = index.topK(mentions[i], 50);
        expectSame(index.topK(mentions[i], 50, 2), single, mentions[i]);
        expectSame(index.topK(mentions[i], 5, 2), index.topK(mentions[i], 5), "k=5 " + mentions[i]);
        expectSame(index.topK(mentions[i], 1, 2), index.topK(mentions[i], 1), "k=1 " + mentions[i]);
        if (i % 20 == 0) {
            expectSame(single, index.topKBruteForce(mentions[i], 50), mentions[i]);
            expectSame(index.topK(mentions[i], 5), index.topKBruteForce(mentions[i], 5), "k=5 " + mentions[i]);
        }
    }
    expectSame(index.topK("", 5, 2), index.topKBruteForce("", 5), "empty");
}

// Keys that are not regular (double spaces, repeated words: their token forms are shorter than their text) are
// skipped by the overlap alone against a bound that assumes the shortest such form of their length. Here each length
// mixes regular keys with irregular ones of every shrink, some of them near-misses of the mention (a window, a
// reordering, a repeated word), against short, non-ASCII and many-word mentions (more than 16 words: the space
// count saturates), with small k so that the K-th score is high and the skip decides.
TEST(CandidateIndex, IrregularKeysSkippedByOverlapMatchBruteForce)
{
    const std::vector<std::string> words = {"jean", "marie", "le", "pen", "müller", "anne", "li", "x", "åsa", "o"};
    SeededPick next{777ULL};
    const auto phrase = [&](std::size_t count, bool irregular) {
        std::string out;
        for (std::size_t i = 0; i < count; ++i) {
            if (i > 0)
                out += irregular && next(3) == 0 ? std::string(1 + next(4), ' ') : " ";
            out += words[next(words.size())];
        }
        if (irregular && next(2) == 0)
            out += " " + out;  // every word repeated
        return out;
    };
    Names names;
    for (RowId e = 1; e <= 2500; ++e)
        names.emplace_back(e, phrase(1 + next(e % 50 == 0 ? 20 : 5), e % 3 == 0));
    names.emplace_back(5000, "jean  marie  le  pen");
    names.emplace_back(5001, "le pen le pen jean marie");
    names.emplace_back(5002, "marie-anne   müller");
    names.emplace_back(5003, "pen le");
    const CandidateIndex index(names);
    std::vector<std::string> mentions = {"Jean-Marie Le Pen", "le pen", "Pen", "x", "Müller", "åsa o", "marie marie",
                                         "Le Pen Jean Marie", "anne  muller"};
    for (int i = 0; i < 60; ++i)
        mentions.push_back(phrase(1 + static_cast<std::size_t>(i % 6), i % 2 == 0));
    for (int i = 0; i < 6; ++i)
        mentions.push_back(phrase(17 + static_cast<std::size_t>(i) * 2, i % 2 == 1));
    for (const auto& m : mentions) {
        for (int k : {1, 3, 20}) {
            const auto want = index.topKBruteForce(m, k);
            expectSame(index.topK(m, k), want, m + " k=" + std::to_string(k));
        }
    }

    // A length group whose shortest token form is one character ("a a a a a a a a": set form "a"), and in it a key
    // whose set form scores high against a mention that repeats a word: the skip must take the form length that
    // peaks ("abc" against "ab": token_set 80 -> 76), not the shortest one (69 there), once the first group scanned
    // ("qab qab qab qab q", 71) has filled the list.
    const CandidateIndex small({{1, "a a a a a a a a"}, {2, "abc abc abc abc"}, {3, "qab qab qab qab q"}});
    const auto best = small.topK("ab ab ab ab ab ab", 1);
    ASSERT_EQ(best.size(), 1u);
    EXPECT_EQ(best[0].entity, 2);
    EXPECT_EQ(best[0].score, 76);
    expectSame(best, small.topKBruteForce("ab ab ab ab ab ab", 1), "ab ab ab ab ab ab");
}

// The first pass reads 4-bit bucket counts stored bucket-major, 32 keys per 16 bytes, and gathers keys by overlap
// intervals per (length, form class) group. Edge cases: counts of 15, 16 and more of one character in keys and
// mentions (the saturated nibble plus the mention's excess), characters outside the 30 own buckets (the shared
// one) and characters no name has, groups that start and end inside a 32-key block, double spaces and repeated
// words, mentions of 63, 64, 65, 254 (the last exact overlap), 255 and 300 characters (one table entry: overlap m),
// and keys that share a word with the mention (their own interval).
TEST(CandidateIndex, ColumnHistogramsMatchBruteForceOnAdversarialNames)
{
    SeededPick next{4242ULL};
    const std::vector<std::string> pieces = {"a", "e", "r", "ø", "ß", "ж", "й", "中", "q", "z", "x", "é", "n", "o"};
    const auto word = [&](std::size_t length) {
        std::string out;
        if (next(4) == 0) {
            // A run of one character around the nibble's limit.
            const std::size_t run = 13 + next(8);
            for (std::size_t i = 0; i < run; ++i)
                out += pieces[next(2)];
            return out;
        }
        for (std::size_t i = 0; i < length; ++i)
            out += pieces[next(pieces.size())];
        return out;
    };
    const auto phrase = [&](std::size_t words) {
        std::string out;
        for (std::size_t i = 0; i < words; ++i) {
            if (i > 0)
                out += next(4) == 0 ? "  " : " ";
            out += word(1 + next(6));
        }
        if (next(6) == 0)
            out += " " + out;  // repeated words
        return out;
    };
    Names names;
    for (RowId e = 1; e <= 3000; ++e)
        names.emplace_back(e, phrase(1 + next(e % 40 == 0 ? 14 : 4)));
    names.emplace_back(4000, std::string(40, 'a'));
    names.emplace_back(4001, std::string(16, 'a') + " " + std::string(15, 'e'));
    names.emplace_back(4002, std::string(15, 'a'));
    const CandidateIndex index(names);
    std::vector<std::string> mentions = {std::string(16, 'a'), std::string(30, 'a') + " e", "aaaa", "中 ж", "wwww a",
                                         std::string(15, 'a') + " " + std::string(17, 'e')};
    for (int i = 0; i < 40; ++i)
        mentions.push_back(phrase(1 + static_cast<std::size_t>(i % 5)));
    for (std::size_t length : {63, 64, 65, 254, 255, 300}) {
        std::string m = names[next(names.size())].second;
        while (fuzz::preprocess(m).size() < length)
            m += " " + names[next(names.size())].second;
        std::u32string text = fuzz::preprocess(m).substr(0, length);
        while (!text.empty() && text.back() == U' ')
            text.back() = U'a';
        mentions.push_back(utf8::encode(text));
        ASSERT_EQ(fuzz::preprocess(mentions.back()).size(), length);
    }
    for (const auto& m : mentions) {
        for (int k : {1, 10, 100}) {
            const auto want = index.topKBruteForce(m, k);
            expectSame(index.topK(m, k), want, m + " k=" + std::to_string(k));
        }
    }
}

// After the batched LCS of the texts and token_sort forms, a key whose bound from those two LCS values (every part
// before its partial windows; token_set bounded through the token_sort LCS, since the distinct words joined are a
// subsequence of the sorted words joined) cannot enter is skipped without scoring. Keys and mentions with repeated
// words (token_set form shorter than token_sort form), unsorted words, shared words, both WRatio branches and small
// k (the K-th rises early, so many keys are skipped this way), against the brute force.
TEST(CandidateIndex, LcsBoundSkipsMatchBruteForce)
{
    const std::vector<std::string> words = {"ab", "ba", "bab", "abba", "b", "aab", "bba", "c", "ca", "ac"};
    SeededPick next{4242ULL};
    const auto phrase = [&](std::size_t count) {
        std::string out;
        for (std::size_t i = 0; i < count; ++i) {
            if (i > 0)
                out += " ";
            out += words[next(words.size())];
            if (next(4) == 0)
                out += " " + words[next(3)];  // a repeat of one of the first few words, often
        }
        return out;
    };
    Names names;
    for (RowId e = 1; e <= 2000; ++e)
        names.emplace_back(e, phrase(1 + next(e % 9 == 0 ? 9 : 4)));
    const CandidateIndex index(names);
    std::vector<std::string> mentions = {"ab ab", "ba ab ba", "abba abba c", "c ca ac", "bab", "b b b b"};
    for (int i = 0; i < 80; ++i)
        mentions.push_back(phrase(1 + static_cast<std::size_t>(i % 5)));
    for (const auto& m : mentions) {
        for (int k : {1, 5, 40}) {
            const auto want = index.topKBruteForce(m, k);
            expectSame(index.topK(m, k), want, m + " k=" + std::to_string(k));
        }
    }
}

// The packed LCS pass gives keys of 1 to 63 characters their exact LCS with the mention, several keys per 64-bit word
// with a guard bit between them. Against the brute force: keys of every length from 1 to 70 (every keys-per-word
// count, and the unpacked lengths above 63), more distinct characters than buckets (the shared bucket then holds
// many, on both sides, where the bucket LCS is only an upper bound), double spaces and repeated words (token_sort
// forms shorter than the text), a character no name has, and mentions of 1 to 64 characters.
TEST(CandidateIndex, PackedLcsMatchesBruteForceAcrossLengthsAndRareCharacters)
{
    SeededPick next{2026ULL};
    const std::u32string common = U"aeionrstl";
    const std::u32string rare = U"øßжй中文łőçñþðæœüäëïÿåčśźžğışțăęųėāēīū789";
    const auto textOf = [&](std::size_t length) {
        std::u32string out;
        while (out.size() < length) {
            const bool space = !out.empty() && out.size() + 1 < length && out.back() != U' ' && next(5) == 0;
            if (space) {
                out += next(4) == 0 && out.size() + 2 < length ? U"  " : U" ";
                continue;
            }
            out += next(3) == 0 ? rare[next(rare.size())] : common[next(common.size())];
        }
        if (next(8) == 0) {
            const std::size_t firstWord = out.find(U' ');
            if (firstWord != std::u32string::npos)
                out += U" " + out.substr(0, firstWord);  // a repeated word
        }
        return utf8::encode(out);
    };
    Names names;
    RowId entity = 1;
    for (std::size_t length = 1; length <= 70; ++length)
        for (int i = 0; i < 24; ++i)
            names.emplace_back(entity++, textOf(length));
    const CandidateIndex index(names);
    std::vector<std::string> mentions = {"a", "Ω", "aΩe", "ø ß", "中文", "tan  ti"};
    for (int i = 0; i < 40; ++i)
        mentions.push_back(textOf(1 + next(64)));
    for (int i = 0; i < 20; ++i) {
        // A name with a few characters changed: high scores, where the K-th is decided among close keys.
        std::u32string text = utf8::decode(names[next(names.size())].second);
        for (int edit = 0; edit < 3 && !text.empty(); ++edit)
            text[next(text.size())] = next(2) == 0 ? rare[next(rare.size())] : U'Ω';
        mentions.push_back(utf8::encode(text));
    }
    for (const auto& m : mentions) {
        for (int k : {1, 10, 100}) {
            const auto want = index.topKBruteForce(m, k);
            expectSame(index.topK(m, k), want, m + " k=" + std::to_string(k));
        }
    }
}

// The benchmark's own report: the sampled lists agree, and the paired figures (topK timed beside the brute force on
// the same mentions) are filled in and in the JSON.
TEST(CandidateBench, ReportsPairedSpeedupOnTheSample)
{
    const auto kb = syntheticKb(3000, 5);
    const auto mentions = syntheticMentions(kb, 40, 9);
    const auto r = benchCandidates(kb, mentions, 10, 12, 1);
    EXPECT_EQ(r.mentions, 40u);
    EXPECT_EQ(r.bruteMentions, 12u);
    EXPECT_EQ(r.mismatches, 0u);
    EXPECT_EQ(r.scanMismatches, 0u);
    EXPECT_GT(r.pairedCpuP50Ms, 0.0);
    EXPECT_GT(r.pairedSpeedupP50, 0.0);
    EXPECT_GT(r.pairedMedianRatio, 0.0);
    const std::string json = toJson(r);
    EXPECT_NE(json.find("\"paired_speedup_p50\""), std::string::npos);
    EXPECT_NE(json.find("\"paired_median_ratio\""), std::string::npos);
    EXPECT_NE(toTable(r).find("paired with the brute force"), std::string::npos);
    // Without a baseline sample (--brute 0) the table ends at the sample's size instead of printing rows of zeros.
    const std::string alone = toTable(benchCandidates(kb, mentions, 10, 0, 1));
    EXPECT_NE(alone.find(" 0 mentions (same run)"), std::string::npos) << alone;
    EXPECT_EQ(alone.find("brute"), std::string::npos) << alone;
}
