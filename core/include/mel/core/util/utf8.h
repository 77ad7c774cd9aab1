// UTF-8 helpers. Mention spans are counted in Unicode code points, as Python's str indexes them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mel::core::utf8 {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValid(std::string_view text);

// Byte offset of the first invalid byte, or nullopt when the text is valid.
std::optional<std::size_t> firstInvalidByte(std::string_view text);

// Decodes valid UTF-8 into code points. Precondition: isValid(text).
std::u32string decode(std::string_view text);
std::string encode(std::u32string_view text);

// Number of code points. Precondition: isValid(text).
std::size_t length(std::string_view text);

// Converts a byte offset (on a code point boundary) to a code point offset, and back.
std::size_t byteToCodePoint(std::string_view text, std::size_t byteOffset);
std::size_t codePointToByte(std::string_view text, std::size_t codePointOffset);

// Code point offsets [begin, end) of every non-overlapping occurrence of `needle` in `text`.
std::vector<std::pair<std::size_t, std::size_t>> findAll(std::string_view text, std::string_view needle);

// Substring by code point offsets.
std::string substr(std::string_view text, std::size_t begin, std::size_t end);

} // namespace mel::core::utf8
