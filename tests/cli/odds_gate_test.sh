#!/bin/sh
# `--min-p-met P` (docs/cli.md "Trials"): with --trials, simulate and merge exit 1 when some
# objective is met in fewer than P of the trials, naming each one on stderr, and 0 when every one
# reaches P; a run whose nominal objectives are met but whose odds are short is a finding. Bad
# values, a run without trials and a shard are refused with the whole messages below.
# usage: odds_gate_test.sh DRSIM (run from the source tree)
set -eu
drsim=$1
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

zone="examples/uncertainty.yaml --scenario az:use1-az1 --trials 40 --seed 7 -q"
short="az:use1-az1 web RTO 80.0 % (65.2 % – 89.5 %)
  az:use1-az1 orders RTO 80.0 % (65.2 % – 89.5 %)"

# The nominal run meets every objective (exit 0 without the gate); 80.0 % of the trials meet
# the RTO of web and orders.
# shellcheck disable=SC2086 # the options are words
expect 0 "" simulate $zone
# shellcheck disable=SC2086
expect 1 "simulate: met in fewer than 90.0 % of the trials (--min-p-met):
  $short" simulate $zone --min-p-met 0.9
# shellcheck disable=SC2086
expect 1 "simulate: met in fewer than 81.0 % of the trials (--min-p-met):
  $short" simulate $zone --min-p-met 81% -f json
# Exactly P is enough.
# shellcheck disable=SC2086
expect 0 "" simulate $zone --min-p-met 80%
# shellcheck disable=SC2086
expect 0 "" simulate $zone --min-p-met 0.8
echo "ok: simulate --min-p-met"

# The merge of a split run judges the whole run the same way.
for i in 1 2 3; do
  # shellcheck disable=SC2086
  expect 0 "" simulate $zone --shard "$i/3" -f json -o "$out/s$i.json"
done
expect 1 "merge: met in fewer than 90.0 % of the trials (--min-p-met):
  $short" merge "$out/s3.json" "$out/s1.json" "$out/s2.json" --min-p-met 0.9
expect 0 "" merge "$out/s3.json" "$out/s1.json" "$out/s2.json" --min-p-met 0.8
echo "ok: merge --min-p-met"

hint="  hint: --min-p-met 0.95 makes the run a finding when an objective is met in fewer than 95 % \
of the trials"
for bad in 0 1.5 -0.2 abc "" 95 "%" 0.9x; do
  # shellcheck disable=SC2086
  expect 2 "<command line>: error: --min-p-met: expected a share of the trials above 0 and at \
most 1 (0.95) or a percentage (95%), got '$bad'
$hint" simulate $zone --min-p-met "$bad"
done
expect 2 "<command line>: error: --min-p-met: it judges trials, and this run has none
  hint: add --trials N: the run is then a finding when an objective is met in fewer than P of \
the N trials" simulate examples/uncertainty.yaml --scenario az:use1-az1 --min-p-met 0.9
# shellcheck disable=SC2086
expect 2 "<command line>: error: --min-p-met: a shard is not judged
  hint: give --min-p-met to drsim merge, which judges the whole run" \
  simulate $zone --shard 1/2 -f json --min-p-met 0.9
"$drsim" simulate examples/small.yaml --all -q --shard 1/1 -f json -o "$out/plain.json" || true
expect 2 "<command line>: error: --min-p-met: it judges trials, and these shards ran none
  hint: split a run with --trials N to judge its odds" \
  merge "$out/plain.json" --min-p-met 0.9
echo "ok: refusals"

# A big estate lists the first 20 objectives below P, then how many more.
python3 bench/gen_model.py --services 40 --seed 2 --uncertain -o "$out/g40.yaml"
status=0
"$drsim" simulate "$out/g40.yaml" --all --trials 10 -q --min-p-met 100% >/dev/null \
  2>"$out/err" || status=$?
test "$status" -eq 1
test "$(wc -l <"$out/err")" -eq 22
test "$(head -n 1 "$out/err")" = "simulate: met in fewer than 100 % of the trials (--min-p-met):"
test "$(tail -n 1 "$out/err")" = "  ... and 41 more: -f json writes every objective's odds \
(trials.objectives of each service)"
echo "ok: a long list capped"
