// The sample text view: what the user selects is the span of the stored text, whatever its whitespace.
#include <gtest/gtest.h>

#include <algorithm>

#include <QTextCursor>
#include <QTextDocument>

#include "sample/sampletextview.h"
#include "uitest.h"

using namespace mel;

namespace {

// Selects `word` as a user would: by the positions the document shows it at.
void selectAsShown(ui::SampleTextView& view, const QString& word)
{
    const int at = view.document()->toPlainText().indexOf(word);
    ASSERT_GE(at, 0) << word.toStdString() << " is not shown";
    QTextCursor cursor(view.document());
    cursor.setPosition(at);
    cursor.setPosition(at + static_cast<int>(word.size()), QTextCursor::KeepAnchor);
    view.setTextCursor(cursor);
}

} // namespace

TEST(SampleTextView, NestedAndUnlocatedMentionsAreListedAfterTheTextAndClickable)
{
    test::app();
    ui::SampleTextView view;
    ui::MentionMark city, york, lost;
    city.id = 1;
    city.begin = 0;
    city.end = 13;
    city.surface = QStringLiteral("New York City");
    york.id = 2;  // inside "New York City"
    york.begin = 4;
    york.end = 8;
    york.surface = QStringLiteral("York");
    lost.id = 3;  // no span
    lost.surface = QStringLiteral("NYC");
    view.showSample("New York City at night", {city, york, lost}, 2);
    for (const core::RowId id : {1, 2, 3})
        EXPECT_FALSE(view.mentionPoint(id).isNull()) << "mention " << id << " has no anchor to click";
    const QString shown = view.document()->toPlainText();
    EXPECT_TRUE(shown.startsWith(QStringLiteral("New York City at night")));
    EXPECT_GT(shown.indexOf(QStringLiteral("York"), 22), 0) << shown.toStdString();
}

TEST(SampleTextView, ASelectionIsTheSpanOfTheStoredText_WithDoubleSpacesAndLineBreaks)
{
    test::app();
    ui::SampleTextView view;
    // A Richpedia-MEL text as stored: two spaces, a line break, a leading space, a non-BMP character.
    const std::string text = " Peter Thumb  was an\nAustrian architect \xF0\x9F\x8F\x9B  in Bregenz";
    ui::MentionMark thumb;
    thumb.id = 7;
    thumb.begin = 1;
    thumb.end = 12;
    thumb.surface = QStringLiteral("Peter Thumb");
    view.showSample(text, {thumb}, 7);

    const auto codePoints = QString::fromStdString(text).toUcs4();
    const auto spanOf = [&](const std::string& word) {
        const auto needle = QString::fromStdString(word).toUcs4();
        const auto it = std::search(codePoints.begin(), codePoints.end(), needle.begin(), needle.end());
        const int begin = static_cast<int>(it - codePoints.begin());
        return std::make_pair(begin, begin + static_cast<int>(needle.size()));
    };
    for (const std::string word : {"Austrian", "was an", "Bregenz", "architect"}) {
        selectAsShown(view, QString::fromStdString(word));
        const auto span = view.selectedSpan();
        ASSERT_TRUE(span) << word;
        EXPECT_EQ(*span, spanOf(word)) << word;
    }
    // And back: a span selected by the program shows the same characters.
    view.selectSpan(spanOf("Bregenz").first, spanOf("Bregenz").second);
    EXPECT_EQ(view.textCursor().selectedText(), QStringLiteral("Bregenz"));
}
