// The era features: years read from sentences, birth/death from attribute descriptions, and how they compare.
#include <gtest/gtest.h>

#include "linkers/lifespan.h"
#include "linkers/pairfeatures.h"

namespace mel::models {
namespace {

void expectSpan(std::string_view text, int first, int last)
{
    const auto span = sentenceYears(text);
    ASSERT_TRUE(span.has_value()) << text;
    EXPECT_EQ(span->first, first) << text;
    EXPECT_EQ(span->last, last) << text;
}

TEST(Lifespan, SentenceYearsDecadesAndCenturies)
{
    expectSpan("Warren in 1955", 1955, 1955);
    expectSpan("Powers at the premiere (1967).", 1967, 1967);
    expectSpan("The band in the 1960s", 1960, 1969);
    expectSpan("The band in the 1960's", 1960, 1969);
    expectSpan("Francis Condon in the early 20th Century", 1900, 1999);
    expectSpan("a 19th-century portrait", 1800, 1899);
    expectSpan("Smith in 1931 and again in 1948", 1931, 1948);
    expectSpan("1st century coin and a 1999 replica", 0, 1999);
}

TEST(Lifespan, NumbersThatAreNotYearsAreIgnored)
{
    EXPECT_FALSE(sentenceYears("Robertson as a member of the Milwaukee Bucks").has_value());
    EXPECT_FALSE(sentenceYears("Airbus A380 at the show").has_value());
    EXPECT_FALSE(sentenceYears("3,000 people and 12.1955 km").has_value());
    EXPECT_FALSE(sentenceYears("He scored 19553 points").has_value());
    EXPECT_FALSE(sentenceYears("the 2000m race").has_value());
    EXPECT_FALSE(sentenceYears("room 999 in 2048").has_value());
    EXPECT_FALSE(sentenceYears("the 1961s").has_value());
    EXPECT_FALSE(sentenceYears("").has_value());
}

TEST(Lifespan, BirthAndDeathFromAttributeDescriptions)
{
    const auto both = entityLifespan("Sex: male. Birth: 1900, Erie. Death: 1972, Parsons. Occupation: police officer.");
    EXPECT_EQ(both.birth, 1900);
    EXPECT_EQ(both.death, 1972);
    const auto alive = entityLifespan("Sex: male. Birth: 1979, Belo Horizonte. Occupation: football player.");
    EXPECT_EQ(alive.birth, 1979);
    EXPECT_FALSE(alive.death.has_value());
    EXPECT_FALSE(entityLifespan("Occupation: politician. Languages: English.").known());
    EXPECT_FALSE(entityLifespan("Birth: Erie.").known());
}

TEST(Lifespan, EraMatchAgainstALife)
{
    const Lifespan earl{1891, 1974}, elizabeth{1949, std::nullopt};
    const auto y1955 = sentenceYears("Warren in 1955");
    EXPECT_TRUE(eraMatch(y1955, earl).alive);
    const auto e = eraMatch(y1955, elizabeth);
    EXPECT_TRUE(e.known && e.young && !e.alive && !e.unborn && !e.dead);
    EXPECT_TRUE(eraMatch(sentenceYears("Warren in 1940"), elizabeth).unborn);
    EXPECT_TRUE(eraMatch(sentenceYears("a statue of Warren unveiled in 1990"), earl).dead);
    EXPECT_TRUE(eraMatch(sentenceYears("Warren in 1975"), earl).alive) << "a year after the death still counts";
    EXPECT_FALSE(eraMatch(sentenceYears("Warren at the court"), earl).known);
    EXPECT_FALSE(eraMatch(y1955, Lifespan{}).known);
}

TEST(Lifespan, PairFeaturesCarryTheEra)
{
    ASSERT_EQ(std::string(pairFeatureNames()[11]), "era_known");
    ASSERT_EQ(std::string(pairFeatureNames()[15]), "era_alive");
    core::MentionQuery q;
    q.surface = "Warren";
    q.text = "Warren in 1955";
    const auto words = mentionWords(q);
    const core::CandidateEntity earl{"Q1", "Earl Warren", "Sex: male. Birth: 1891, Los Angeles. Death: 1974, Washington.", "", 90};
    const core::CandidateEntity liz{"Q2", "Elizabeth Warren", "Sex: female. Birth: 1949, Oklahoma City.", "", 90};
    const core::CandidateEntity none{"Q3", "Robert Warren", "Occupation: poet.", "", 90};
    float a[kPairFeatureCount], b[kPairFeatureCount], c[kPairFeatureCount];
    pairFeatures(words, earl, a);
    pairFeatures(words, liz, b);
    pairFeatures(words, none, c);
    EXPECT_EQ(a[11], 1.f);
    EXPECT_EQ(a[15], 1.f);
    EXPECT_EQ(a[12] + a[13] + a[14], 0.f);
    EXPECT_EQ(b[13], 1.f);
    EXPECT_EQ(b[15], 0.f);
    for (int i = 11; i < 16; ++i)
        EXPECT_EQ(c[i], 0.f) << pairFeatureNames()[static_cast<std::size_t>(i)];
}

} // namespace
} // namespace mel::models
