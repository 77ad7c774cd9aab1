// Palette-derived colours: blends of the theme's own colours instead of fixed greys that vanish in dark mode.
#include "style/themecolors.h"

namespace mel::ui {

namespace {

QColor blend(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

bool isDarkPalette(const QPalette& palette) { return palette.color(QPalette::Window).lightness() < 128; }

QColor mutedTextColor(const QPalette& palette)
{
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.4);
}

QColor accentColor(const QPalette& palette) { return palette.color(QPalette::Highlight); }

QColor successColor(const QPalette& palette)
{
    return isDarkPalette(palette) ? QColor(0x6f, 0xcf, 0x97) : QColor(0x2e, 0x9d, 0x5b);
}

QColor successBackground(const QPalette& palette)
{
    return blend(palette.color(QPalette::Base), successColor(palette), 0.12);
}

QColor frameColor(const QPalette& palette)
{
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.25);
}

QString cssColor(const QColor& color)
{
    if (color.alpha() == 255)
        return color.name(QColor::HexRgb);
    return QStringLiteral("rgba(%1,%2,%3,%4)").arg(color.red()).arg(color.green()).arg(color.blue()).arg(color.alphaF());
}

} // namespace mel::ui
