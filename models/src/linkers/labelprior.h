// How often the training labels link a surface, and an entity, at all: the classic entity-linking prior p(e|m)
// taken from annotated data (here the train split's current labels, so annotators' corrections feed it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mel::models {

class LabelPrior
{
public:
    struct Counts
    {
        int entity = 0;   // labels of any surface naming this entity
        int pair = 0;     // labels of this surface naming this entity
        int surface = 0;  // labels of this surface, whatever their entity
    };

    // `surface` is the WRatio-pre-processed mention surface (fuzz::preprocess), UTF-8 encoded.
    void add(std::string_view surface, std::string_view qid);
    // With `leaveOut` set (a training mention's own gold QID) that mention's own label is taken out of the
    // counts, so a model never learns from counts that contain the answer it is being trained on.
    Counts counts(std::string_view surface, std::string_view qid, std::string_view leaveOut = {}) const;

    bool empty() const { return m_entity.empty(); }
    std::size_t labels() const { return m_labels; }

    // Compact JSON; throws core::Error(Parse/Invalid) naming the field for a malformed text.
    std::string serialize() const;
    static LabelPrior deserialize(std::string_view json);

private:
    std::unordered_map<std::string, int> m_entity;
    std::unordered_map<std::string, int> m_pair;     // surface + '\t' + qid
    std::unordered_map<std::string, int> m_surface;
    std::size_t m_labels = 0;
};

} // namespace mel::models
