// Checkpoint archives are written through a temporary file that never outlives a failed write.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "mel/core/util/error.h"
#include "train/archiveio.h"

using namespace mel;

TEST(ArchiveIo, AFailedWriteLeavesNeitherAPartialFileNorItsTemporary)
{
    const auto dir = std::filesystem::temp_directory_path() / ("mel-archive-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir / "taken" / "inside");  // the target is a folder: the rename fails
    torch::serialize::OutputArchive archive;
    archive.write("x", torch::ones({4}));
    const std::string target = (dir / "taken").string();
    EXPECT_THROW(models::saveArchive(archive, target), core::Error);
    EXPECT_FALSE(std::filesystem::exists(target + ".tmp")) << "the temporary file of the failed write is left";
    EXPECT_TRUE(std::filesystem::is_directory(dir / "taken" / "inside"));

    // A write that succeeds replaces the file and leaves no temporary either.
    const std::string good = (dir / "good.pt").string();
    models::saveArchive(archive, good);
    EXPECT_TRUE(std::filesystem::exists(good));
    EXPECT_FALSE(std::filesystem::exists(good + ".tmp"));
    std::filesystem::remove_all(dir);
}
