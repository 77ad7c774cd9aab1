#!/usr/bin/env bash
# The main command: installs what is missing, builds, and runs MELStudio on the bundled demo data: the GUI when a
# display is available ($DISPLAY or $WAYLAND_DISPLAY), else the headless tour `melstudio-cli demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
mkdir -p out
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]] && [[ -x build/app/gui/melstudio ]]; then
  # Opens out/demo.melproj, importing the bundled demo datasets on first use.
  exec build/app/gui/melstudio --demo --project out/demo.melproj "$@"
fi
exec build/app/cli/melstudio-cli demo --db out/demo.melproj --data resources/demo "$@"
