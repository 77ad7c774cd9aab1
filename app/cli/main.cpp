// melstudio-cli entry point: parses the subcommand and turns errors into one clear line and a non-zero exit.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.h"
#include "mel/core/util/error.h"

int main(int argc, char** argv)
{
    CLI::App app{"MELStudio command line: import, search, link, train, evaluate and export MEL datasets"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "melstudio-cli 0.1.0");
    mel::cli::addStatsCommand(app);
    mel::cli::addSearchCommand(app);
    mel::cli::addImportKbCommand(app);
    mel::cli::addImportCommand(app);
    mel::cli::addExportCommand(app);
    mel::cli::addLinkCommands(app);
    mel::cli::addFeaturesCommand(app);
    mel::cli::addRunsCommand(app);
    mel::cli::addDemoCommand(app);
    mel::cli::addBenchCommand(app);
    mel::cli::addMemoryBenchCommand(app);
#ifdef MEL_HAVE_MODELS
    mel::cli::addTrainCommand(app);
    mel::cli::addLinkBenchCommand(app);
    mel::cli::addFacesCommand(app);
#endif
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const mel::core::Error& e) {
        if (e.code() == mel::core::ErrorCode::Cancelled) {
            std::cerr << "melstudio-cli: cancelled\n";
            return 130;
        }
        std::cerr << "melstudio-cli: error: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "melstudio-cli: error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
