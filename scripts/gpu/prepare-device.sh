#!/usr/bin/env bash
# Fills .gpu/ (git-ignored) with what scripts/gpu/device-check.sh needs on a GPU machine that has a CUDA PyTorch
# but no OpenCV for C++ and no SQLite headers: ocvsrc.tar.gz (OpenCV 4.6 from Debian's source package, apt-get
# source, needs a deb-src line; cut to the modules MELStudio links and their build flags), include/sqlite3*.h and
# the shared Wikidata-MEL folder (about 14 MB in all).
# Usage: scripts/gpu/prepare-device.sh   (then scripts/gpu/device-check.sh runs there; see README "GPU")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get source --download-only opencv >/dev/null
tar xf opencv_4.6.0+dfsg.orig.tar.xz
src=opencv-4.6.0
min=ocvmin
mkdir -p $min/modules $min/data/haarcascades $min/doc $min/platforms/scripts
cp $src/CMakeLists.txt $src/LICENSE $min/
cp -r $src/cmake $src/include $min/
cp $src/doc/CMakeLists.txt $min/doc/
cp $src/data/CMakeLists.txt $min/data/
cp $src/data/haarcascades/haarcascade_frontalface_default.xml $src/data/haarcascades/haarcascade_frontalface_alt.xml \
  $min/data/haarcascades/
cp $src/platforms/scripts/*.supp $min/platforms/scripts/
for m in core imgproc imgcodecs calib3d features2d flann objdetect; do
  cp -r $src/modules/$m $min/modules/
  rm -rf $min/modules/$m/test $min/modules/$m/perf $min/modules/$m/misc $min/modules/$m/doc
done
cp "$root/scripts/gpu/opencv-flags.txt" ocv-flags.txt
mkdir -p "$root/.gpu"
tar czf "$root/.gpu/ocvsrc.tar.gz" $min ocv-flags.txt
mkdir -p "$root/.gpu/include"
cp /usr/include/sqlite3.h /usr/include/sqlite3ext.h "$root/.gpu/include/"
rm -rf "$root/.gpu/wikidata-mel"
cp -r "$root/../shared/data/wikidata-mel" "$root/.gpu/"
cp "$root/scripts/gpu/device-check.sh" "$root/.gpu/"
du -sh "$root/.gpu"
