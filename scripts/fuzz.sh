#!/usr/bin/env bash
# Fuzzes the importers and the image probe with libFuzzer (clang, ASan, UBSan) for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]      targets: jsonl melbench kb image
# Seeds and kept inputs live in tests/data/fuzz/<target>/; a crash is written there as regressions/crash-*, and the
# replay test (tests/core/reliability/fuzzreplay_test.cpp) then runs it in every normal test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jsonl melbench kb image)
mkdir -p build-fuzz
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEL_FUZZ=ON \
  -DMEL_BUILD_MODELS=OFF -DMEL_BUILD_GUI=OFF -DMEL_BUILD_BENCH=OFF > build-fuzz/configure.log || { cat build-fuzz/configure.log; exit 1; }
cmake --build build-fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
for t in "${targets[@]}"; do
  mkdir -p "tests/data/fuzz/$t/regressions" "build-fuzz/corpus/$t"
  echo "== fuzz_$t for ${seconds}s"
  ASAN_OPTIONS=detect_leaks=0 build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="tests/data/fuzz/$t/regressions/" -print_final_stats=1 \
    "build-fuzz/corpus/$t" "tests/data/fuzz/$t" 2>&1 | grep -E "^#|stat::number_of_executed_units|ERROR|SUMMARY|Done" | tail -4
done
