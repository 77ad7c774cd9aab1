// Small building blocks of the importers: SHA-1, attribute text, mention location, path checks, CSV cells.
#include <gtest/gtest.h>

#include "iotest.h"
#include "mel/core/io/atomicfile.h"
#include "mel/core/io/csvexport.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/mentionlocator.h"
#include "mel/core/io/safepath.h"
#include "mel/core/io/sha1.h"

using namespace mel::core;
using mel::test::TempDir;

TEST(Sha1, MatchesFips180TestVectors)
{
    EXPECT_EQ(sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    EXPECT_EQ(sha1Hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Sha1, StreamsInAnyChunkSize)
{
    std::string data;
    for (int i = 0; i < 1000; ++i)
        data += static_cast<char>(i * 7);
    for (std::size_t chunk : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 999u}) {
        Sha1 sha;
        for (std::size_t at = 0; at < data.size(); at += chunk)
            sha.update(std::string_view(data).substr(at, chunk));
        EXPECT_EQ(sha.hexDigest(), sha1Hex(data)) << "chunk " << chunk;
    }
}

TEST(Sha1, HashesFileBytes)
{
    EXPECT_EQ(sha1File(mel::test::fixtures() / "melbench-list/images/s1.jpg"),
              "40e18ccaf4fa927c8f1e2e66449de65fe686fc13");
    EXPECT_EQ(mel::test::expectError([] { sha1File("/nonexistent/file.jpg"); }).code(), ErrorCode::Io);
}

TEST(Attributes, ParsesKeyValueText)
{
    const auto a = parseAttributeText("Sex: male. Birth: 1900, Erie. Occupation: police officer, politician. "
                                      "Alma mater: John F. Kennedy School of Government, W. B. Ray High School.");
    EXPECT_EQ(a["Sex"], nlohmann::json({"male"}));
    EXPECT_EQ(a["Birth"], nlohmann::json({"1900", "Erie"}));
    EXPECT_EQ(a["Occupation"], nlohmann::json({"police officer", "politician"}));
    EXPECT_EQ(a["Alma mater"], nlohmann::json({"John F. Kennedy School of Government", "W. B. Ray High School"}));
    EXPECT_EQ(a.size(), 4u);
}

TEST(Attributes, MergesRepeatedKeys)
{
    EXPECT_EQ(parseAttributeText("Languages: English. Languages: French, German.")["Languages"],
              nlohmann::json({"English", "French", "German"}));
}

TEST(Attributes, ReturnsEmptyObjectForOtherText)
{
    EXPECT_TRUE(parseAttributeText("").empty());
    EXPECT_TRUE(parseAttributeText("capital and largest city of France").empty());
    EXPECT_TRUE(parseAttributeText("Sex: male").empty());  // no final period
    EXPECT_TRUE(parseAttributeText("an abstract. Sex: male.").empty());
}

TEST(MentionLocator, FindsCodePointSpans)
{
    const auto spans = locateMentions("Émile Zola à Paris", {"Paris", "Zola"});
    ASSERT_TRUE(spans[0].span && spans[1].span);
    EXPECT_EQ(*spans[0].span, (CodePointSpan{13, 18}));
    EXPECT_EQ(*spans[1].span, (CodePointSpan{6, 10}));
}

TEST(MentionLocator, RepeatedSurfacesTakeSuccessiveOccurrences)
{
    const auto spans = locateMentions("Smith and Smith", {"Smith", "Smith"});
    EXPECT_EQ(*spans[0].span, (CodePointSpan{0, 5}));
    EXPECT_EQ(*spans[1].span, (CodePointSpan{10, 15}));
    EXPECT_FALSE(spans[1].shared);
}

TEST(MentionLocator, AvoidsSpansInsideEarlierMentions)
{
    const auto spans = locateMentions("Nancy Reagan and Ronald Reagan", {"Nancy Reagan", "Reagan"});
    EXPECT_EQ(*spans[1].span, (CodePointSpan{24, 30}));
}

TEST(MentionLocator, NestedSurfaceFallsBackToTheLongerMention)
{
    const auto spans = locateMentions("Carlos Antonio López and his wife", {"Carlos Antonio López", "López"});
    EXPECT_EQ(*spans[1].span, (CodePointSpan{15, 20}));
    EXPECT_FALSE(spans[1].shared);
}

TEST(MentionLocator, MarksSpansSharedWhenTheTextHasTooFewOccurrences)
{
    const auto spans = locateMentions("Bridges and his son Beau", {"Bridges", "Bridges"});
    EXPECT_EQ(*spans[1].span, (CodePointSpan{0, 7}));
    EXPECT_TRUE(spans[1].shared);
}

TEST(MentionLocator, LeavesMissingSurfacesUnlocated)
{
    const auto spans = locateMentions("Hermann von Beckerath.", {"Hermann Beckerath", ""});
    EXPECT_FALSE(spans[0].span);
    EXPECT_FALSE(spans[1].span);
}

TEST(MentionLocator, KnownSpansCountAsTaken)
{
    const auto spans = locateMentions("Smith and Smith", {"Smith", "Smith"}, {CodePointSpan{0, 5}, std::nullopt});
    EXPECT_EQ(*spans[1].span, (CodePointSpan{10, 15}));
}

TEST(SafePath, AcceptsPathsInsideTheRoot)
{
    TempDir dir;
    EXPECT_EQ(checkedRelativePath(dir.path(), "images/./a.jpg", {}), "images/a.jpg");
    EXPECT_EQ(checkedRelativePath(dir.path(), "a.jpg", {}), "a.jpg");
}

TEST(SafePath, RejectsParentAbsoluteAndSymlinkEscapes)
{
    TempDir dir;
    TempDir outside;
    mel::test::writeFile(outside / "secret.jpg", "x");
    std::filesystem::create_directories(dir / "images");
    std::filesystem::create_symlink(outside / "secret.jpg", dir / "images/link.jpg");
    std::filesystem::create_directory_symlink(outside.path(), dir / "elsewhere");
    const ErrorContext where{"f.jsonl", "line 3", "image"};
    for (const char* bad : {"../secret.jpg", "images/../../secret.jpg", "/etc/passwd", "images/link.jpg",
                            "elsewhere/secret.jpg", "elsewhere/not-there.jpg"}) {
        const Error e = mel::test::expectError([&] { checkedRelativePath(dir.path(), bad, where); });
        EXPECT_EQ(e.code(), ErrorCode::Unsafe) << bad;
        EXPECT_EQ(e.context().record, "line 3");
    }
}

TEST(SafePath, ComparesWholeComponents)
{
    EXPECT_TRUE(isInside("/data/set", "/data/set/a.jpg"));
    EXPECT_FALSE(isInside("/data/set", "/data/set2/a.jpg"));
    EXPECT_FALSE(isInside("/data/set", "/data"));
}

TEST(Csv, NeutralisesFormulasAndQuotes)
{
    EXPECT_EQ(csvCell("plain"), "plain");
    EXPECT_EQ(csvCell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    EXPECT_EQ(csvCell("+1"), "'+1");
    EXPECT_EQ(csvCell("-2"), "'-2");
    EXPECT_EQ(csvCell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csvCell("\tx"), "'\tx");
    EXPECT_EQ(csvCell("\rx"), "\"'\rx\"");
    EXPECT_EQ(csvCell("a,b"), "\"a,b\"");
    EXPECT_EQ(csvCell("line\nbreak"), "\"line\nbreak\"");
    EXPECT_EQ(csvCell(""), "");
}

TEST(AtomicFile, LeavesNoFileWhenNotCommitted)
{
    TempDir dir;
    mel::test::writeFile(dir / "out.json", "old");
    {
        AtomicFileWriter writer(dir / "out.json");
        writer.stream() << "half";
    }
    EXPECT_EQ(mel::test::readText(dir / "out.json"), "old");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
    {
        AtomicFileWriter writer(dir / "out.json");
        writer.stream() << "new";
        writer.commit();
    }
    EXPECT_EQ(mel::test::readText(dir / "out.json"), "new");
}

TEST(AtomicFile, FailsClearlyWhenTheFolderIsMissing)
{
    const Error e = mel::test::expectError([] { AtomicFileWriter writer("/nonexistent-dir/out.json"); });
    EXPECT_EQ(e.code(), ErrorCode::Io);
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/out.json"), std::string::npos);
}
