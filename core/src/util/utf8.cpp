// UTF-8 validation, decoding and code point offsets.
#include "mel/core/util/utf8.h"

#include <cstdint>

namespace mel::core::utf8 {
namespace {

// Length of the sequence starting at text[i], or 0 when it is not a valid UTF-8 sequence.
std::size_t sequenceLength(std::string_view text, std::size_t i)
{
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80)
        return 1;
    std::size_t n = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4;
        cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (i + n > text.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    const bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

} // namespace

std::optional<std::size_t> firstInvalidByte(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = sequenceLength(text, i);
        if (n == 0)
            return i;
        i += n;
    }
    return std::nullopt;
}

bool isValid(std::string_view text) { return !firstInvalidByte(text).has_value(); }

std::u32string decode(std::string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        std::size_t n = sequenceLength(text, i);
        if (n == 0) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
        for (std::size_t k = 1; k < n; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

std::string encode(std::u32string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : text) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

std::size_t length(std::string_view text)
{
    std::size_t count = 0;
    for (unsigned char c : text)
        count += (c & 0xC0) != 0x80;
    return count;
}

std::size_t byteToCodePoint(std::string_view text, std::size_t byteOffset)
{
    return length(text.substr(0, byteOffset));
}

std::size_t codePointToByte(std::string_view text, std::size_t codePointOffset)
{
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (seen == codePointOffset)
                return i;
            ++seen;
        }
    }
    return text.size();
}

std::vector<std::pair<std::size_t, std::size_t>> findAll(std::string_view text, std::string_view needle)
{
    std::vector<std::pair<std::size_t, std::size_t>> hits;
    if (needle.empty())
        return hits;
    const std::size_t needleLength = length(needle);
    std::size_t from = 0;
    std::size_t counted = 0;  // bytes [0, counted) hold `begin` code points: each hit counts on from the last
    std::size_t begin = 0;
    while (true) {
        const std::size_t at = text.find(needle, from);
        if (at == std::string_view::npos)
            break;
        begin += length(text.substr(counted, at - counted));
        counted = at;
        hits.emplace_back(begin, begin + needleLength);
        from = at + needle.size();
    }
    return hits;
}

std::string substr(std::string_view text, std::size_t begin, std::size_t end)
{
    const std::size_t b = codePointToByte(text, begin);
    const std::size_t e = codePointToByte(text, end);
    return std::string(text.substr(b, e - b));
}

} // namespace mel::core::utf8
