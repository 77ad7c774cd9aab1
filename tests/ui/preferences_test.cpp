// Edit > Preferences: each choice changes what the widgets do (NIL key, candidate count, colormap, linker), and the
// choices survive a save/load round trip through QSettings.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QKeySequenceEdit>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTest>

#include "mainwindow.h"
#include "preferences/preferencesdialog.h"
#include "uitest.h"

using namespace mel;
using mel::test::waitFor;

namespace {

void forgetPreferences()
{
    QSettings settings;
    for (const char* key : {"annotator", "linker", "device", "candidateCount", "colormap", "language"})
        settings.remove(QString::fromLatin1(key));
    settings.remove(QStringLiteral("shortcuts"));
}

struct PreferencesTest : ::testing::Test
{
    test::UiTempDir dir;
    std::unique_ptr<ui::MainWindow> window;

    void SetUp() override
    {
        test::app();
        forgetPreferences();
        const auto file = test::demoProjectCopy(dir);
        window = std::make_unique<ui::MainWindow>();
        window->setInteractive(false);
        window->show();
        window->activateWindow();
        QApplication::setActiveWindow(window.get());
        ASSERT_TRUE(window->openProject(QString::fromStdString(file.string())));
        ASSERT_TRUE(waitFor([&] { return window->project().kb() != nullptr; }));
        ASSERT_TRUE(waitFor([&] { return !window->jobs().isRunning() && !window->browser()->isLoading(); }));
    }

    void TearDown() override { forgetPreferences(); }

    core::Store& store() { return window->project().store(); }

    // Selects the first sample with a located mention and waits for its ranking.
    core::RowId firstMentionRanked()
    {
        auto* model = window->browser()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            for (const auto& m : store().mentionsOf(model->sampleIdAt(row)))
                if (m.begin) {
                    window->browser()->selectRow(row);
                    const bool ready = waitFor([&] {
                        return window->controller().currentMention() == m.id && window->controller().rankingReady();
                    });
                    return ready ? m.id : 0;
                }
        return 0;
    }
};

} // namespace

TEST_F(PreferencesTest, TheNilShortcutFollowsThePreferences)
{
    ui::Preferences prefs = window->preferences();
    prefs.shortcuts[ui::ShortcutAction::Nil] = QKeySequence(Qt::Key_X);
    window->applyPreferences(prefs);
    const core::RowId mention = firstMentionRanked();
    ASSERT_NE(mention, 0);

    const std::size_t changes = store().history(mention).size();
    QTest::keyClick(window.get(), Qt::Key_N);  // the old key does nothing now
    EXPECT_EQ(store().history(mention).size(), changes);
    QTest::keyClick(window.get(), Qt::Key_X);
    EXPECT_EQ(store().history(mention).size(), changes + 1);
    ASSERT_TRUE(store().label(mention));
    EXPECT_EQ(store().label(mention)->value, core::kNil);
    EXPECT_EQ(window->shortcutAction(ui::ShortcutAction::Nil)->shortcut(), QKeySequence(Qt::Key_X));
}

TEST_F(PreferencesTest, CandidateCountLimitsTheRanking)
{
    const core::RowId mention = firstMentionRanked();
    ASSERT_NE(mention, 0);
    ASSERT_GT(window->controller().ranking().candidates.size(), 3u) << "the demo mention should have many candidates";

    ui::Preferences prefs = window->preferences();
    prefs.candidateCount = 3;
    window->applyPreferences(prefs);  // re-ranks the current mention
    ASSERT_TRUE(waitFor([&] {
        return window->controller().rankingReady() && window->controller().ranking().candidates.size() <= 3;
    }));
    EXPECT_EQ(window->controller().ranking().candidates.size(), 3u);
    EXPECT_LE(window->candidatePanel()->cards().size(), 3);
}

TEST_F(PreferencesTest, ColormapChangesTheHeatmapOverlay)
{
    auto* image = window->imageView();
    image->showImage(QStringLiteral(MEL_SOURCE_DIR "/resources/demo/wikidata-mel/images/13321.jpg"));
    ASSERT_TRUE(image->hasImage());
    const std::vector<float> heat = {0.f, 0.5f, 1.f, 0.25f};
    image->setHeatmap(heat, 2, 2);
    ASSERT_TRUE(image->hasHeatmap());
    const QImage jet = image->heatmapOverlay();
    const QPoint hot(jet.width() / 4, jet.height() * 3 / 4);  // the centre of the 1.0 cell (row 1, column 0)
    const QColor jetHot = jet.pixelColor(hot);
    EXPECT_GT(jetHot.red(), 2 * jetHot.blue()) << "jet is red at the top";

    ui::Preferences prefs = window->preferences();
    prefs.colormap = ui::Colormap::Grayscale;
    window->applyPreferences(prefs);
    const QColor grayHot = image->heatmapOverlay().pixelColor(hot);
    EXPECT_NEAR(grayHot.red(), grayHot.green(), 2);
    EXPECT_NEAR(grayHot.green(), grayHot.blue(), 2);
    EXPECT_EQ(window->imageView()->colormap(), ui::Colormap::Grayscale);
}

