// Mention edits: spans checked against the sample text in code points, written in one transaction.
#include "mel/core/store/mentionedit.h"

#include <algorithm>

#include "mel/core/util/error.h"
#include "mel/core/util/utf8.h"

namespace mel::core {

RowId addMention(Store& store, RowId sampleId, int begin, int end)
{
    const auto sample = store.sample(sampleId);
    if (!sample)
        throw Error(ErrorCode::NotFound, "no sample with id " + std::to_string(sampleId));
    const std::u32string text = utf8::decode(sample->text);
    const ErrorContext where{store.path().string(), sample->sourceId, "mention span"};
    if (begin < 0 || end <= begin || end > static_cast<int>(text.size()))
        throw Error(ErrorCode::Invalid,
                    "span [" + std::to_string(begin) + ", " + std::to_string(end) + ") is empty or outside the text",
                    where);
    int ordinal = 0;
    for (const auto& m : store.mentionsOf(sampleId)) {
        ordinal = std::max(ordinal, m.ordinal + 1);
        if (m.begin == begin && m.end == end)
            throw Error(ErrorCode::Invalid, "a mention with this span already exists", where);
    }
    Mention m;
    m.sampleId = sampleId;
    m.ordinal = ordinal;
    m.surface = utf8::encode(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
    m.begin = begin;
    m.end = end;
    return store.insertMention(m);
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
