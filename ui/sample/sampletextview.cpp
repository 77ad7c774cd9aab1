// SampleTextView: anchors carry mention ids; clicks are turned into mentionClicked.
#include "sample/sampletextview.h"

#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace mel::ui {

SampleTextView::SampleTextView(QWidget* parent)
    : QTextBrowser(parent)
{
    setObjectName("sampleText");
    setOpenLinks(false);
    setOpenExternalLinks(false);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    setFont(f);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (const core::RowId id = mentionIdFromAnchor(url.toString()))
            Q_EMIT mentionClicked(id);
    });
}

void SampleTextView::showSample(const std::string& text, const std::vector<MentionMark>& marks, core::RowId selected)
{
    m_text = text;
    m_marks = marks;
    const int scroll = verticalScrollBar()->value();
    setHtml(mentionHtml(text, marks, selected));
    verticalScrollBar()->setValue(scroll);
}

void SampleTextView::clearSample()
{
    m_text.clear();
    m_marks.clear();
    clear();
}

QPoint SampleTextView::mentionPoint(core::RowId mentionId) const
{
    // Search the anchors in the document rather than recomputing offsets: it also finds unlocated mentions.
    const QString href = QStringLiteral("mention:%1").arg(mentionId);
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.charFormat().anchorHref() != href)
                continue;
            QTextCursor cursor(const_cast<QTextDocument*>(document()));
            cursor.setPosition(fragment.position());
            const QRect before = cursorRect(cursor);
            cursor.setPosition(fragment.position() + 1);
            const QRect after = cursorRect(cursor);
            return QPoint((before.center().x() + after.center().x()) / 2, before.center().y());
        }
    return {};
}

} // namespace mel::ui