TEST_F(PreferencesTest, AnnotatorIsWrittenIntoTheLabelHistory)
{
    ui::Preferences prefs = window->preferences();
    prefs.annotator = QStringLiteral("preferred-annotator");
    window->applyPreferences(prefs);
    const core::RowId mention = firstMentionRanked();
    ASSERT_NE(mention, 0);
    QTest::keyClick(window.get(), Qt::Key_A);
    ASSERT_FALSE(store().history(mention).empty());
    EXPECT_EQ(store().history(mention).back().annotator, "preferred-annotator");
}

TEST(PreferencesStore, DialogValuesSurviveASaveLoadRoundTrip)
{
    test::app();
    forgetPreferences();
    ui::Preferences initial = ui::Preferences::load();
    EXPECT_EQ(initial.shortcut(ui::ShortcutAction::Nil), QKeySequence(Qt::Key_N));
    EXPECT_EQ(initial.candidateCount, 100);

    ui::PreferencesDialog dialog(initial, {{"name", "Name baseline"}, {"ghmf", "GHMF"}}, false);
    dialog.annotatorEdit()->setText(QStringLiteral("  ada "));
    dialog.linkerBox()->setCurrentIndex(dialog.linkerBox()->findData("ghmf"));
    dialog.candidateCountBox()->setValue(7);
    dialog.colormapBox()->setCurrentIndex(dialog.colormapBox()->findData("viridis"));
    dialog.languageBox()->setCurrentIndex(dialog.languageBox()->findData("de"));
    dialog.shortcutEdit(ui::ShortcutAction::Ambiguous)->setKeySequence(QKeySequence(Qt::CTRL | Qt::Key_B));
    dialog.preferences().save();

    const ui::Preferences loaded = ui::Preferences::load();
    EXPECT_EQ(loaded.annotator, "ada");
    EXPECT_EQ(loaded.linker, "ghmf");
    EXPECT_EQ(loaded.device, "auto") << "the default: the GPU when there is one";
    EXPECT_EQ(loaded.candidateCount, 7);
    EXPECT_EQ(loaded.colormap, ui::Colormap::Viridis);
    EXPECT_EQ(loaded.language, "de");
    EXPECT_EQ(loaded.shortcut(ui::ShortcutAction::Ambiguous), QKeySequence(Qt::CTRL | Qt::Key_B));
    EXPECT_EQ(loaded.shortcut(ui::ShortcutAction::NextSample), QKeySequence(Qt::Key_PageDown));
    forgetPreferences();
}

TEST(PreferencesStore, GpuCannotBePickedWithoutOne)
{
    test::app();
    ui::PreferencesDialog without(ui::Preferences{}, {{"name", "Name baseline"}}, false);
    const int gpu = without.deviceBox()->findData("cuda");
    ASSERT_GE(gpu, 0);
    auto* model = qobject_cast<QStandardItemModel*>(without.deviceBox()->model());
    ASSERT_NE(model, nullptr);
    EXPECT_FALSE(model->item(gpu)->isEnabled());
    EXPECT_EQ(without.deviceBox()->currentData().toString(), "auto") << "automatic stays selectable and is the default";
    ui::PreferencesDialog with(ui::Preferences{}, {{"name", "Name baseline"}}, true);
    with.deviceBox()->setCurrentIndex(with.deviceBox()->findData("cuda"));
    EXPECT_EQ(with.preferences().device, "cuda");
}

TEST(PreferencesStore, ClashingKeysCannotBeAccepted)
{
    test::app();
    ui::PreferencesDialog dialog(ui::Preferences{}, {{"name", "Name baseline"}}, false);
    EXPECT_TRUE(dialog.canAccept());
    dialog.shortcutEdit(ui::ShortcutAction::Ambiguous)->setKeySequence(QKeySequence(Qt::Key_N));  // NIL's key
    EXPECT_FALSE(dialog.canAccept());
    dialog.shortcutEdit(ui::ShortcutAction::Ambiguous)->setKeySequence(QKeySequence(Qt::Key_3));  // accepts #3
    EXPECT_FALSE(dialog.canAccept());
    dialog.shortcutEdit(ui::ShortcutAction::Ambiguous)->setKeySequence(QKeySequence(Qt::Key_Q));
    EXPECT_TRUE(dialog.canAccept());
}
