// Parsing of MELBench "Key: value. Key: v1, v2." attribute text.
#include "mel/core/io/kbimport.h"

#include <vector>

namespace mel::core {
namespace {

constexpr std::size_t kMaxKeyLength = 40;

bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isKeyChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' '; }

// Length of "Key: " at `pos` (key plus ": "), or 0 when no key starts there.
std::size_t keyAt(std::string_view text, std::size_t pos)
{
    if (pos >= text.size() || !isUpper(text[pos]))
        return 0;
    std::size_t i = pos;
    while (i < text.size() && i - pos <= kMaxKeyLength && isKeyChar(text[i]))
        ++i;
    if (i - pos > kMaxKeyLength || i + 1 >= text.size() || text[i] != ':' || text[i + 1] != ' ' || text[i - 1] == ' ')
        return 0;
    return i + 2 - pos;
}

void appendValues(nlohmann::json& list, std::string_view value)
{
    std::size_t from = 0;
    while (true) {
        const std::size_t comma = value.find(", ", from);
        const std::string_view part = value.substr(from, comma == std::string_view::npos ? value.npos : comma - from);
        if (!part.empty())
            list.push_back(std::string(part));
        if (comma == std::string_view::npos)
            break;
        from = comma + 2;
    }
}

} // namespace

nlohmann::json parseAttributeText(std::string_view text)
{
    nlohmann::json out = nlohmann::json::object();
    if (text.empty() || text.back() != '.' || keyAt(text, 0) == 0)
        return out;
    // Segment starts: position 0 and every ". " followed by a key. A ". " followed by anything else belongs to a
    // value ("John F. Kennedy School of Government").
    std::vector<std::size_t> starts{0};
    for (std::size_t dot = text.find(". "); dot != std::string_view::npos; dot = text.find(". ", dot + 1)) {
        if (keyAt(text, dot + 2) > 0)
            starts.push_back(dot + 2);
    }
    for (std::size_t s = 0; s < starts.size(); ++s) {
        const std::size_t keyLength = keyAt(text, starts[s]);
        const std::string key(text.substr(starts[s], keyLength - 2));
        const std::size_t valueBegin = starts[s] + keyLength;
        // A value runs to the ". " before the next segment, or to the final ".".
        const std::size_t valueEnd = s + 1 < starts.size() ? starts[s + 1] - 2 : text.size() - 1;
        if (valueEnd < valueBegin)
            return nlohmann::json::object();
        auto& list = out[key];
        if (list.is_null())
            list = nlohmann::json::array();
        appendValues(list, text.substr(valueBegin, valueEnd - valueBegin));
    }
    return out;
}

} // namespace mel::core
