// Colours derived from the current palette, so the GUI reads well in both light and dark system themes.
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

namespace mel::ui {

// Whether the palette is a dark theme (window background darker than mid grey).
bool isDarkPalette(const QPalette& palette);
// Secondary text (QIDs, notes): the palette's text blended towards its background.
QColor mutedTextColor(const QPalette& palette);
// The accent of keys and the selected mention: the palette's highlight.
QColor accentColor(const QPalette& palette);
// "Current label" green, lighter on dark themes; and a faint card background of that green over the base colour.
QColor successColor(const QPalette& palette);
QColor successBackground(const QPalette& palette);
// A frame line that is visible but quiet on either theme.
QColor frameColor(const QPalette& palette);
// #rrggbb (or rgba(...) with alpha) for style sheets and rich text.
QString cssColor(const QColor& color);

} // namespace mel::ui
