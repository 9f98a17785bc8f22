#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) and runs each one on its seed corpus for
# SECONDS (default 30), two at a time. Fails on any crash, sanitizer report, leak, timeout
# (10 s per input) or memory over 2 GiB. What a harness finds is left in BUILD/fuzz-out/.
#   scripts/fuzz.sh [SECONDS]          (fuzz/README.md: longer runs, adding a regression case)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=${FUZZ_BUILD_DIR:-build-fuzz}
# -O1 with line tables, as libFuzzer's documentation suggests: stack traces keep file:line, and
# the build takes about 140 s on 2 cores instead of 180 s with -O2 -g.
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DDRSIM_BUILD_FUZZERS=ON \
  -DDRSIM_BUILD_TESTS=OFF -DDRSIM_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=None \
  "-DCMAKE_CXX_FLAGS=-O1 -gline-tables-only" > /dev/null
cmake --build "$build" --target fuzzers -j "${JOBS:-2}"
rm -rf "$build/corpus" "$build/fuzz-out"
fuzz/seed_corpus.sh "$build/corpus"
mkdir -p "$build/fuzz-out"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run() {
  local h=$1
  mkdir -p "$build/fuzz-out/$h/new"
  if "$build/fuzz/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -dict=fuzz/drsim.dict -artifact_prefix="$build/fuzz-out/$h/" \
       "$build/fuzz-out/$h/new" "$build/corpus/$h" > "$build/fuzz-out/$h/log" 2>&1; then
    echo "fuzz: $h: $(grep -E '^Done [0-9]+ runs' "$build/fuzz-out/$h/log"), $(grep -Eo \
      'cov: [0-9]+ ft: [0-9]+' "$build/fuzz-out/$h/log" | tail -1)"
  else
    echo "fuzz: $h FAILED (log and reproducer in $build/fuzz-out/$h/):" >&2
    tail -40 "$build/fuzz-out/$h/log" >&2
    return 1
  fi
}
status=0
harnesses=(fuzz_model_yaml fuzz_model_json fuzz_scenarios fuzz_drill_spec fuzz_result fuzz_shard
  fuzz_units fuzz_overlay)
for ((i = 0; i < ${#harnesses[@]}; i += 2)); do
  run "${harnesses[i]}" & a=$!
  b=
  if ((i + 1 < ${#harnesses[@]})); then
    run "${harnesses[i + 1]}" & b=$!
  fi
  wait $a || status=1
  if [ -n "$b" ]; then wait "$b" || status=1; fi
done
exit $status
