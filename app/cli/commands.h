// Registration of the CLI subcommands; each lives in its own file.
#pragma once

#include <CLI/CLI.hpp>

namespace mel::cli {

// CLI11's PositiveNumber / NonNegativeNumber with an error that states the rule: theirs printed the range of a
// double ("Value 0 not in range 0.000000 to 1797693...", some 300 digits).
inline CLI::Validator signCheck(bool zeroAllowed, const char* name)
{
    return CLI::Validator(
        [zeroAllowed](std::string& input) -> std::string {
            double value = 0;
            if (!CLI::detail::lexical_cast(input, value))
                return "'" + input + "' is not a number";
            if (zeroAllowed ? value >= 0 : value > 0)
                return {};
            return std::string(zeroAllowed ? "must be 0 or more" : "must be greater than 0") + ", got " + input;
        },
        name);
}
inline const CLI::Validator kPositiveNumber = signCheck(false, "POSITIVE");
inline const CLI::Validator kNonNegativeNumber = signCheck(true, "NONNEGATIVE");

void addStatsCommand(CLI::App& app);
void addSearchCommand(CLI::App& app);
void addImportCommand(CLI::App& app);
void addImportKbCommand(CLI::App& app);
void addExportCommand(CLI::App& app);
void addLinkCommands(CLI::App& app);
void addFeaturesCommand(CLI::App& app);
void addRunsCommand(CLI::App& app);
void addDemoCommand(CLI::App& app);
void addBenchCommand(CLI::App& app);
void addMemoryBenchCommand(CLI::App& app);  // `bench memory`; call after addBenchCommand
#ifdef MEL_HAVE_MODELS
void addTrainCommand(CLI::App& app);
void addLinkBenchCommand(CLI::App& app);  // `bench link`; call after addBenchCommand
void addFacesCommand(CLI::App& app);
#endif

} // namespace mel::cli
