#!/bin/sh
# Counts the instructions one trial of `drsim simulate --trials` costs, with valgrind's callgrind:
# the run with LOW trials and the run with HIGH trials differ by HIGH - LOW trials and nothing
# else (loading, the nominal run and the output are the same), so the difference divided by that
# is one trial. Unlike wall time, the count does not move with the load of a shared machine, so
# two builds compare on any day. Same model and scenario as trials_bench.sh.
# Usage: trial_instructions.sh DRSIM [SERVICES] [LOW] [HIGH]   (needs valgrind: apt-get install valgrind)
set -eu
drsim=$1
services=${2:-1000}
low=${3:-30}
high=${4:-130}
command -v valgrind >/dev/null || {
  echo "trial_instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2
  exit 2
}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$here/gen_model.py" --services "$services" --seed 1 --uncertain -o "$dir/m.yaml"
# The instructions of the drsim process itself (a nominal run on SimGrid is a child of its own).
count() {
  valgrind --tool=callgrind --callgrind-out-file="$dir/cg.%p" "$drsim" simulate "$dir/m.yaml" \
    --scenario region:r1 -q --format json -o /dev/null --trials "$1" -j 1 2>"$dir/log" ||
    [ $? -eq 1 ]
  pid=$(sed -n '1s/^==\([0-9]*\)==.*/\1/p' "$dir/log")  # the first to speak: the parent
  sed -n "s/^==$pid== Collected : //p" "$dir/log" | tr -d ,
  rm -f "$dir"/cg.*
}
a=$(count "$low")
b=$(count "$high")
awk -v a="$a" -v b="$b" -v lo="$low" -v hi="$high" 'BEGIN {
  printf "%.2f million instructions per trial (callgrind: %d trials against %d)\n",
    (b - a) / (hi - lo) / 1e6, hi, lo
}'
