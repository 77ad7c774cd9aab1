// The GEMEL decoder's vocabulary: one id per Unicode code point seen in the training texts and entity names,
// after a few special symbols. Characters need no tokenizer and every entity name is spellable (unknown code
// points map to <unk>; the trie keeps the real name strings, so a name with one still maps back to its QID).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mel::models::gemel {

class CharTable
{
public:
    // Special ids: padding, begin/end of a name, unknown character, and the segment markers of the encoder input.
    enum Special : std::int64_t
    {
        Pad = 0,
        Bos = 1,
        Eos = 2,
        Unk = 3,
        MentionMark = 4,
        TextMark = 5,
        DemoMark = 6,
        AnswerMark = 7,
        SpecialCount = 8
    };

    CharTable();
    // Every code point of `texts` that occurs at least minCount times (most frequent first, at most maxSize).
    // Invalid UTF-8 is skipped byte-wise.
    static CharTable build(const std::vector<std::string>& texts, int minCount = 1, int maxSize = 4000);

    std::vector<std::int64_t> encode(std::string_view utf8) const;
    // Decodes ids, skipping specials (an <unk> becomes U+FFFD).
    std::string decode(const std::vector<std::int64_t>& ids) const;
    std::int64_t size() const { return static_cast<std::int64_t>(m_chars.size()) + SpecialCount; }
    // Display form of one id ("<eos>", "a").
    std::string symbol(std::int64_t id) const;

    // One line of UTF-8 per character (specials are implicit); the checkpoint's "vocab" string.
    std::string serialize() const;
    static CharTable deserialize(const std::string& text);

private:
    std::vector<char32_t> m_chars;  // id = SpecialCount + index
    std::unordered_map<char32_t, std::int64_t> m_ids;
};

// Code points of valid UTF-8 (invalid bytes dropped).
std::u32string codePoints(std::string_view utf8);

} // namespace mel::models::gemel
