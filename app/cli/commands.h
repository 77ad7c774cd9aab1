// Registration of the CLI subcommands; each lives in its own file.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

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

// --db of a command that works on an existing project: CLI11's ExistingFile, and not an empty file, which SQLite would
// take for a new database (`stats` on a 0-byte file used to turn it into an empty project). A project's own main
// file is never empty once created (the switch to WAL writes its header), but its -wal may hold everything else.
inline const CLI::Validator kExistingProject(
    [](std::string& path) -> std::string {
        std::string error = CLI::ExistingFile(path);
        if (!error.empty())
            return error;
        std::error_code ec;
        if (std::filesystem::file_size(path, ec) != 0 || ec)
            return {};
        if (std::filesystem::file_size(path + "-wal", ec) > 0 && !ec)
            return {};
        return path + " is an empty file, not a MELStudio project (create one with import-kb or import)";
    },
    "PROJECT");

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
