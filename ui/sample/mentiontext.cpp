// Mention HTML: escaped text with <a> spans; colours follow the label state.
#include "sample/mentiontext.h"

#include <QGuiApplication>

#include "style/themecolors.h"

#include <algorithm>

#include <QObject>

namespace mel::ui {

MentionState mentionState(const std::optional<core::Label>& label)
{
    if (!label)
        return MentionState::Unlabeled;
    if (label->value == core::kNil)
        return MentionState::Nil;
    if (label->value == core::kAmbiguous)
        return MentionState::Ambiguous;
    return MentionState::Linked;
}

QString stateColor(MentionState state)
{
    switch (state) {
    case MentionState::Unlabeled:
        return QStringLiteral("#ffe08a");
    case MentionState::Linked:
        return QStringLiteral("#b7e4c7");
    case MentionState::Nil:
        return QStringLiteral("#d9d9d9");
    case MentionState::Ambiguous:
        return QStringLiteral("#ffc58f");
    }
    return {};
}

int utf16Offset(const std::string& text, int codePoint)
{
    const QString s = QString::fromStdString(text);
    int offset = 0;
    for (int cp = 0; cp < codePoint && offset < s.size(); ++cp)
        offset += (s[offset].isHighSurrogate() && offset + 1 < s.size()) ? 2 : 1;
    return offset;
}

core::RowId mentionIdFromAnchor(const QString& anchor)
{
    if (!anchor.startsWith(QStringLiteral("mention:")))
        return 0;
    bool ok = false;
    const qlonglong id = anchor.mid(8).toLongLong(&ok);
    return ok ? id : 0;
}

namespace {

QString anchor(const MentionMark& m, const QString& inner, core::RowId selected)
{
    QString style = QStringLiteral("background-color:%1; color:#111; text-decoration:none;").arg(stateColor(m.state));
    if (m.id == selected)
        style += QStringLiteral(" font-weight:bold; border-bottom: 2px solid %1;")
                     .arg(cssColor(accentColor(QGuiApplication::palette())));
    if (m.human)
        style += QStringLiteral(" text-decoration: underline;");
    return QStringLiteral("<a href=\"mention:%1\" style=\"%2\">%3</a>").arg(m.id).arg(style, inner);
}

} // namespace

QString mentionHtml(const std::string& text, const std::vector<MentionMark>& marks, core::RowId selected)
{
    const QString s = QString::fromStdString(text);
    const auto codePoints = s.toUcs4();
    std::vector<const MentionMark*> located;
    std::vector<const MentionMark*> unlocated;
    for (const auto& m : marks) {
        if (m.begin && m.end && *m.begin >= 0 && *m.end > *m.begin && *m.end <= codePoints.size())
            located.push_back(&m);
        else
            unlocated.push_back(&m);
    }
    std::stable_sort(located.begin(), located.end(), [](auto* a, auto* b) { return *a->begin < *b->begin; });

    auto slice = [&](int from, int to) {
        return QString::fromUcs4(reinterpret_cast<const char32_t*>(codePoints.constData() + from), to - from)
            .toHtmlEscaped();
    };
    // pre-wrap: HTML would fold runs of spaces and line breaks into one space, and the document's positions (which
    // a selection gives) would no longer be the text's (most Richpedia-MEL texts have double spaces).
    QString html = QStringLiteral("<p style=\"line-height:150%; white-space:pre-wrap\">");
    int pos = 0;
    std::vector<const MentionMark*> overlapping;
    for (const MentionMark* m : located) {
        if (*m->begin < pos) {
            overlapping.push_back(m);  // inside or across a mention already drawn: listed below, still clickable
            continue;
        }
        html += slice(pos, *m->begin);
        html += anchor(*m, slice(*m->begin, *m->end), selected);
        pos = *m->end;
    }
    html += slice(pos, static_cast<int>(codePoints.size()));
    html += QStringLiteral("</p>");
    const auto list = [&](const QString& title, const std::vector<const MentionMark*>& marks) {
        if (marks.empty())
            return;
        html += QStringLiteral("<p style=\"color:%1\">").arg(cssColor(mutedTextColor(QGuiApplication::palette()))) +
                title + ' ';
        for (const MentionMark* m : marks)
            html += anchor(*m, m->surface.toHtmlEscaped(), selected) + ' ';
        html += QStringLiteral("</p>");
    };
    list(QObject::tr("Not found in the text:"), unlocated);
    list(QObject::tr("Overlapping another mention:"), overlapping);
    return html;
}

} // namespace mel::ui
