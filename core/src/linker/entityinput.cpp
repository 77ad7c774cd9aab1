// entityInputKey: what makes stored entity features stale.
#include <string>

#include "mel/core/io/sha1.h"
#include "mel/core/linker/linker.h"

namespace mel::core {

std::string entityInputKey(const CandidateEntity& entity)
{
    std::string inputs;
    inputs.reserve(entity.name.size() + entity.description.size() + entity.imagePath.size() + 2);
    inputs.append(entity.name).push_back('\0');
    inputs.append(entity.description).push_back('\0');
    inputs.append(entity.imagePath);
    return sha1Hex(inputs);
}

} // namespace mel::core
