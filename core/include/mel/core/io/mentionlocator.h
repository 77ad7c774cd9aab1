// Finds the character span of each mention surface in its sentence (MELBench gives surfaces without offsets).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mel::core {

struct CodePointSpan
{
    int begin = 0;  // code point offsets into the text, [begin, end)
    int end = 0;
    bool operator==(const CodePointSpan&) const = default;
};

struct LocatedMention
{
    std::optional<CodePointSpan> span;  // empty when the surface does not occur in the text
    bool shared = false;                // every occurrence was already taken by earlier mentions (see below)
};

// Locates the surfaces of one sample's mentions, in list order, by exact (case-sensitive) substring match.
// Each mention takes, among the occurrences of its surface:
//   1. the first one that overlaps no span given to an earlier mention of the sample; so two mentions with the
//      same surface take successive occurrences, and "Reagan" after "Nancy Reagan" takes another "Reagan";
//   2. otherwise the first one that is not exactly the span of an earlier mention (it lies inside a longer
//      earlier mention, as "López" in "Carlos Antonio López");
//   3. otherwise the first occurrence, marked `shared`: the dataset lists the surface more often than the text
//      contains it (e.g. "Bridges", "Bridges" for Lloyd and Beau Bridges in "Bridges and his son Beau").
// A surface that does not occur at all (or is empty) gets no span; callers store it with a null span and report it.
// `known`, when not empty, has one entry per surface: a span already given by the input (JSONL offsets), kept as
// is and counted as taken for the others.
std::vector<LocatedMention> locateMentions(std::string_view text, const std::vector<std::string>& surfaces,
                                           const std::vector<std::optional<CodePointSpan>>& known = {});

} // namespace mel::core
