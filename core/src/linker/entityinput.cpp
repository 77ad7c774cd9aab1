// entityInputKey: what makes stored entity features stale.
#include <filesystem>
#include <string>
#include <system_error>

#include "mel/core/io/sha1.h"
#include "mel/core/linker/linker.h"

namespace mel::core {

namespace {

// The image as the encoder will find it: missing (encoded as "no image"), or its size and modification time (a
// file replaced under the same name, or one that appeared since, is encoded again).
std::string imageState(const std::string& path)
{
    if (path.empty())
        return {};
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error)
        return "missing";
    const auto modified = std::filesystem::last_write_time(path, error);
    if (error)
        return "missing";
    return std::to_string(size) + ":" + std::to_string(modified.time_since_epoch().count());
}

} // namespace

std::string entityInputKey(const CandidateEntity& entity)
{
    std::string inputs;
    inputs.reserve(entity.name.size() + entity.description.size() + entity.imagePath.size() + 32);
    inputs.append(entity.name).push_back('\0');
    inputs.append(entity.description).push_back('\0');
    inputs.append(entity.imagePath).push_back('\0');
    inputs.append(imageState(entity.imagePath));
    return sha1Hex(inputs);
}

} // namespace mel::core
