// The from-scratch text encoder's vocabulary: frequent words plus hashed character n-gram buckets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mel/models/config.h"

namespace mel::models {

// Ids: 0 [PAD], 1 [UNK], 2 [CLS], 3 [SEP], then the words (most frequent first), then `buckets` n-gram ids.
// A token's input vector is the mean of its word vector (when the word is known) and the vectors of its
// character n-grams (FastText), so unseen names still get a vector built from their pieces.
class Vocabulary
{
public:
    static constexpr std::int64_t kPad = 0;
    static constexpr std::int64_t kUnk = 1;
    static constexpr std::int64_t kCls = 2;
    static constexpr std::int64_t kSep = 3;
    static constexpr int kSpecials = 4;

    Vocabulary() = default;
    explicit Vocabulary(const TextEncoderConfig& config);

    // Counts words of `texts` (splitWords) and keeps those seen at least config.minCount times, at most
    // config.maxVocabulary, ordered by count then bytes (deterministic).
    static Vocabulary build(const std::vector<std::string>& texts, const TextEncoderConfig& config);

    int wordCount() const { return static_cast<int>(m_words.size()) + kSpecials; }
    int totalIds() const { return wordCount() + m_buckets; }
    int buckets() const { return m_buckets; }
    int minN() const { return m_minN; }
    int maxN() const { return m_maxN; }
    // -1 when the word has no vector of its own.
    std::int64_t wordId(std::string_view word) const;
    // Appends the ids whose mean is the token's vector: the special id, or word id (if known) + n-gram ids.
    void appendTokenIds(std::string_view token, std::vector<std::int64_t>& out) const;

    // Text form for checkpoints: a header line with the n-gram settings, then one word per line.
    std::string serialize() const;
    // Throws core::Error(Invalid) when the text is not a serialized vocabulary.
    static Vocabulary deserialize(std::string_view text);

private:
    std::vector<std::string> m_words;
    std::unordered_map<std::string, std::int64_t> m_index;
    int m_buckets = 1 << 16;
    int m_minN = 3;
    int m_maxN = 5;
};

// FNV-1a 32-bit over the bytes: stable across platforms and runs, so bucket ids survive a checkpoint.
std::uint32_t fnv1a(std::string_view bytes);

} // namespace mel::models
