#!/bin/sh
# Splitting a run across machines (docs/cli.md "Splitting a run across machines"): the shards of
# `drsim simulate --shard I/N`, merged by `drsim merge` in any order, print byte for byte what one
# machine prints — text, JSON and reports — with the same exit code; a sweep split by scenario, a
# --trials run split by trial. Shards that do not belong together, a missing or doubled shard, a
# whole result and bad --shard forms are refused with the whole messages below.
# usage: shard_merge_test.sh DRSIM (run from the source tree)
set -eu
drsim=$1
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

# same_as_one_machine NAME N EXIT SIMULATE-ARGS...: one machine's text and JSON against N shards
# merged (given last to first), both exiting EXIT.
same_as_one_machine() {
  name=$1
  n=$2
  code=$3
  shift 3
  run "$code" simulate "$@" -q -o "$out/$name.txt"
  run "$code" simulate "$@" -q -f json -o "$out/$name.json"
  shards=""
  i=1
  while [ "$i" -le "$n" ]; do
    run 0 simulate "$@" -q --shard "$i/$n" -f json -o "$out/$name-$i.json"
    shards="$out/$name-$i.json $shards"
    i=$((i + 1))
  done
  # shellcheck disable=SC2086 # one word per shard file
  run "$code" merge $shards -o "$out/$name.merged.txt"
  # shellcheck disable=SC2086
  run "$code" merge $shards -f json -o "$out/$name.merged.json"
  cmp "$out/$name.txt" "$out/$name.merged.txt"
  cmp "$out/$name.json" "$out/$name.merged.json"
  echo "ok: $name split $n ways"
}

# A sweep (exit 1: objectives breached), split by scenario 2 and 3 ways; a design with costs,
# whose amounts the result rounds to cents (exit 0).
same_as_one_machine small-all 2 1 examples/small.yaml --all
same_as_one_machine small-all 3 1 examples/small.yaml --all
same_as_one_machine ladder-all 3 0 examples/ladder/warm-standby-async.yaml --all
# More shards than scenarios: some shards hold none.
same_as_one_machine two-scenarios 3 1 examples/small.yaml --scenario region:eu-west-1 az:euw1-az1
# Trials split by trial number, 3 ways: one scenario (exit 0), the sweep with LOWEST P(MET)
# (exit 1), and more shards than trials.
same_as_one_machine trials-zone 3 0 examples/uncertainty.yaml --scenario az:use1-az1 \
  --trials 200 --seed 7
same_as_one_machine trials-all 3 1 examples/uncertainty.yaml --all --trials 30 --seed 3
same_as_one_machine few-trials 4 1 examples/uncertainty.yaml --scenario region:us-east-1 \
  --trials 2 --seed 5

# --report: the merge writes the same reports as one machine, and says so on stderr with -f json.
run 1 simulate examples/small.yaml --all -q --report "$out/reports" -o "$out/report-one.txt"
mv "$out/reports" "$out/reports-one"
run 0 simulate examples/small.yaml --all -q --shard 1/2 -f json -o "$out/r1.json"
run 0 simulate examples/small.yaml --all -q --shard 2/2 -f json -o "$out/r2.json"
run 1 merge "$out/r2.json" "$out/r1.json" --report "$out/reports" -o "$out/report-merged.txt"
cmp "$out/report-one.txt" "$out/report-merged.txt"
diff -r "$out/reports-one" "$out/reports"
run 1 merge "$out/r1.json" "$out/r2.json" --report "$out/reports" -f json -o "$out/r.json" \
  2>"$out/err"
test "$(cat "$out/err")" = "reports written to $out/reports: report.json, report.md, \
report.html, report.junit.xml"
echo "ok: the same reports"


hint_form="  hint: --shard 1/2 and --shard 2/2 split a run two ways; drsim merge puts the shards \
back together"
for form in 0/2 3/2 a/b 1/2/3 ""; do
  expect 2 "<command line>: error: --shard: expected I/N, shard I of N with 1 <= I <= N \
<= 1000000, got '$form'
$hint_form" simulate examples/small.yaml --all --shard "$form" -f json
done
expect 2 "<command line>: error: --shard: a shard is written as JSON, not text
  hint: a shard is read back by drsim merge: add -f json -o FILE" \
  simulate examples/small.yaml --all --shard 1/2
expect 2 "<command line>: error: --report: a shard writes no reports
  hint: drsim merge SHARD.json... --report DIR writes the reports of the whole run" \
  simulate examples/small.yaml --all --shard 1/2 -f json --report "$out/no-reports"

t="$out/trials-zone"
expect 2 "<command line>: error: SHARD: shard 2/3 is missing
  hint: run drsim simulate with the same options and --shard 2/3 -f json -o FILE, and give that \
file too" merge "$t-3.json" "$t-1.json"
cp "$t-1.json" "$out/copy.json"
expect 2 "<command line>: error: SHARD: $t-1.json and $out/copy.json are both shard 1/3
  hint: give each shard of the run once" merge "$t-1.json" "$t-2.json" "$t-3.json" \
  "$out/copy.json"

same_run="  hint: every shard of a run comes from the same model file, drsim and options, with \
--shard I/N of the same N: merge the shards of one run"
run 0 simulate examples/uncertainty.yaml --scenario az:use1-az1 --trials 200 --seed 8 -q \
  --shard 2/3 -f json -o "$out/seed-8.json"
expect 3 "$out/seed-8.json: error: /shard/seed: shard 2/3 was made with --seed 8, \
$t-1.json (shard 1/3) with --seed 7
$same_run" merge "$t-1.json" "$out/seed-8.json" "$t-3.json"
run 0 simulate examples/small.yaml --all -q --compact --shard 2/2 -f json -o "$out/r2c.json"
expect 3 "$out/r2c.json: error: /shard/compact: shard 2/2 was made with --compact, $out/r1.json \
(shard 1/2) with no --compact
$same_run" merge "$out/r1.json" "$out/r2c.json"
run 0 simulate examples/time-truth.yaml --scenario az:use1-az1 --trials 200 --seed 7 -q \
  --shard 2/3 -f json -o "$out/other-model.json"
sum_u=$(sha256sum examples/uncertainty.yaml | cut -d' ' -f1)
sum_t=$(sha256sum examples/time-truth.yaml | cut -d' ' -f1)
expect 3 "$out/other-model.json: error: /model_checksum: shard 2/3 was made with model \
examples/time-truth.yaml (sha256:$sum_t), $t-1.json (shard 1/3) with model \
examples/uncertainty.yaml (sha256:$sum_u)
$same_run" merge "$t-1.json" "$out/other-model.json" "$t-3.json"
run 0 simulate examples/uncertainty.yaml --scenario az:use1-az1 --trials 200 --seed 7 -q \
  --shard 2/4 -f json -o "$out/four-ways.json"
expect 3 "$out/four-ways.json: error: /shard/count: shard 2/4 was made with --shard 2/4, \
$t-1.json (shard 1/3) with --shard 1/3
$same_run" merge "$t-1.json" "$out/four-ways.json" "$t-3.json"

expect 3 "$out/trials-zone.json: error: /: a whole result, not a shard of a run
  hint: drsim merge reads the files \`drsim simulate ... --shard I/N -f json\` writes; \
\`drsim report\` reads a whole result" merge "$out/trials-zone.json"
expect 3 "$t-1.json:10:3: error: /shard: this is one shard of a run split with --shard, \
not a whole result
  hint: merge every shard of the run with \`drsim merge SHARD.json...\` and use the merged result" \
  report "$t-1.json"
echo "ok: the errors"
