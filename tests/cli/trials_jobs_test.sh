#!/bin/sh
# THE TRIAL RULE: the same seed gives the same bytes whatever the number of jobs, and another
# seed gives other draws. usage: trials_jobs_test.sh DRSIM (run from the source tree)
set -eu
drsim=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1795316400
for j in 1 2 3; do
  "$drsim" simulate examples/uncertainty.yaml --scenario region:us-east-1 az:use1-az1 \
    --trials 30 --seed 11 -q -j "$j" --format json >"$out/j$j.json" || test $? -eq 1
done
cmp "$out/j1.json" "$out/j2.json"
cmp "$out/j1.json" "$out/j3.json"
"$drsim" simulate examples/uncertainty.yaml --scenario region:us-east-1 az:use1-az1 \
  --trials 30 --seed 12 -q --format json >"$out/other.json" || test $? -eq 1
if cmp -s "$out/j1.json" "$out/other.json"; then
  echo "seed 12 drew the same trials as seed 11" >&2
  exit 1
fi
echo "ok: 30 trials x 2 scenarios, byte-identical for 1, 2 and 3 jobs"
