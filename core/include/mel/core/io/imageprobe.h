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
    std::string format;   // "jpeg", "png", "gif", "bmp", "webp" when recognised (a GIF is never ok)
    int width = 0;
    int height = 0;
    std::string problem;  // why it is unusable, e.g. "truncated JPEG (no end-of-image marker)"
};

// Largest side and pixel count an image may have before decoding it would cost too much memory.
inline constexpr int kMaxImageSide = 16384;
inline constexpr std::int64_t kMaxImagePixels = 64LL * 1024 * 1024;

// Reads headers only (following segment and chunk lengths), plus the file's end. Never throws: an unreadable file
// is reported in `problem`. JPEG: SOI, a SOFn frame header with the size, and an EOI marker after it (data may follow
// it); PNG: signature, IHDR and an IEND chunk (data may follow it); BMP/WebP: signature and size fields. GIF is
// recognised and refused: the decoder cannot read it. Corrupt compressed data inside a well-formed file is not
// detected (that needs a decoder).
ImageProbe probeImage(const std::filesystem::path& file);

} // namespace mel::core
