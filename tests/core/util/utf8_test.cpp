// UTF-8 validation and code point offsets.
#include <gtest/gtest.h>

#include "mel/core/util/utf8.h"

using namespace mel::core;

TEST(Utf8, AcceptsValidAndRejectsInvalid)
{
    EXPECT_TRUE(utf8::isValid("François Hollande"));
    EXPECT_FALSE(utf8::isValid("Fran\xE7ois"));          // Latin-1 byte
    EXPECT_FALSE(utf8::isValid("\xC0\xAF"));              // overlong '/'
    EXPECT_FALSE(utf8::isValid("\xED\xA0\x80"));          // surrogate
    EXPECT_EQ(utf8::firstInvalidByte("ab\xFF"), 2u);
}

TEST(Utf8, CountsCodePoints)
{
    EXPECT_EQ(utf8::length("Fröbel"), 6u);
    EXPECT_EQ(utf8::byteToCodePoint("Fröbel x", 8), 7u);
    EXPECT_EQ(utf8::codePointToByte("Fröbel x", 7), 8u);
    EXPECT_EQ(utf8::substr("Julius Fröbel war", 7, 13), "Fröbel");
}

TEST(Utf8, FindsEveryOccurrenceInCodePoints)
{
    const auto hits = utf8::findAll("é Smith and Smith", "Smith");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0], std::make_pair(std::size_t{2}, std::size_t{7}));
    EXPECT_EQ(hits[1], std::make_pair(std::size_t{12}, std::size_t{17}));
}

TEST(Utf8, FindsOccurrencesAfterMultiByteTextBetweenThem)
{
    // Each hit counts on from the previous one (a long text with many hits was quadratic): offsets must still be
    // code points across two-, three- and four-byte characters between the hits.
    const auto hits = utf8::findAll("éa東a🙂aa", "a");
    ASSERT_EQ(hits.size(), 4u);
    EXPECT_EQ(hits[0].first, 1u);
    EXPECT_EQ(hits[1].first, 3u);
    EXPECT_EQ(hits[2].first, 5u);
    EXPECT_EQ(hits[3].first, 6u);
    EXPECT_EQ(hits[3].second, 7u);
}

TEST(Utf8, RoundTripsDecodeEncode)
{
    const std::string text = "Ærøskøbing – 東京 🙂";
    EXPECT_EQ(utf8::encode(utf8::decode(text)), text);
}
