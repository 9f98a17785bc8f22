#!/bin/sh
# Big sweeps (docs/cli.md "Big sweeps"): SimGrid and drsim's own event loop print the same JSON;
# JSON is the same with and without --report (and report.json is too); a compact run lists what
# each scenario touched, and merge --compact of full shards, or a merge of compact shards, gives
# simulate --compact's bytes; a shard of a trial run refuses --compact.
# usage: compact_sweep_test.sh DRSIM (run from the source tree)
set -eu
drsim=$1
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

for model in examples/small.yaml examples/ladder/warm-standby-async.yaml; do
  name=$(basename "$model" .yaml)
  code=1
  [ "$name" = warm-standby-async ] && code=0
  run "$code" simulate "$model" --all -q -f json --executor simgrid -o "$out/$name-sg.json"
  run "$code" simulate "$model" --all -q -f json --executor drsim -j 2 -o "$out/$name-own.json"
  cmp "$out/$name-sg.json" "$out/$name-own.json"
  # Without and with --report: stdout and the report's JSON.
  run "$code" simulate "$model" --all -q -f json --compact -o "$out/$name-c.json"
  run "$code" simulate "$model" --all -q -f json --compact --report "$out/$name-rep" \
    >"$out/$name-c-held.json" 2>/dev/null
  cmp "$out/$name-c.json" "$out/$name-c-held.json"
  cmp "$out/$name-c.json" "$out/$name-rep/report.json"
  # Full shards merged compact.
  run 0 simulate "$model" --all -q --shard 1/2 -f json -o "$out/$name-1.json"
  run 0 simulate "$model" --all -q --shard 2/2 -f json -o "$out/$name-2.json"
  run "$code" merge "$out/$name-2.json" "$out/$name-1.json" --compact -f json \
    -o "$out/$name-merged.json"
  cmp "$out/$name-c.json" "$out/$name-merged.json"
  # Compact shards merged as they are.
  run 0 simulate "$model" --all -q --compact --shard 1/2 -f json -o "$out/$name-c1.json"
  run 0 simulate "$model" --all -q --compact --shard 2/2 -f json -o "$out/$name-c2.json"
  run "$code" merge "$out/$name-c1.json" "$out/$name-c2.json" -f json -o "$out/$name-cm.json"
  cmp "$out/$name-c.json" "$out/$name-cm.json"
  # The compact run is smaller and reads back: drsim report writes its Markdown.
  test "$(wc -c <"$out/$name-c.json")" -lt "$(wc -c <"$out/$name-sg.json")"
  run "$code" report "$out/$name-c.json" -f md -o "$out/$name.md"
  echo "ok: $name"
done
# No file is left beside the outputs while they are written.
test -z "$(find "$out" -name '*.partial-*')"

expect 2 "<command line>: error: --compact: a shard of a trial run lists every service: drsim \
merge writes the trials into them
  hint: leave --compact out here and give it to drsim merge" \
  simulate examples/uncertainty.yaml --all --trials 5 --shard 1/2 -f json --compact
expect 2 "--executor: fast not in {auto,simgrid,drsim}
Run with --help for more information." simulate examples/small.yaml --all --executor fast
echo "ok: refusals"
