// Bit-parallel longest common subsequence (Hyyrö's formulation), the engine under every fuzzy score.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace mel::core::fuzz {

// The match masks of one string (the pattern), built once and reused against many texts. Patterns of up to 64
// characters use one machine word per text character; longer ones use ceil(m/64) words with carries, so no length
// needs a slower fallback. Characters below 128 index a table; others are looked up in a short list.
// Strings are code points (char32_t) or the candidate index's 16-bit symbols (char16_t): only equality matters.
class BitPattern
{
public:
    BitPattern() = default;
    explicit BitPattern(std::u32string_view pattern);
    explicit BitPattern(std::u16string_view pattern);

    std::size_t size() const { return m_length; }
    bool contains(char32_t c) const;

    // LCS(pattern, text).
    std::size_t lcs(std::u32string_view text) const;
    std::size_t lcs(std::u16string_view text) const;

    // LCS(pattern, texts[i]) for each i, several at a time: their independent dependency chains overlap in the CPU.
    void lcsBatch(const std::u16string_view* texts, std::size_t count, std::size_t* out) const;

    // max over i of LCS(pattern, text[i, i + m)) for every window of the pattern's length m; 0 when the text is
    // shorter. Windows whose first character does not occur in the pattern are skipped: such a window's LCS equals
    // that of its own tail, which the next window contains, so the next window is at least as good (the last
    // window is always evaluated). Stops early at a full match.
    std::size_t bestWindowLcs(std::u32string_view text) const;
    std::size_t bestWindowLcs(std::u16string_view text) const;

private:
    template <typename CharT>
    void build(std::basic_string_view<CharT> pattern);
    template <typename CharT>
    std::size_t lcsAny(const CharT* text, std::size_t n) const;
    template <typename CharT>
    std::size_t bestWindowAny(std::basic_string_view<CharT> text) const;
    std::uint64_t mask1(char32_t c) const;           // one-word pattern
    const std::uint64_t* maskN(char32_t c) const;    // multi-word pattern; nullptr when c is absent
    std::size_t countMatched(std::uint64_t v) const; // one-word pattern: zero bits of V within the pattern

    std::size_t m_length = 0;
    std::size_t m_words = 0;
    std::array<std::uint64_t, 128> m_ascii{};        // one-word masks for characters below 128
    std::vector<std::uint64_t> m_asciiN;             // multi-word masks for characters below 128: 128 * m_words
    std::vector<std::pair<char32_t, std::size_t>> m_other;  // other character -> index into m_otherMasks
    std::vector<std::uint64_t> m_otherMasks;         // m_words words per entry
};

} // namespace mel::core::fuzz
