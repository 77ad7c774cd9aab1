// SHA-1 of image files: a content fingerprint so a project notices when an image on disk was replaced.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace mel::core {

// Incremental SHA-1 (FIPS 180-4). Used as a fingerprint, not for security.
class Sha1
{
public:
    Sha1();
    void update(std::string_view bytes);
    // Finishes the digest and returns it as 40 lower-case hex digits; the object must not be updated afterwards.
    std::string hexDigest();

private:
    void processBlock(const unsigned char* block);

    std::array<std::uint32_t, 5> m_state;
    std::array<unsigned char, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_totalBytes = 0;
};

std::string sha1Hex(std::string_view bytes);
// Throws Error(Io) naming the file when it cannot be read.
std::string sha1File(const std::filesystem::path& file);

} // namespace mel::core
