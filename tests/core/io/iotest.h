// Shared helpers for the importer/exporter tests: temporary folders, fixture paths, error assertions.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>

#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

namespace mel::test {

class TempDir
{
public:
    TempDir()
    {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() / ("mel-io-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

inline std::filesystem::path fixtures() { return std::filesystem::path(MEL_SOURCE_DIR) / "tests/data/io"; }
inline std::filesystem::path sharedData() { return std::filesystem::path(MEL_SHARED_DIR) / "data"; }

inline void writeFile(const std::filesystem::path& file, const std::string& bytes)
{
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << bytes;
}

inline std::string readText(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs `fn`, expects a mel::core::Error and returns it (fails the test when none or another exception is thrown).
inline mel::core::Error expectError(const std::function<void()>& fn)
{
    try {
        fn();
    } catch (const mel::core::Error& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected mel::core::Error, got std::exception: " << e.what();
        return mel::core::Error(mel::core::ErrorCode::Invalid, "wrong exception type");
    }
    ADD_FAILURE() << "expected an error, none was thrown";
    return mel::core::Error(mel::core::ErrorCode::Invalid, "no error");
}

// Compares the counts a failed import must leave untouched.
inline void expectSameStats(const mel::core::StoreStats& a, const mel::core::StoreStats& b)
{
    EXPECT_EQ(a.datasets, b.datasets);
    EXPECT_EQ(a.samples, b.samples);
    EXPECT_EQ(a.mentions, b.mentions);
    EXPECT_EQ(a.entities, b.entities);
    EXPECT_EQ(a.aliases, b.aliases);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.historyRows, b.historyRows);
    EXPECT_EQ(a.splits.size(), b.splits.size());
}

} // namespace mel::test
