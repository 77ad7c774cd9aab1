#!/usr/bin/env bash
# Configures and builds MELStudio (Release) into build/. Extra arguments go to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release "$@" > build-configure.log || { cat build-configure.log; exit 1; }
rm -f build-configure.log
cmake --build --preset release -j "$(nproc)"
