// Throttled progress output and SIGINT / SIGTERM handling for the CLI.
#include "progress.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

namespace mel::cli {

std::atomic<bool>& interrupted()
{
    static std::atomic<bool> flag{false};
    return flag;
}

namespace {

// SIGTERM (what `kill`, timeout and service managers send) cancels like Ctrl-C, so that a run ends "cancelled" with
// its row written rather than "running" until the next open; a second signal of either kind ends the process at once.
void onSignal(int signal)
{
    if (interrupted().exchange(true)) {
        std::signal(signal, SIG_DFL);
        std::raise(signal);
    }
}

} // namespace

core::JobContext progressContext(const char* label)
{
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    core::JobContext ctx;
    ctx.cancelled = &interrupted();
    ctx.progress = [label, last](double fraction, std::string_view message) {
        const auto now = std::chrono::steady_clock::now();
        if (fraction < 1.0 && now - *last < std::chrono::milliseconds(200))
            return;
        *last = now;
        std::fprintf(stderr, "%s: %3d%% %.*s\n", label, static_cast<int>(fraction * 100 + 0.5),
                     static_cast<int>(message.size()), message.data());
    };
    return ctx;
}

void warnUndecodableImages(const std::vector<std::string>& paths)
{
    if (paths.empty())
        return;
    std::cerr << "warning: " << paths.size() << " image(s) could not be decoded and were used as \"no image\" "
              << "(replace or remove them; the import only checks headers):";
    for (std::size_t i = 0; i < paths.size() && i < 5; ++i)
        std::cerr << (i ? ", " : " ") << paths[i];
    std::cerr << (paths.size() > 5 ? ", ...\n" : "\n");
}

} // namespace mel::cli
