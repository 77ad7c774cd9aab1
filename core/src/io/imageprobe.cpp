// Header checks for the image formats datasets use.
#include "mel/core/io/imageprobe.h"

#include <algorithm>
#include <fstream>
#include <string_view>
#include <vector>

namespace mel::core {

namespace {

using Bytes = std::vector<unsigned char>;

std::uint32_t be16(const Bytes& b, std::size_t at) { return (b[at] << 8) | b[at + 1]; }
std::uint32_t be32(const Bytes& b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
std::uint32_t le16(const Bytes& b, std::size_t at) { return b[at] | (b[at + 1] << 8); }
std::uint32_t le32(const Bytes& b, std::size_t at) { return le16(b, at) | (le16(b, at + 2) << 16); }

bool startsWith(const Bytes& b, std::string_view magic, std::size_t at = 0)
{
    if (b.size() < at + magic.size())
        return false;
    for (std::size_t i = 0; i < magic.size(); ++i)
        if (b[at + i] != static_cast<unsigned char>(magic[i]))
            return false;
    return true;
}

std::string hex(unsigned byte)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    return {kDigits[(byte >> 4) & 0xF], kDigits[byte & 0xF]};
}

ImageProbe fail(ImageProbe p, std::string problem)
{
    p.ok = false;
    p.problem = std::move(problem);
    return p;
}

ImageProbe withSize(ImageProbe p, std::int64_t width, std::int64_t height)
{
    p.width = static_cast<int>(std::min<std::int64_t>(width, INT32_MAX));
    p.height = static_cast<int>(std::min<std::int64_t>(height, INT32_MAX));
    if (width <= 0 || height <= 0)
        return fail(p, "invalid " + p.format + " size " + std::to_string(width) + "x" + std::to_string(height));
    const std::string size = std::to_string(width) + "x" + std::to_string(height) + " px";
    if (width > kMaxImageSide || height > kMaxImageSide)
        return fail(p,
                    "image too large (" + size + "; the limit is " + std::to_string(kMaxImageSide) + " px per side)");
    if (width * height > kMaxImagePixels)
        return fail(p, "image too large (" + size + "; the limit is " +
                           std::to_string(kMaxImagePixels / (1024 * 1024)) + " megapixels)");
    p.ok = true;
    return p;
}

// Random access to the file: headers are found by following segment and chunk lengths through the whole file, so
// large metadata blocks before the image header and data after its end (phone "motion photos") are fine.
class FileBytes
{
public:
    explicit FileBytes(const std::filesystem::path& file) : m_in(file, std::ios::binary)
    {
        if (!m_in)
            return;
        m_in.seekg(0, std::ios::end);
        m_size = m_in.tellg();
    }
    bool open() const { return static_cast<bool>(m_in) && m_size >= 0; }
    std::int64_t size() const { return m_size; }
    // `n` bytes from `at`, fewer at the end of the file. Served from a 64 KiB window: walking a file's segments reads
    // a few bytes at a time.
    Bytes read(std::int64_t at, std::size_t n)
    {
        if (at < 0 || at >= m_size)
            return {};
        const auto count = static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(n), m_size - at));
        if (at < m_windowAt ||
            at + static_cast<std::int64_t>(count) > m_windowAt + static_cast<std::int64_t>(m_window.size())) {
            m_window.resize(static_cast<std::size_t>(
                std::min<std::int64_t>(static_cast<std::int64_t>(std::max<std::size_t>(count, kWindow)), m_size - at)));
            m_in.clear();
            m_in.seekg(at);
            m_in.read(reinterpret_cast<char*>(m_window.data()), static_cast<std::streamsize>(m_window.size()));
            m_windowAt = at;
            if (!m_in) {
                m_window.clear();
                return {};
            }
        }
        const auto from = m_window.begin() + (at - m_windowAt);
        return Bytes(from, from + static_cast<std::ptrdiff_t>(count));
    }
    // Whether the bytes `first`, `second` occur at or after `from`.
    bool contains(std::int64_t from, unsigned char first, unsigned char second)
    {
        constexpr std::size_t kChunk = 1 << 16;
        for (std::int64_t at = from; at + 1 < m_size; at += kChunk) {
            const Bytes b = read(at, kChunk + 1);  // one byte of overlap: a pair may straddle two chunks
            for (std::size_t i = 0; i + 1 < b.size(); ++i)
                if (b[i] == first && b[i + 1] == second)
                    return true;
        }
        return false;
    }

private:
    static constexpr std::size_t kWindow = 1 << 16;
    std::ifstream m_in;
    std::int64_t m_size = -1;
    Bytes m_window;
    std::int64_t m_windowAt = 0;
};

