#!/usr/bin/env bash
# Fuzzes the importers and the image probe with libFuzzer (clang, ASan, UBSan) for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]      targets: jsonl melbench kb image checkpoint
# (checkpoint: the linker checkpoint loader, built with the models layer; its corpus and finds live in
# tests/data/bad/checkpoints/, replayed by tests/models/checkpoints.)
# Seeds and kept inputs live in tests/data/fuzz/<target>/; a crash is written there as regressions/crash-*, and the
# replay test (tests/core/reliability/fuzzreplay_test.cpp) then runs it in every normal test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jsonl melbench kb image)
models=OFF
[[ " ${targets[*]} " == *" checkpoint "* ]] && models=ON
build=build-fuzz
[ "$models" = ON ] && build=build-fuzz-models
mkdir -p "$build"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEL_FUZZ=ON \
  -DMEL_BUILD_MODELS=$models -DMEL_BUILD_GUI=OFF -DMEL_BUILD_BENCH=OFF > "$build/configure.log" || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
for t in "${targets[@]}"; do
  data="tests/data/fuzz/$t"
  [ "$t" = checkpoint ] && data=tests/data/bad/checkpoints
  mkdir -p "$data/regressions" "$build/corpus/$t"
  echo "== fuzz_$t for ${seconds}s"
  MEL_FUZZ_SEED_DIR="$build/corpus/$t" ASAN_OPTIONS=detect_leaks=0 "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" \
    -max_len=65536 -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$data/regressions/" -print_final_stats=1 \
    "$build/corpus/$t" "$data" 2>&1 | grep -E "^#|stat::number_of_executed_units|ERROR|SUMMARY|Done" | tail -4
done
