// Registration of the CLI subcommands; each lives in its own file.
#pragma once

#include <CLI/CLI.hpp>

namespace mel::cli {

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
