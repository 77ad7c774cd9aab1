// BERT-style WordPiece tokenisation for TorchScript text encoders that carry their own vocabulary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mel::models {

// Basic tokenisation (whitespace, punctuation as separate tokens, optional lower-casing), then greedy
// longest-match-first WordPiece with "##" continuations; a word with no split becomes [UNK].
class WordPiece
{
public:
    // Throws core::Error(Invalid) when [CLS], [SEP], [PAD] or [UNK] is missing from the vocabulary.
    WordPiece(std::vector<std::string> vocabulary, bool lowerCase);

    // "[CLS] first [SEP] second [SEP]" cut to maxLength (second cut first): ids and the piece strings.
    void encodePair(std::string_view first, std::string_view second, int maxLength, std::vector<std::int64_t>& ids,
                    std::vector<std::string>& pieces) const;
    std::int64_t padId() const { return m_pad; }

private:
    std::vector<std::string> pieces(std::string_view text) const;

    std::vector<std::string> m_vocabulary;
    std::unordered_map<std::string, std::int64_t> m_index;
    bool m_lowerCase = true;
    std::int64_t m_cls = 0, m_sep = 0, m_pad = 0, m_unk = 0;
};

} // namespace mel::models
