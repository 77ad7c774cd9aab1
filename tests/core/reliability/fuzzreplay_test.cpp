// Replays every input kept under tests/data/fuzz/<target>/ (seeds and the regressions fuzzing found) through the
// same target bodies the fuzzers run, so a fixed crash stays fixed in the normal build.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzztargets.h"

namespace fs = std::filesystem;

TEST(FuzzReplay, EveryKeptInputRunsCleanly)
{
    const fs::path root = fs::path(MEL_SOURCE_DIR) / "tests/data/fuzz";
    int inputs = 0;
    for (const char* name : {"jsonl", "melbench", "kb", "image"}) {
        const auto target = mel::fuzz::targetNamed(name);
        ASSERT_NE(target, nullptr);
        if (!fs::exists(root / name))
            continue;
        for (const auto& entry : fs::recursive_directory_iterator(root / name)) {
            if (!entry.is_regular_file())
                continue;
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string bytes{std::istreambuf_iterator<char>(in), {}};
            SCOPED_TRACE(entry.path().string());
            target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++inputs;
        }
    }
    std::cout << "[ reliability ] replayed " << inputs << " fuzz inputs\n";
    EXPECT_GT(inputs, 20);
}
