// Checks an image file's header without decoding it, so importers can tell a usable image from a corrupt, truncated,
// empty or absurdly large one (core links no image library; decoding happens in models/ui with OpenCV).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace mel::core {

struct ImageProbe
{
    bool ok = false;
    std::string format;   // "jpeg", "png", "gif", "bmp", "webp" when recognised
    int width = 0;
    int height = 0;
    std::string problem;  // why it is unusable, e.g. "truncated JPEG (no end-of-image marker)"
};

// Largest side and pixel count an image may have before decoding it would cost too much memory.
inline constexpr int kMaxImageSide = 16384;
inline constexpr std::int64_t kMaxImagePixels = 64LL * 1024 * 1024;

// Reads at most the first 256 KiB and the last 4 KiB of the file. Never throws: an unreadable file is reported in
// `problem`. JPEG: SOI, a SOFn frame header with the size, and an EOI marker near the end; PNG: signature, IHDR and
// the IEND chunk at the end; GIF/BMP/WebP: signature and size fields.
ImageProbe probeImage(const std::filesystem::path& file);

} // namespace mel::core
