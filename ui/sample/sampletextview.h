// The sample's text with clickable mentions.
#pragma once

#include <optional>
#include <utility>

#include <QTextBrowser>

#include "sample/mentiontext.h"

namespace mel::ui {

class SampleTextView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit SampleTextView(QWidget* parent = nullptr);
    void showSample(const std::string& text, const std::vector<MentionMark>& marks, core::RowId selected);
    void clearSample();
    // The viewport point at the middle of the mention's first character (for tests and tooltips); null if hidden.
    QPoint mentionPoint(core::RowId mentionId) const;
    // The selected part of the sample text as code points [begin, end), trimmed of spaces; empty when nothing (or
    // something outside the text) is selected.
    std::optional<std::pair<int, int>> selectedSpan() const;
    // Selects code points [begin, end) of the text (for tests and keyboard-driven selection).
    void selectSpan(int begin, int end);

Q_SIGNALS:
    void mentionClicked(core::RowId mentionId);
    void addMentionRequested();

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    std::string m_text;
    std::vector<MentionMark> m_marks;
};

} // namespace mel::ui
