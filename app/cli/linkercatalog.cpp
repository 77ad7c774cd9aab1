// Linker construction for the CLI.
#include "linkercatalog.h"

#include "mel/core/linker/namelinker.h"
#include "mel/core/util/error.h"

namespace mel::cli {

std::unique_ptr<core::Linker> makeLinker(const std::string& name, const std::string& checkpoint)
{
    if (name == "name")
        return std::make_unique<core::NameLinker>();
    throw core::Error(core::ErrorCode::Invalid, "unknown linker '" + name + "' (available: name)");
}

} // namespace mel::cli
