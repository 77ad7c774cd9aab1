// The sample's text with clickable mentions.
#pragma once

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

Q_SIGNALS:
    void mentionClicked(core::RowId mentionId);

private:
    std::string m_text;
    std::vector<MentionMark> m_marks;
};

} // namespace mel::ui
