// A sample's text as HTML with every located mention as a clickable, colour-coded anchor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <QString>

#include "mel/core/store/types.h"

namespace mel::ui {

// How a mention is drawn: its current label state decides the colour.
enum class MentionState
{
    Unlabeled,
    Linked,
    Nil,
    Ambiguous,
};

MentionState mentionState(const std::optional<core::Label>& label);

struct MentionMark
{
    core::RowId id = 0;
    std::optional<int> begin;  // code points
    std::optional<int> end;
    QString surface;
    MentionState state = MentionState::Unlabeled;
    bool human = false;        // the current label was set by a human
};

// Anchors are "mention:<id>". Mentions without a span, and mentions whose span overlaps one drawn before (nested
// or crossing), are listed after the text, so every mention stays visible and clickable (their positions in the
// document come after the text, so text offsets map 1:1).
QString mentionHtml(const std::string& text, const std::vector<MentionMark>& marks, core::RowId selected);

// The UTF-16 offset of code point `codePoint` in `text` (what QTextDocument positions count).
int utf16Offset(const std::string& text, int codePoint);

// The mention id of a "mention:<id>" anchor, 0 otherwise.
core::RowId mentionIdFromAnchor(const QString& anchor);

QString stateColor(MentionState state);

} // namespace mel::ui
