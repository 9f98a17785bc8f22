#!/bin/sh
# Benchmark: the report of an `--all` sweep of a generated model. Generates the model with
# bench/gen_model.py, runs `drsim simulate --all --format json`, then measures
# `drsim report --format html|md|junit` on that result: wall time and peak memory (GNU time,
# Debian package `time`) and output size.
# Goal (issue 4): for 1,000 services the HTML renders in under 5 s and is under 20 MB.
#
#   bench/report_bench.sh [DRSIM] [SERVICES] [SEED]
#   defaults: build/cli/drsim, 1000 services, seed 1
# Exit 0 when the HTML meets the goal, 1 when it misses it, 2 on a setup problem.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
drsim=${1:-$here/../build/cli/drsim}
services=${2:-1000}
seed=${3:-1}
max_seconds=5.0
max_bytes=20000000

if [ ! -x "$drsim" ] || [ ! -x /usr/bin/time ]; then
  echo "report_bench: need a drsim executable (got '$drsim') and /usr/bin/time" >&2
  echo "  hint: build drsim, apt-get install -y time" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
model="$work/bench-$services.yaml"
python3 "$here/gen_model.py" --services "$services" --seed "$seed" -o "$model"
rc=0
"$drsim" simulate "$model" --all --format json -o "$work/result.json" > /dev/null 2>&1 || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  echo "report_bench: drsim simulate --all failed with exit $rc" >&2
  exit 2
fi
scenarios=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["scenarios"]))' "$work/result.json")
printf 'result: %s services x %s scenarios, %s bytes of JSON\n' "$services" "$scenarios" "$(wc -c < "$work/result.json")"
status=0
for format in html md junit; do
  rc=0
  /usr/bin/time -v -o "$work/time.txt" "$drsim" report "$work/result.json" --format "$format" \
    -o "$work/report.$format" > /dev/null 2> "$work/err.txt" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "report_bench: drsim report --format $format failed with exit $rc:" >&2
    head -5 "$work/err.txt" >&2
    exit 2
  fi
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  seconds=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  bytes=$(wc -c < "$work/report.$format")
  verdict=ok
  if [ "$format" = html ]; then
    if awk -v s="$seconds" -v m="$max_seconds" 'BEGIN { exit !(s >= m) }' || [ "$bytes" -ge "$max_bytes" ]; then
      verdict="OVER GOAL (< $max_seconds s, < $max_bytes bytes)"
      status=1
    fi
  fi
  printf 'report --format %-5s %s s wall (load + render), %s MB peak RSS, %s bytes: %s\n' \
    "$format" "$seconds" "$((kb / 1024))" "$bytes" "$verdict"
done
exit $status
