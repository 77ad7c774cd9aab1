// Linker construction for the CLI.
#include "linkercatalog.h"

#include "mel/core/linker/namelinker.h"
#include "mel/core/util/error.h"
#ifdef MEL_HAVE_MODELS
#include "mel/models/linkers.h"
#endif

namespace mel::cli {

std::unique_ptr<core::Linker> makeLinker(const std::string& name, const std::string& checkpoint,
                                         const LinkerPlacement& placement)
{
    if (name == "name")
        return std::make_unique<core::NameLinker>();
#ifdef MEL_HAVE_MODELS
    if (name == "ghmf" || name == "mimic" || name == "dwe" || name == "gemel") {
        if (checkpoint.empty())
            throw core::Error(core::ErrorCode::Invalid,
                              "linker '" + name + "' needs --checkpoint (train one with `melstudio-cli train`)");
        const auto info = models::inspectCheckpoint(checkpoint);
        if (info.linker != name)
            throw core::Error(core::ErrorCode::Invalid,
                              "the checkpoint holds a '" + info.linker + "' linker, not '" + name + "'",
                              {checkpoint, {}, {}});
        return models::loadLinker(checkpoint, {placement.device, placement.threads, placement.precision, placement.pairBudget});
    }
    throw core::Error(core::ErrorCode::Invalid, "unknown linker '" + name + "' (available: name, ghmf, mimic, dwe, gemel)");
#else
    (void)checkpoint;
    (void)placement;
    throw core::Error(core::ErrorCode::Invalid,
                      "unknown linker '" + name + "' (available: name; this build has no models layer)");
#endif
}

} // namespace mel::cli
