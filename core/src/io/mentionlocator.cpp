// Mention span location by surface matching, with the occurrence rule documented in the header.
#include "mel/core/io/mentionlocator.h"

#include "mel/core/util/utf8.h"

namespace mel::core {

std::vector<LocatedMention> locateMentions(std::string_view text, const std::vector<std::string>& surfaces,
                                           const std::vector<std::optional<CodePointSpan>>& known)
{
    std::vector<LocatedMention> out(surfaces.size());
    std::vector<CodePointSpan> taken;
    for (std::size_t i = 0; i < known.size() && i < surfaces.size(); ++i) {
        if (known[i]) {
            out[i].span = known[i];
            taken.push_back(*known[i]);
        }
    }
    for (std::size_t i = 0; i < surfaces.size(); ++i) {
        if (out[i].span)
            continue;
        const auto hits = utf8::findAll(text, surfaces[i]);
        if (hits.empty())
            continue;
        std::optional<CodePointSpan> notOverlapping;
        std::optional<CodePointSpan> notIdentical;
        for (const auto& [b, e] : hits) {
            const CodePointSpan span{static_cast<int>(b), static_cast<int>(e)};
            bool overlaps = false;
            bool identical = false;
            for (const auto& t : taken) {
                overlaps = overlaps || (span.begin < t.end && t.begin < span.end);
                identical = identical || span == t;
            }
            if (!overlaps) {
                notOverlapping = span;
                break;
            }
            if (!identical && !notIdentical)
                notIdentical = span;
        }
        if (notOverlapping) {
            out[i].span = notOverlapping;
        } else if (notIdentical) {
            out[i].span = notIdentical;
        } else {
            out[i].span = CodePointSpan{static_cast<int>(hits.front().first), static_cast<int>(hits.front().second)};
            out[i].shared = true;
        }
        taken.push_back(*out[i].span);
    }
    return out;
}

} // namespace mel::core
