// `melstudio-cli bench grounding` and `melstudio-cli synth-grounding` (models layer only).
#pragma once

#include <CLI/CLI.hpp>

namespace mel::cli {

// Adds `grounding` under `bench` and the top-level `synth-grounding` command.
void addGroundingCommands(CLI::App& app, CLI::App& bench);

} // namespace mel::cli
