// Palette-derived colours: secondary text and the "current label" card stay readable on light and dark themes.
#include <gtest/gtest.h>

#include <QChartView>

#include "candidates/candidatecard.h"
#include "explain/explainpanel.h"
#include "style/themecolors.h"
#include "uitest.h"

using namespace mel;

namespace {

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    return p;
}

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    return p;
}

int contrast(const QColor& a, const QColor& b) { return std::abs(a.lightness() - b.lightness()); }

} // namespace

TEST(ThemeColors, FollowLightAndDarkPalettes)
{
    test::app();
    for (const QPalette& p : {lightPalette(), darkPalette()}) {
        const QColor base = p.color(QPalette::Base);
        EXPECT_GT(contrast(ui::mutedTextColor(p), base), 80) << "secondary text must stay readable";
        EXPECT_LT(contrast(ui::mutedTextColor(p), base), contrast(p.color(QPalette::Text), base)) << "but quieter";
        EXPECT_GT(contrast(ui::successColor(p), ui::successBackground(p)), 60);
        EXPECT_LT(contrast(ui::successBackground(p), base), 40) << "the card background stays close to the base";
        EXPECT_EQ(ui::accentColor(p), p.color(QPalette::Highlight));
    }
    EXPECT_TRUE(ui::isDarkPalette(darkPalette()));
    EXPECT_FALSE(ui::isDarkPalette(lightPalette()));
}

TEST(ThemeColors, CurrentLabelCardUsesTheDarkPalette)
{
    test::app();
    QWidget parent;
    parent.setPalette(darkPalette());
    ui::RankedCandidate c;
    c.entity.qid = "Q1";
    c.entity.name = "Universe";
    c.score = 0.9;
    c.rank = 1;
    ui::CandidateCard card(c, 1, true, &parent);
    const QString style = card.styleSheet();
    EXPECT_FALSE(style.contains("#eefaf1")) << "no light-theme background on a dark palette";
    EXPECT_TRUE(style.contains(ui::cssColor(ui::successBackground(darkPalette())))) << style.toStdString();
}

TEST(ThemeColors, ExplainChartsFollowAThemeSwitch)
{
    test::app();
    ui::ExplainPanel panel;
    panel.setPalette(lightPalette());
    const auto charts = panel.findChildren<QChartView*>();
    ASSERT_FALSE(charts.isEmpty());
    for (auto* view : charts)
        EXPECT_EQ(view->chart()->theme(), QChart::ChartThemeLight);
    panel.setPalette(darkPalette());
    for (auto* view : charts)
        EXPECT_EQ(view->chart()->theme(), QChart::ChartThemeDark);
}
