// When a sentence is set and when an entity lived: the time evidence that tells namesakes apart ("Warren in
// 1955": a Warren born in 1949 was a child then). Plain parsing of the texts the linkers already read.
#pragma once

#include <optional>
#include <string_view>

namespace mel::models {

// Years a sentence refers to, as one span: "1955" -> [1955, 1955], "the 1950s" -> [1950, 1959], "19th century"
// / "19th-century" -> [1800, 1899]; several expressions -> from the earliest start to the latest end.
// Years are read from 1000 to 2039 when they stand alone (not part of a longer number).
struct YearSpan
{
    int first = 0;
    int last = 0;
};
std::optional<YearSpan> sentenceYears(std::string_view text);

// Birth and death years from an attribute description such as "Sex: male. Birth: 1900, Erie. Death: 1972, ...".
struct Lifespan
{
    std::optional<int> birth;
    std::optional<int> death;
    bool known() const { return birth || death; }
};
Lifespan entityLifespan(std::string_view description);

// How a sentence's years sit against an entity's life (every flag false when either side is unknown).
struct EraMatch
{
    bool known = false;   // both sides have years
    bool unborn = false;  // every year named is before the birth
    bool young = false;   // the latest year named is less than kAdultAge years after the birth
    bool dead = false;    // every year named is more than a year after the death
    bool alive = false;   // known and none of the above
};
inline constexpr int kAdultAge = 16;
EraMatch eraMatch(const std::optional<YearSpan>& sentence, const Lifespan& life);

} // namespace mel::models
