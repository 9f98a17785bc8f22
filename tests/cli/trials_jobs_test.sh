#!/bin/sh
# THE TRIAL RULE: the same seed gives the same bytes whatever the number of jobs, and another
# seed gives other draws; and more trials than the memory limit allows are refused up front.
# usage: trials_jobs_test.sh DRSIM (run from the source tree)
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
python3 bench/gen_model.py --services 200 --seed 1 -o "$out/big.yaml"
status=0
"$drsim" simulate "$out/big.yaml" --scenario region:r1 --trials 1000000 2>"$out/err" || status=$?
test "$status" -eq 2
expected="drsim: error: simulate: --trials 1000000 on 200 services would keep 200000000 figures \
per scenario, over the limit of 100000000 (about 1.6 GB); run at most 500000 trials on this model"
test "$(cat "$out/err")" = "$expected"
echo "ok: 30 trials x 2 scenarios, byte-identical for 1, 2 and 3 jobs; the limit refused"
