#!/bin/sh
# Times `drsim simulate` on a generated model: one region scenario, --all and --all as JSON, with
# peak memory, then the engine's events/s next to a bare binary-heap loop (event_loop_bench).
# Usage: simulate_bench.sh DRSIM EVENT_LOOP_BENCH [SERVICES]
set -eu
drsim=$1
loop=$2
services=${3:-1000}
here=$(dirname "$0")
model=$(mktemp --suffix=.yaml)
trap 'rm -f "$model"' EXIT
python3 "$here/gen_model.py" --services "$services" --seed 1 -o "$model"
# --all --format json streams the result one scenario at a time: its peak stays near the size of
# the results, not several copies of the JSON.
for args in "--scenario region:r1" "--all" "--all --format json"; do
  # Exit 1 (an objective breached) is a finding, not a failure of the benchmark.
  /usr/bin/time -f "simulate $args: %e s wall, %M kB peak" "$drsim" simulate "$model" $args \
    > /dev/null || [ $? -eq 1 ]
done
"$loop" "$model" 2
