// Builds a linker by name for the CLI: "name" (WRatio baseline) or a trained checkpoint of the models layer.
#pragma once

#include <memory>
#include <string>

#include "mel/core/linker/linker.h"

namespace mel::cli {

std::unique_ptr<core::Linker> makeLinker(const std::string& name, const std::string& checkpoint);

} // namespace mel::cli
