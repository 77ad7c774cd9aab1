// Word splitting shared by the from-scratch vocabulary and the model inputs.
#include "text/tokenizer.h"

#include <algorithm>

#include "mel/core/kb/wratio.h"
#include "mel/core/util/utf8.h"

namespace mel::models {

std::vector<std::string> splitWords(std::string_view text)
{
    // fuzz::preprocess lower-cases and turns every non-word code point (and invalid byte) into a space.
    const std::u32string processed = core::fuzz::preprocess(text);
    std::vector<std::string> words;
    for (const auto word : core::fuzz::splitWords(processed))
        words.push_back(core::utf8::encode(word));
    return words;
}

TokenSequence tokenizePair(std::string_view first, std::string_view second, int maxLength)
{
    std::vector<std::string> a = splitWords(first);
    std::vector<std::string> b = splitWords(second);
    const int budget = std::max(0, maxLength - 2);
    const int keepB = std::min<int>(static_cast<int>(b.size()), std::max(0, budget - static_cast<int>(a.size())));
    b.resize(keepB);
    if (static_cast<int>(a.size()) > budget)
        a.resize(budget);

    TokenSequence seq;
    seq.tokens.reserve(a.size() + b.size() + 2);
    seq.tokens.push_back(kClsToken);
    seq.tokens.insert(seq.tokens.end(), a.begin(), a.end());
    seq.tokens.push_back(kSepToken);
    seq.segments.assign(seq.tokens.size(), 0);
    seq.tokens.insert(seq.tokens.end(), b.begin(), b.end());
    seq.segments.resize(seq.tokens.size(), 1);
    return seq;
}

} // namespace mel::models