ImageProbe probeJpeg(ImageProbe p, FileBytes& file)
{
    std::int64_t at = 2;
    while (true) {
        const Bytes b = file.read(at, 4);
        if (b.size() < 4)
            return fail(p, "truncated JPEG (the file ends before the frame size)");
        if (b[0] != 0xFF)
            return fail(p, "corrupt JPEG (bad marker at byte " + std::to_string(at) + ")");
        const unsigned marker = b[1];
        if (marker == 0xFF) {  // fill byte
            ++at;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            at += 2;
            continue;
        }
        if (marker < 0xC0)
            return fail(p, "corrupt JPEG (invalid marker 0x" + hex(marker) + " at byte " + std::to_string(at) + ")");
        if (marker == 0xD9 || marker == 0xDA)
            return fail(p, "corrupt JPEG (no frame header before the image data)");
        const std::uint32_t length = be16(b, 2);
        if (length < 2)
            return fail(p, "corrupt JPEG (segment length " + std::to_string(length) + ")");
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            const Bytes header = file.read(at, 9);
            if (header.size() < 9)
                return fail(p, "truncated JPEG (the file ends before the frame size)");
            // The end-of-image marker: in the last 4 KiB as a rule, else anywhere after the frame header (data may
            // follow it). The compressed data cannot hold FF D9 (a data byte FF is written FF 00).
            const std::int64_t tailFrom = std::max<std::int64_t>(at, file.size() - 4096);
            if (!file.contains(tailFrom, 0xFF, 0xD9) && !file.contains(at, 0xFF, 0xD9))
                return fail(p, "truncated JPEG (no end-of-image marker)");
            return withSize(p, be16(header, 7), be16(header, 5));
        }
        at += 2 + length;
    }
}

ImageProbe probePng(ImageProbe p, FileBytes& file)
{
    const Bytes head = file.read(0, 33);
    if (head.size() < 33 || !startsWith(head, "IHDR", 12))
        return fail(p, "truncated PNG (no IHDR header)");
    static constexpr std::string_view kIend{"\0\0\0\0IEND\xAE\x42\x60\x82", 12};
    // The IEND chunk: at the very end as a rule, else found by following the chunk lengths (data may follow it).
    const Bytes last = file.read(file.size() - static_cast<std::int64_t>(kIend.size()), kIend.size());
    bool ended = startsWith(last, kIend);
    for (std::int64_t at = 8; !ended;) {
        const Bytes chunk = file.read(at, 8);
        if (chunk.size() < 8)
            break;
        if (startsWith(chunk, "IEND", 4)) {
            ended = true;
            break;
        }
        at += 12 + static_cast<std::int64_t>(be32(chunk, 0));
    }
    if (!ended)
        return fail(p, "truncated PNG (no IEND chunk)");
    return withSize(p, be32(head, 16), be32(head, 20));
}

} // namespace

ImageProbe probeImage(const std::filesystem::path& file)
{
    ImageProbe p;
    FileBytes bytes(file);
    if (!bytes.open())
        return fail(p, "cannot open the file");
    if (bytes.size() <= 0)
        return fail(p, "empty file");
    const Bytes head = bytes.read(0, 32);
    if (head.empty())
        return fail(p, "read error");

    if (startsWith(head, "\xFF\xD8\xFF")) {
        p.format = "jpeg";
        return probeJpeg(p, bytes);
    }
    if (startsWith(head, "\x89PNG\r\n\x1A\n")) {
        p.format = "png";
        return probePng(p, bytes);
    }
    if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a")) {
        // Recognised so that the message can say what to do: the decoder (OpenCV before 4.11) has no GIF reader.
        p.format = "gif";
        return fail(p, "GIF images cannot be decoded (JPEG, PNG, BMP and WebP can): convert it, e.g. to PNG");
    }
    if (startsWith(head, "BM")) {
        p.format = "bmp";
        if (head.size() < 26)
            return fail(p, "truncated BMP");
        const auto h = static_cast<std::int32_t>(le32(head, 22));
        return withSize(p, static_cast<std::int32_t>(le32(head, 18)), h < 0 ? -static_cast<std::int64_t>(h) : h);
    }
    if (startsWith(head, "RIFF") && startsWith(head, "WEBP", 8)) {
        p.format = "webp";
        if (head.size() < 30)
            return fail(p, "truncated WebP");
        if (startsWith(head, "VP8X", 12))
            return withSize(p, 1 + (le32(head, 24) & 0xFFFFFF), 1 + (le32(head, 27) & 0xFFFFFF));
        if (startsWith(head, "VP8 ", 12))
            return withSize(p, le16(head, 26) & 0x3FFF, le16(head, 28) & 0x3FFF);
        if (startsWith(head, "VP8L", 12)) {
            const std::uint32_t bits = le32(head, 21);
            return withSize(p, 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
        }
        return fail(p, "unknown WebP chunk");
    }
    return fail(p, "not a JPEG, PNG, BMP or WebP image");
}

} // namespace mel::core
