// Mention edits: spans checked against the sample text in code points, written in one transaction.
#include "mel/core/store/mentionedit.h"

#include <algorithm>
#include <optional>

#include "mel/core/util/error.h"
#include "mel/core/util/utf8.h"

namespace mel::core {

RowId addMention(Store& store, RowId sampleId, int begin, int end, RowId id)
{
    const auto sample = store.sample(sampleId);
    if (!sample)
        throw Error(ErrorCode::NotFound, "no sample with id " + std::to_string(sampleId));
    const std::u32string text = utf8::decode(sample->text);
    const ErrorContext where{store.path().string(), sample->sourceId, "mention span"};
    if (id > 0 && store.mention(id))
        throw Error(ErrorCode::Invalid, "mention id " + std::to_string(id) + " is taken by another mention", where);
    if (begin < 0 || end <= begin || end > static_cast<int>(text.size()))
        throw Error(ErrorCode::Invalid,
                    "span [" + std::to_string(begin) + ", " + std::to_string(end) + ") is empty or outside the text",
                    where);
    // The new mention takes its place in reading order (J/K and exports follow ordinals): before the first mention,
    // in ordinal order, that starts after it; the ones from there on move up by one.
    int ordinal = 0;
    std::optional<int> before;
    for (const auto& m : store.mentionsOf(sampleId)) {
        ordinal = std::max(ordinal, m.ordinal + 1);
        if (m.begin == begin && m.end == end)
            throw Error(ErrorCode::Invalid, "a mention with this span already exists", where);
        const bool after = m.begin && m.end && (*m.begin > begin || (*m.begin == begin && *m.end > end));
        if (!before && after)  // mentions without a span (image-only) are passed over
            before = m.ordinal;
    }
    Mention m;
    m.sampleId = sampleId;
    m.ordinal = before.value_or(ordinal);
    m.surface = utf8::encode(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
    m.begin = begin;
    m.end = end;
    m.id = id;
    store.inTransaction([&] {
        if (before) {
            // Two steps through negative values: UNIQUE(sample_id, ordinal) is checked row by row.
            auto& out = store.cached("UPDATE mention SET ordinal = -ordinal - 1 WHERE sample_id = ? AND ordinal >= ?");
            out.bind(1, sampleId).bind(2, *before);
            out.exec();
            auto& back = store.cached("UPDATE mention SET ordinal = -ordinal WHERE sample_id = ? AND ordinal < 0");
            back.bind(1, sampleId);
            back.exec();
        }
        id = store.insertMention(m);
    });
    return id;
}

void removeMention(Store& store, RowId mentionId)
{
    // One statement, so atomic on its own; label_history forbids UPDATE but not DELETE, and the mention's label,
    // history and predictions go with it (ON DELETE CASCADE).
    auto& st = store.cached("DELETE FROM mention WHERE id = ?");
    st.bind(1, mentionId);
    st.exec();
    if (store.db().changes() == 0)
        throw Error(ErrorCode::NotFound, "no mention with id " + std::to_string(mentionId));
}

} // namespace mel::core
