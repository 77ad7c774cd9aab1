// Character vocabulary of the GEMEL linker.
#include "linkers/gemel/chartable.h"

#include <algorithm>
#include <map>

#include "mel/core/util/error.h"
#include "mel/core/util/utf8.h"

namespace mel::models::gemel {

namespace {

const char* kSpecialNames[] = {"<pad>", "<bos>", "<eos>", "<unk>", "[M]", "[T]", "[D]", "[A]"};

} // namespace

std::u32string codePoints(std::string_view utf8)
{
    if (core::utf8::isValid(utf8))
        return core::utf8::decode(utf8);
    std::string clean;  // keep the valid prefix pieces: drop each invalid byte
    std::string_view rest = utf8;
    while (!rest.empty())
    {
        const auto bad = core::utf8::firstInvalidByte(rest);
        if (!bad)
        {
            clean.append(rest);
            break;
        }
        clean.append(rest.substr(0, *bad));
        rest.remove_prefix(*bad + 1);
    }
    return core::utf8::decode(clean);
}

CharTable::CharTable() = default;

CharTable CharTable::build(const std::vector<std::string>& texts, int minCount, int maxSize)
{
    std::map<char32_t, std::int64_t> counts;
    for (const auto& t : texts)
        for (const char32_t c : codePoints(t))
            ++counts[c];
    std::vector<std::pair<char32_t, std::int64_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    CharTable table;
    for (const auto& [c, n] : sorted)
    {
        if (n < minCount || static_cast<int>(table.m_chars.size()) >= maxSize)
            break;
        table.m_ids.emplace(c, SpecialCount + static_cast<std::int64_t>(table.m_chars.size()));
        table.m_chars.push_back(c);
    }
    return table;
}

std::vector<std::int64_t> CharTable::encode(std::string_view utf8) const
{
    std::vector<std::int64_t> ids;
    for (const char32_t c : codePoints(utf8))
    {
        const auto it = m_ids.find(c);
        ids.push_back(it == m_ids.end() ? static_cast<std::int64_t>(Unk) : it->second);
    }
    return ids;
}

std::string CharTable::decode(const std::vector<std::int64_t>& ids) const
{
    std::u32string out;
    for (const auto id : ids)
    {
        if (id == Unk)
            out.push_back(U'\uFFFD');
        else if (id >= SpecialCount && id < size())
            out.push_back(m_chars[static_cast<std::size_t>(id - SpecialCount)]);
    }
    return core::utf8::encode(out);
}

std::string CharTable::symbol(std::int64_t id) const
{
    if (id >= 0 && id < SpecialCount)
        return kSpecialNames[id];
    if (id >= SpecialCount && id < size())
        return core::utf8::encode(std::u32string(1, m_chars[static_cast<std::size_t>(id - SpecialCount)]));
    return "<?>";
}

std::string CharTable::serialize() const
{
    std::string out;
    for (const char32_t c : m_chars)
    {
        // A newline character cannot sit on its own line: write it escaped as the line "\n".
        out += c == U'\n' ? std::string("\\n") : c == U'\\' ? std::string("\\\\") : core::utf8::encode(std::u32string(1, c));
        out += '\n';
    }
    return out;
}

CharTable CharTable::deserialize(const std::string& text)
{
    CharTable table;
    std::size_t start = 0;
    while (start < text.size())
    {
        const auto end = text.find('\n', start);
        if (end == std::string::npos)
            throw core::Error(core::ErrorCode::Invalid, "character table: unterminated line", {"checkpoint", "vocab", {}});
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        char32_t c = 0;
        if (line == "\\n")
            c = U'\n';
        else if (line == "\\\\")
            c = U'\\';
        else
        {
            const auto cps = codePoints(line);
            if (cps.size() != 1)
                throw core::Error(core::ErrorCode::Invalid, "character table: a line is not one character",
                                  {"checkpoint", "vocab", line});
            c = cps[0];
        }
        table.m_ids.emplace(c, SpecialCount + static_cast<std::int64_t>(table.m_chars.size()));
        table.m_chars.push_back(c);
    }
    return table;
}

} // namespace mel::models::gemel
