// Keeps image paths from input files inside their dataset root (no "..", no absolute paths, no symlink escapes).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "mel/core/util/error.h"

namespace mel::core {

// Checks that `relative`, a path taken from an input file, names a location inside `root`, and returns it in
// normal generic form (e.g. "images/a.jpg"). Throws Error(Unsafe) with `where` when it is absolute, contains a
// ".." component, or resolves (through symlinks, std::filesystem::weakly_canonical) to a place outside the root;
// Error(Invalid) when it is empty. The file itself need not exist.
std::string checkedRelativePath(const std::filesystem::path& root, std::string_view relative,
                                const ErrorContext& where);

// True when `path` is `root` or lies below it; both must already be canonical.
bool isInside(const std::filesystem::path& root, const std::filesystem::path& path);

} // namespace mel::core
