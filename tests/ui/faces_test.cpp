// Image > Detect faces on the demo project: a job stores the faces as "face" image regions, the image view draws
// them, and a second run replaces rather than duplicates them.
#include <gtest/gtest.h>

#include "mainwindow.h"
#include "mel/core/store/imageregions.h"
#include "project/facesjob.h"
#include "uitest.h"

using namespace mel;
using mel::test::waitFor;

TEST(FacesTest, DetectFaces_StoresRegions_DrawnInTheImageView_AndARerunReplacesThem)
{
    if (!ui::faceDetectionAvailable())
        GTEST_SKIP() << "this build has no face detector";
    test::app();
    test::UiTempDir dir;
    const auto file = test::demoProjectCopy(dir);
    ui::MainWindow window;
    window.setInteractive(false);
    window.show();
    ASSERT_TRUE(window.openProject(QString::fromStdString(file.string())));
    ASSERT_TRUE(waitFor([&] { return window.project().kb() != nullptr && !window.jobs().isRunning(); }, 60000));

    auto countFaces = [&](core::RowId* withFaces) {
        int faces = 0;
        auto* model = window.browser()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto n = core::imageRegions(window.project().store(), model->sampleIdAt(row), "face").size();
            if (n > 0 && withFaces && *withFaces == 0)
                *withFaces = row + 1;
            faces += static_cast<int>(n);
        }
        return faces;
    };
    ASSERT_TRUE(window.startDetectFaces());
    ASSERT_TRUE(window.jobs().waitForIdle(240000));
    EXPECT_TRUE(window.lastJobSummary().contains(QStringLiteral("faces stored"))) << window.lastJobSummary().toStdString();
    core::RowId firstRow = 0;
    const int faces = countFaces(&firstRow);
    ASSERT_GT(faces, 0) << "the demo's people photos have faces";
    window.browser()->selectRow(static_cast<int>(firstRow - 1));
    EXPECT_TRUE(waitFor([&] { return window.imageView()->regionCount() > 0; }, 10000));

    ASSERT_TRUE(window.startDetectFaces());
    ASSERT_TRUE(window.jobs().waitForIdle(240000));
    EXPECT_EQ(countFaces(nullptr), faces) << "a re-run replaces the face regions";
}
