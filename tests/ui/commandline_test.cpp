// melstudio's command line: a positional FILE (the .desktop entry's %f) opens that project like --project FILE.
#include <gtest/gtest.h>

#include <QDir>

#include "commandline.h"
#include "uitest.h"

using mel::app::parseCommandLine;

TEST(CommandLine, PositionalFileIsTheProject)
{
    mel::test::app();
    const auto options = parseCommandLine({"melstudio", "/tmp/x/my.melproj"});
    EXPECT_TRUE(options.error.isEmpty());
    EXPECT_EQ(options.projectFile, QStringLiteral("/tmp/x/my.melproj"));
    EXPECT_FALSE(options.demo);
}

TEST(CommandLine, ProjectOptionStillWorksAndWins)
{
    mel::test::app();
    EXPECT_EQ(parseCommandLine({"melstudio", "--project", "/tmp/a.melproj"}).projectFile, "/tmp/a.melproj");
    EXPECT_EQ(parseCommandLine({"melstudio", "-p", "/tmp/a.melproj", "/tmp/b.melproj"}).projectFile, "/tmp/a.melproj");
}

TEST(CommandLine, RelativeAndUrlFilesBecomeAbsolutePaths)
{
    mel::test::app();
    EXPECT_EQ(parseCommandLine({"melstudio", "rel.melproj"}).projectFile, QDir::current().absoluteFilePath("rel.melproj"));
    EXPECT_EQ(parseCommandLine({"melstudio", "file:///tmp/u.melproj"}).projectFile, "/tmp/u.melproj");
}

TEST(CommandLine, NoFileMeansDemoAndBadArgumentsAreReported)
{
    mel::test::app();
    const auto none = parseCommandLine({"melstudio"});
    EXPECT_TRUE(none.projectFile.isEmpty());
    EXPECT_TRUE(none.error.isEmpty());
    const auto shots = parseCommandLine({"melstudio", "--demo", "--screenshot", "/tmp/shots"});
    EXPECT_TRUE(shots.demo);
    EXPECT_EQ(shots.screenshotDir, "/tmp/shots");
    EXPECT_FALSE(parseCommandLine({"melstudio", "a.melproj", "b.melproj"}).error.isEmpty());
    EXPECT_FALSE(parseCommandLine({"melstudio", "--no-such-option"}).error.isEmpty());
}
