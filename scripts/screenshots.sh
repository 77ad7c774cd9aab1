#!/usr/bin/env bash
# Starts melstudio under Xvfb on a fresh demo project and saves screenshots of the main views into
# docs/screenshots/ (the app grabs its own widgets: --screenshot DIR). Usage: scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
app="$build/app/gui/melstudio"
if [[ ! -x "$app" ]]; then
  echo "screenshots: $app not found; build the 'melstudio' target first (e.g. ninja -C $build melstudio)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$root/docs/screenshots"
mkdir -p "$out"
# A private settings folder, so the run neither reads nor changes the user's recent projects.
export XDG_CONFIG_HOME="$work/config"
xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$app" --demo --project "$work/demo.melproj" --screenshot "$out"
ls -l "$out"/*.png
