// Linker construction for the CLI.
#include "linkercatalog.h"

#include <regex>

#include "commands.h"
#include "mel/core/linker/namelinker.h"
#include "mel/core/util/error.h"
#ifdef MEL_HAVE_MODELS
#include "mel/models/linkers.h"
#endif

namespace mel::cli {

const CLI::IsMember& precisionChoices()
{
    static const CLI::IsMember choices({"fp32", "bf16"});
    return choices;
}

void addPlacementOptions(CLI::App* cmd, LinkerPlacement& placement)
{
    // Checked here, not only by a learned linker: the name baseline ignores the device, and "--device banana" was
    // then accepted without a word.
    static const CLI::Validator devices(
        [](std::string& input) -> std::string {
            static const std::regex shape("auto|cpu|cuda(:[0-9]+)?");
            return std::regex_match(input, shape) ? std::string()
                                                  : "'" + input + "' is not a device (auto, cpu, cuda or cuda:N)";
        },
        "DEVICE");
    cmd->add_option("--device", placement.device,
                    "Device of a learned linker: auto (CUDA when available, the default), cpu, cuda or cuda:N")
        ->check(devices);
    cmd->add_option("--precision", placement.precision,
                    "fp32 (default) or bf16: CUDA autocast to bfloat16 (needs a CUDA device)")
        ->check(precisionChoices());
    cmd->add_option("--threads", placement.threads, "Intra-op threads of a learned linker (default: all cores)")
        ->check(kNonNegativeNumber);
}

std::string linkerFor(const std::string& name, const std::string& checkpoint)
{
    if (!name.empty())
        return name;
#ifdef MEL_HAVE_MODELS
    if (!checkpoint.empty())
        return models::inspectCheckpoint(checkpoint).linker;
#endif
    (void)checkpoint;
    return "name";
}

std::unique_ptr<core::Linker> makeLinker(const std::string& name, const std::string& checkpoint,
                                         const LinkerPlacement& placement)
{
    if (name == "name") {
        if (!checkpoint.empty())  // not silently ignored: the user meant a learned linker
            throw core::Error(core::ErrorCode::Invalid,
                              "the name linker takes no --checkpoint (choose --linker ghmf, mimic, dwe or gemel)",
                              {checkpoint, {}, {}});
        return std::make_unique<core::NameLinker>();
    }
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
