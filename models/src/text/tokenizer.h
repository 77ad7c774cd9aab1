// Splitting text into lower-cased words and building [CLS] first [SEP] second token sequences.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mel::models {

inline constexpr const char* kClsToken = "[CLS]";
inline constexpr const char* kSepToken = "[SEP]";

// Lower-cased words: maximal runs of letters and digits (core::fuzz::isWordChar, so the same notion of a word as
// the candidate generator); every other code point separates. Invalid UTF-8 bytes separate too.
std::vector<std::string> splitWords(std::string_view text);

// A model input: "[CLS] first [SEP] second", cut to maxLength tokens (the second part is cut first, then the
// first), with segment 0 for [CLS] + first + [SEP] and 1 for second.
struct TokenSequence
{
    std::vector<std::string> tokens;
    std::vector<int> segments;
};

TokenSequence tokenizePair(std::string_view first, std::string_view second, int maxLength);

} // namespace mel::models
