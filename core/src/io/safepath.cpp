// Path containment checks for dataset roots.
#include "mel/core/io/safepath.h"

#include <algorithm>
#include <system_error>

namespace mel::core {

bool isInside(const std::filesystem::path& root, const std::filesystem::path& path)
{
    // Component-wise, so that "/data/set2" is not taken to be inside "/data/set".
    auto r = root.begin();
    auto p = path.begin();
    for (; r != root.end(); ++r, ++p) {
        if (r->empty() && std::next(r) == root.end())
            break;  // a trailing separator in the root
        if (p == path.end() || *r != *p)
            return false;
    }
    return true;
}

std::string checkedRelativePath(const std::filesystem::path& root, std::string_view relative,
                                const ErrorContext& where)
{
    namespace fs = std::filesystem;
    if (relative.empty())
        throw Error(ErrorCode::Invalid, "empty image path", where);
    // A NUL ends the path for the operating system ("a.png\0../x" opens a.png) and cut error messages short.
    for (const char c : relative)
        if (static_cast<unsigned char>(c) < 0x20)
            throw Error(ErrorCode::Unsafe,
                        "image path contains a control character (byte " + std::to_string(static_cast<int>(c)) +
                            "); file names cannot hold one",
                        where);
    const fs::path path{std::string(relative)};
    if (path.is_absolute() || path.has_root_name() || path.has_root_directory())
        throw Error(ErrorCode::Unsafe, "image path '" + std::string(relative) +
                                           "' is absolute; it must be relative to the dataset root",
                    where);
    for (const auto& part : path) {
        if (part == "..")
            throw Error(ErrorCode::Unsafe, "image path '" + std::string(relative) +
                                               "' contains '..' and could escape the dataset root",
                        where);
    }
    std::error_code ec;
    const fs::path canonicalRoot = fs::weakly_canonical(root, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot resolve the dataset root '" + root.string() + "': " + ec.message(), where);
    const fs::path resolved = fs::weakly_canonical(canonicalRoot / path, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot resolve image path '" + std::string(relative) + "': " + ec.message(),
                    where);
    if (!isInside(canonicalRoot, resolved))
        throw Error(ErrorCode::Unsafe, "image path '" + std::string(relative) + "' resolves to '" +
                                           resolved.string() + "', outside the dataset root '" +
                                           canonicalRoot.string() + "' (through a symbolic link)",
                    where);
    return path.lexically_normal().generic_string();
}

} // namespace mel::core
