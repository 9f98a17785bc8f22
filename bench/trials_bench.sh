#!/bin/sh
# Times `drsim simulate --trials` on a generated model with distributions (gen_model.py
# --uncertain): the nominal run alone, then N trials of a region loss on 1 and 2 jobs, with peak
# memory, next to the plain-Python heapq reference of the same recovery (trials_reference.py,
# fewer trials), after checking that the reference gives every service drsim's RTO and RPO in the
# nominal run. Prints milliseconds per trial and the ratios.
# Usage: trials_bench.sh DRSIM [SERVICES] [TRIALS]
set -eu
drsim=$1
services=${2:-1000}
trials=${3:-10000}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$here/gen_model.py" --services "$services" --seed 1 --uncertain -o "$dir/m.yaml"
python3 "$here/gen_model.py" --services "$services" --seed 1 --uncertain --format json \
  -o "$dir/m.json"
# Exit 1 (an objective breached) is a finding, not a failure of the benchmark.
run() {
  label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$drsim" simulate "$dir/m.yaml" --scenario region:r1 \
    -q --format json -o "$dir/out.json" "$@" || [ $? -eq 1 ]
  read -r wall kb <"$dir/time"
  echo "$label: $wall s wall, $((kb / 1024)) MB peak"
  echo "$wall" >"$dir/$label"
}
run nominal
python3 "$here/trials_reference.py" "$dir/m.json" --region r1 --check "$dir/out.json"
run "trials-j1" --trials "$trials" -j 1
run "trials-j2" --trials "$trials" -j 2
python3 "$here/trials_reference.py" "$dir/m.json" --trials 500 | tee "$dir/python"
awk -v n="$trials" -v nominal="$(cat "$dir/nominal")" -v j1="$(cat "$dir/trials-j1")" \
  -v j2="$(cat "$dir/trials-j2")" -v py="$(sed 's/.* \([0-9.]*\) ms per trial.*/\1/' "$dir/python")" \
  'BEGIN {
     t1 = (j1 - nominal) * 1000 / n; t2 = (j2 - nominal) * 1000 / n
     printf "drsim: %.2f ms per trial on 1 job, %.2f ms on 2 (wall, nominal run taken off)\n", t1, t2
     printf "python reference / drsim: %.2fx on 1 job, %.2fx on 2 (goal: 10,000 trials in 10 s)\n", \
       py / t1, py / t2
   }'
