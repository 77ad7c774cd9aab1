#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --preset release -j "$(nproc)" --timeout 600
