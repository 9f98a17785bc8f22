#!/bin/sh
# Benchmark: generate a large model with bench/gen_model.py and measure `drsim validate` on it:
# wall time and peak resident memory from GNU time (Debian package `time`), in YAML and JSON.
# Goal (issue 2): a 10,000-service model validates in under 2 s and under 500 MB.
#
#   bench/validate_bench.sh [DRSIM] [SERVICES] [SEED]
#   defaults: build/cli/drsim, 10000 services, seed 1
# Exit 0 when every run meets the goal, 1 when one misses it, 2 on a setup problem.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
drsim=${1:-$here/../build/cli/drsim}
services=${2:-10000}
seed=${3:-1}
max_seconds=2.0
max_kb=512000   # 500 MB

if [ ! -x "$drsim" ]; then
  echo "validate_bench: no drsim executable at $drsim (build it, or pass its path)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "validate_bench: /usr/bin/time is missing" >&2
  echo "  hint: apt-get install -y time" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
status=0
for format in yaml json; do
  model="$work/bench-$services.$format"
  python3 "$here/gen_model.py" --services "$services" --seed "$seed" --format "$format" -o "$model"
  bytes=$(wc -c < "$model")
  if ! /usr/bin/time -v -o "$work/time.txt" "$drsim" validate -q "$model" > "$work/out.txt" 2>&1; then
    echo "validate_bench: drsim validate failed on the generated $format model:" >&2
    head -20 "$work/out.txt" >&2
    exit 2
  fi
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  # m:ss.ss or h:mm:ss -> seconds
  seconds=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  verdict=ok
  if awk -v s="$seconds" -v m="$max_seconds" 'BEGIN { exit !(s >= m) }' || [ "$kb" -ge "$max_kb" ]; then
    verdict="OVER GOAL (< ${max_seconds} s, < $((max_kb / 1024)) MB)"
    status=1
  fi
  printf 'validate %s services, %s (%s bytes): %s s wall, %s MB peak RSS: %s\n' \
    "$services" "$format" "$bytes" "$seconds" "$((kb / 1024))" "$verdict"
done
exit $status
