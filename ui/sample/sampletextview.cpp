// SampleTextView: anchors carry mention ids; clicks are turned into mentionClicked.
#include "sample/sampletextview.h"

#include <QContextMenuEvent>
#include <QMenu>
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

std::optional<std::pair<int, int>> SampleTextView::selectedSpan() const
{
    const QTextCursor cursor = textCursor();
    if (!cursor.hasSelection())
        return std::nullopt;
    const QString text = QString::fromStdString(m_text);
    int from = cursor.selectionStart();
    int to = cursor.selectionEnd();
    if (to > text.size())
        return std::nullopt;  // reaches into the "not found in the text" line
    while (from < to && text[from].isSpace())
        ++from;
    while (to > from && text[to - 1].isSpace())
        --to;
    if (from == to)
        return std::nullopt;
    const int begin = static_cast<int>(text.left(from).toUcs4().size());
    return std::make_pair(begin, begin + static_cast<int>(text.mid(from, to - from).toUcs4().size()));
}

void SampleTextView::selectSpan(int begin, int end)
{
    QTextCursor cursor(document());
    cursor.setPosition(utf16Offset(m_text, begin));
    cursor.setPosition(utf16Offset(m_text, end), QTextCursor::KeepAnchor);
    setTextCursor(cursor);
}

void SampleTextView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu* menu = createStandardContextMenu(event->pos());
    QAction* add = menu->addAction(tr("Add mention from selection (M)"));
    add->setEnabled(selectedSpan().has_value());
    connect(add, &QAction::triggered, this, &SampleTextView::addMentionRequested);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

} // namespace mel::ui
