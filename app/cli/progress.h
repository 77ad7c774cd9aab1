// Progress lines on stderr for long CLI operations, and a Ctrl-C / SIGTERM flag that cancels them cleanly.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "mel/core/linker/linker.h"

namespace mel::cli {

// A JobContext that prints "label: 42% message" on stderr (throttled) and is cancelled by SIGINT or SIGTERM (a
// second one ends the process at once).
core::JobContext progressContext(const char* label);

// Set by SIGINT or SIGTERM; the running job sees it through its JobContext and stops at the next check.
std::atomic<bool>& interrupted();

// A warning on stderr naming the first few images a learned linker could not decode (nothing when there are none).
void warnUndecodableImages(const std::vector<std::string>& paths);

} // namespace mel::cli
