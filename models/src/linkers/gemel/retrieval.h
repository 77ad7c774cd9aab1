// In-context demonstrations: the training mentions most similar to a query, by cosine of character-trigram TF-IDF
// vectors of the mention surface (GEMEL uses SimCSE embeddings of the mention string; spec C4 allows trigrams).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "mel/core/linker/linker.h"

namespace mel::models::gemel {

// One training mention with its gold entity, as stored in the checkpoint.
struct Demonstration
{
    core::RowId mentionId = 0;
    std::string surface;
    std::string text;  // the sentence as demoSentence keeps it (cut for the checkpoint)
    std::string qid;
    std::string name;  // the gold entity's name: what the decoder may copy
};

struct Retrieved
{
    std::int32_t index = 0;  // into the bank
    double cosine = 0;
};

class DemoRetriever
{
public:
    DemoRetriever() = default;
    explicit DemoRetriever(std::vector<Demonstration> bank);

    // The `count` most similar bank items, most similar first; ties by bank index (a stable order, unlike
    // GEMEL's numpy argsort). Skipped: items with the query's surface and sentence (GEMEL's training-time rule,
    // applied always, so a training mention never sees itself). Not by mention id: a checkpoint's ids are its
    // training project's, and the same id in the project being linked names an unrelated mention (a query's
    // ranking would then hang on its row id). Items with cosine 0 are never returned.
    std::vector<Retrieved> nearest(const core::MentionQuery& query, int count) const;

    const std::vector<Demonstration>& bank() const { return m_bank; }
    const Demonstration& at(std::int32_t i) const { return m_bank.at(static_cast<std::size_t>(i)); }

private:
    using Sparse = std::vector<std::pair<std::int32_t, float>>;  // (gram, weight), L2-normalised

    std::vector<Demonstration> m_bank;
    std::unordered_map<std::u32string, std::int32_t> m_grams;
    std::vector<float> m_idf;
    std::vector<std::vector<std::pair<std::int32_t, float>>> m_postings;  // gram -> (item, weight)
    Sparse query(const std::string& surface) const;
};

// A mention's sentence as the bank keeps it: its first 300 code points (what nearest() compares with).
std::string demoSentence(const std::string& text);

// Character trigrams of "#" + preprocessed surface + "#" (lower-cased, punctuation as spaces).
std::vector<std::u32string> trigrams(const std::string& surface);

} // namespace mel::models::gemel
