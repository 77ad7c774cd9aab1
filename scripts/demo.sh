#!/usr/bin/env bash
# The main command: installs what is missing, builds, and runs MELStudio on the bundled demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
mkdir -p out
exec build/app/cli/melstudio-cli demo --db out/demo.melproj --data resources/demo "$@"
