// SHA-1 as specified in FIPS 180-4, section 6.1.
#include "mel/core/io/sha1.h"

#include <cstdio>
#include <cstring>
#include <fstream>

#include "mel/core/util/error.h"

namespace mel::core {
namespace {

std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

} // namespace

Sha1::Sha1()
    : m_state{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u}
{
}

void Sha1::processBlock(const unsigned char* block)
{
    std::uint32_t w[80];
    for (int i = 0; i < 16; ++i)
        w[i] = (std::uint32_t(block[4 * i]) << 24) | (std::uint32_t(block[4 * i + 1]) << 16) |
               (std::uint32_t(block[4 * i + 2]) << 8) | std::uint32_t(block[4 * i + 3]);
    for (int i = 16; i < 80; ++i)
        w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = m_state[0], b = m_state[1], c = m_state[2], d = m_state[3], e = m_state[4];
    for (int i = 0; i < 80; ++i) {
        std::uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = t;
    }
    m_state[0] += a;
    m_state[1] += b;
    m_state[2] += c;
    m_state[3] += d;
    m_state[4] += e;
}

void Sha1::update(std::string_view bytes)
{
    m_totalBytes += bytes.size();
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size();
    if (m_buffered > 0) {
        const std::size_t take = std::min(n, 64 - m_buffered);
        std::memcpy(m_buffer.data() + m_buffered, p, take);
        m_buffered += take;
        p += take;
        n -= take;
        if (m_buffered < 64)
            return;
        processBlock(m_buffer.data());
        m_buffered = 0;
    }
    for (; n >= 64; p += 64, n -= 64)
        processBlock(p);
    std::memcpy(m_buffer.data(), p, n);
    m_buffered = n;
}

std::string Sha1::hexDigest()
{
    const std::uint64_t bits = m_totalBytes * 8;
    // Padding: a 1 bit, zeros up to 56 mod 64 bytes, then the message length in bits, big-endian.
    unsigned char pad[72] = {0x80};
    const std::size_t padLength = (m_buffered < 56 ? 56 : 120) - m_buffered;
    for (int i = 0; i < 8; ++i)
        pad[padLength + i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    const std::uint64_t total = m_totalBytes;
    update(std::string_view(reinterpret_cast<const char*>(pad), padLength + 8));
    m_totalBytes = total;
    char hex[41];
    for (int i = 0; i < 5; ++i)
        std::snprintf(hex + 8 * i, 9, "%08x", m_state[static_cast<std::size_t>(i)]);
    return std::string(hex, 40);
}

std::string sha1Hex(std::string_view bytes)
{
    Sha1 sha;
    sha.update(bytes);
    return sha.hexDigest();
}

std::string sha1File(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open file for reading", {file.string(), {}, {}});
    Sha1 sha;
    char buffer[1 << 16];
    while (in) {
        in.read(buffer, sizeof buffer);
        sha.update(std::string_view(buffer, static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad())
        throw Error(ErrorCode::Io, "cannot read file", {file.string(), {}, {}});
    return sha.hexDigest();
}

} // namespace mel::core
