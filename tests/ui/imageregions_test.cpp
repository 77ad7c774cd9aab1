// Detected regions (faces) on the image: clicking one offers it to the selected mention; mention boxes win.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTest>

#include "sample/imageview.h"
#include "uitest.h"

using namespace mel;

namespace {

// A demo image in a 480x360 view with one detected face in its upper left.
struct ImageWithAFace : ::testing::Test
{
    QApplication& app = test::app();  // before the widget
    ui::ImageView image;
    QSize size;
    core::BoundingBox face;

    void SetUp() override
    {
        image.resize(480, 360);
        image.show();
        image.showImage(MEL_SOURCE_DIR "/resources/demo/wikidata-mel/images/13280.jpg");
        ASSERT_TRUE(image.hasImage());
        size = image.imageSize();
        face = {size.width() * 0.1, size.height() * 0.1, size.width() * 0.3, size.height() * 0.3};
        image.setRegions({face});
    }

    QPoint viewPoint(const core::BoundingBox& b) const
    {
        return image.mapFromScene(QPointF(b.x + b.w / 2, b.y + b.h / 2));
    }
};

} // namespace

TEST_F(ImageWithAFace, ClickingADetectedRegionEmitsItsBoxAndMentionBoxesWin)
{
    const core::BoundingBox mention{size.width() * 0.6, size.height() * 0.6, size.width() * 0.3, size.height() * 0.3};
    ui::MentionBox box;
    box.mentionId = 42;
    box.box = mention;
    box.surface = QStringLiteral("Obama");
    image.setBoxes({box}, 0);
    image.fitImage();
    QSignalSpy regions(&image, &ui::ImageView::regionClicked);
    QSignalSpy mentions(&image, &ui::ImageView::boxClicked);

    QTest::mouseClick(image.viewport(), Qt::LeftButton, {}, viewPoint(face));
    ASSERT_EQ(regions.count(), 1);
    const QRectF got = regions.at(0).at(0).toRectF();
    EXPECT_DOUBLE_EQ(got.x(), face.x);
    EXPECT_DOUBLE_EQ(got.y(), face.y);
    EXPECT_DOUBLE_EQ(got.width(), face.w);
    EXPECT_DOUBLE_EQ(got.height(), face.h);
    EXPECT_EQ(mentions.count(), 0);

    QTest::mouseClick(image.viewport(), Qt::LeftButton, {}, viewPoint(mention));
    ASSERT_EQ(mentions.count(), 1);
    EXPECT_EQ(mentions.at(0).at(0).toLongLong(), 42);
    EXPECT_EQ(regions.count(), 1);

    // A mention box drawn over a face: the click selects the mention, it does not re-tie it.
    image.setRegions({mention});
    QTest::mouseClick(image.viewport(), Qt::LeftButton, {}, viewPoint(mention));
    EXPECT_EQ(mentions.count(), 2);
    EXPECT_EQ(regions.count(), 1);
}

TEST_F(ImageWithAFace, ADragThatStartsOnABoxPansWithoutSelectingOrTyingIt)
{
    // Dragging pans the view: starting the drag on a face or another mention's box must not set the selected
    // mention's box or select that mention (they are emitted on a release that barely moved).
    image.fitImage();
    QSignalSpy regions(&image, &ui::ImageView::regionClicked);
    const QPoint start = viewPoint(face);
    QTest::mousePress(image.viewport(), Qt::LeftButton, {}, start);
    QTest::mouseMove(image.viewport(), start + QPoint(60, 40));
    QTest::mouseRelease(image.viewport(), Qt::LeftButton, {}, start + QPoint(60, 40));
    EXPECT_EQ(regions.count(), 0);
    QTest::mouseClick(image.viewport(), Qt::LeftButton, {}, start);
    EXPECT_EQ(regions.count(), 1) << "a click still ties it";
}
