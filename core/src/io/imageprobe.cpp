// Header checks for the image formats datasets use.
#include "mel/core/io/imageprobe.h"

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
    if (width > kMaxImageSide || height > kMaxImageSide || width * height > kMaxImagePixels)
        return fail(p, "image too large (" + std::to_string(width) + "x" + std::to_string(height) +
                           " px; the limit is " + std::to_string(kMaxImageSide) + " px per side)");
    p.ok = true;
    return p;
}

ImageProbe probeJpeg(ImageProbe p, const Bytes& head, const Bytes& tail)
{
    bool hasEnd = false;
    for (std::size_t i = 0; i + 1 < tail.size(); ++i)
        if (tail[i] == 0xFF && tail[i + 1] == 0xD9)
            hasEnd = true;
    std::size_t at = 2;
    while (at + 4 <= head.size()) {
        if (head[at] != 0xFF)
            return fail(p, "corrupt JPEG (bad marker at byte " + std::to_string(at) + ")");
        const unsigned marker = head[at + 1];
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
        const std::uint32_t length = be16(head, at + 2);
        if (length < 2)
            return fail(p, "corrupt JPEG (segment length " + std::to_string(length) + ")");
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (at + 9 > head.size())
                break;
            if (!hasEnd)
                return fail(p, "truncated JPEG (no end-of-image marker)");
            return withSize(p, be16(head, at + 7), be16(head, at + 5));
        }
        at += 2 + length;
    }
    return fail(p, "truncated JPEG (the header ends before the frame size)");
}

ImageProbe probePng(ImageProbe p, const Bytes& head, const Bytes& tail)
{
    if (head.size() < 33 || !startsWith(head, "IHDR", 12))
        return fail(p, "truncated PNG (no IHDR header)");
    static constexpr std::string_view kIend{"\0\0\0\0IEND\xAE\x42\x60\x82", 12};
    if (tail.size() < kIend.size() || !startsWith(tail, kIend, tail.size() - kIend.size()))
        return fail(p, "truncated PNG (no IEND chunk at the end)");
    return withSize(p, be32(head, 16), be32(head, 20));
}

} // namespace

ImageProbe probeImage(const std::filesystem::path& file)
{
    ImageProbe p;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return fail(p, "cannot open the file");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size <= 0)
        return fail(p, "empty file");
    in.seekg(0);
    Bytes head(static_cast<std::size_t>(std::min<std::streamoff>(size, 256 * 1024)));
    in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
    const std::streamoff tailSize = std::min<std::streamoff>(size, 4096);
    Bytes tail(static_cast<std::size_t>(tailSize));
    in.seekg(size - tailSize);
    in.read(reinterpret_cast<char*>(tail.data()), tailSize);
    if (!in)
        return fail(p, "read error");

    if (startsWith(head, "\xFF\xD8\xFF")) {
        p.format = "jpeg";
        return probeJpeg(p, head, tail);
    }
    if (startsWith(head, "\x89PNG\r\n\x1A\n")) {
        p.format = "png";
        return probePng(p, head, tail);
    }
    if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a")) {
        p.format = "gif";
        return head.size() < 10 ? fail(p, "truncated GIF") : withSize(p, le16(head, 6), le16(head, 8));
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
    return fail(p, "not a JPEG, PNG, GIF, BMP or WebP image");
}

} // namespace mel::core
