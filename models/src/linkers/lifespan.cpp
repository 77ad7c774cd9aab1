// Hand-written scanning: the patterns are few and fixed, and this runs for every candidate of every mention.
#include "linkers/lifespan.h"

#include <algorithm>
#include <cctype>

namespace mel::models {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char lower(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool startsWithNoCase(std::string_view text, std::size_t at, std::string_view word)
{
    if (at + word.size() > text.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (lower(text[at + i]) != word[i])
            return false;
    return true;
}

// "19th century": the ordinal's digits end at `end` (exclusive); returns the century number or 0.
int centuryAt(std::string_view text, std::size_t begin, std::size_t end)
{
    if (end - begin > 2 || end + 2 > text.size())
        return 0;
    const std::string_view suffix = text.substr(end, 2);
    std::size_t at = end + 2;
    if (!(startsWithNoCase(suffix, 0, "st") || startsWithNoCase(suffix, 0, "nd") ||
          startsWithNoCase(suffix, 0, "rd") || startsWithNoCase(suffix, 0, "th")))
        return 0;
    if (at < text.size() && (text[at] == ' ' || text[at] == '-'))
        ++at;
    if (!startsWithNoCase(text, at, "century"))
        return 0;
    int value = 0;
    for (std::size_t i = begin; i < end; ++i)
        value = value * 10 + (text[i] - '0');
    return value >= 1 && value <= 21 ? value : 0;
}

std::optional<int> yearAfter(std::string_view text, std::string_view label)
{
    const auto at = text.find(label);
    if (at == std::string_view::npos)
        return std::nullopt;
    std::size_t i = at + label.size();
    while (i < text.size() && text[i] == ' ')
        ++i;
    int value = 0, digits = 0;
    for (; i < text.size() && isDigit(text[i]) && digits < 5; ++i, ++digits)
        value = value * 10 + (text[i] - '0');
    if (digits < 3 || digits > 4)
        return std::nullopt;
    return value;
}

} // namespace

std::optional<YearSpan> sentenceYears(std::string_view text)
{
    std::optional<YearSpan> span;
    auto add = [&](int first, int last) {
        if (!span)
            span = YearSpan{first, last};
        span->first = std::min(span->first, first);
        span->last = std::max(span->last, last);
    };
    std::size_t i = 0;
    while (i < text.size())
    {
        if (!isDigit(text[i]))
        {
            ++i;
            continue;
        }
        const std::size_t begin = i;
        while (i < text.size() && isDigit(text[i]))
            ++i;
        // A number glued to letters or to another number ("A380", "1.5", "3,000") is not a year.
        const bool gluedBefore = begin > 0 && (std::isalnum(static_cast<unsigned char>(text[begin - 1])) ||
                                               ((text[begin - 1] == '.' || text[begin - 1] == ',') && begin > 1 &&
                                                isDigit(text[begin - 2])));
        if (gluedBefore)
            continue;
        if (const int century = centuryAt(text, begin, i))
        {
            add((century - 1) * 100, (century - 1) * 100 + 99);
            continue;
        }
        if (i - begin != 4)
            continue;
        const int year = (text[begin] - '0') * 1000 + (text[begin + 1] - '0') * 100 + (text[begin + 2] - '0') * 10 +
                         (text[begin + 3] - '0');
        if (year < 1000 || year > 2039)
            continue;
        std::size_t after = i;
        if (after < text.size() && text[after] == '\'')
            ++after;
        const bool decade = after < text.size() && text[after] == 's' && year % 10 == 0 &&
                            (after + 1 == text.size() || !std::isalnum(static_cast<unsigned char>(text[after + 1])));
        if (!decade && i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])))
            continue;  // "1955th", "2000m"
        add(year, decade ? year + 9 : year);
    }
    return span;
}

Lifespan entityLifespan(std::string_view description)
{
    return {yearAfter(description, "Birth:"), yearAfter(description, "Death:")};
}

EraMatch eraMatch(const std::optional<YearSpan>& sentence, const Lifespan& life)
{
    EraMatch m;
    if (!sentence || !life.known())
        return m;
    m.known = true;
    if (life.birth)
    {
        m.unborn = sentence->last < *life.birth;
        m.young = !m.unborn && sentence->last < *life.birth + kAdultAge;
    }
    if (life.death)
        m.dead = sentence->first > *life.death + 1;
    m.alive = !m.unborn && !m.young && !m.dead;
    return m;
}

} // namespace mel::models
