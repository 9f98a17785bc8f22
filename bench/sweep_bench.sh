#!/bin/sh
# Times `drsim simulate --all` on generated models (gen_model.py): the 1,000-service sweep on
# SimGrid (a process per scenario) and on drsim's own event loop, with their ratio; then the
# sweep of the big model — text, compact JSON and the four --report files, all written while it
# runs — with peak memory and output size, and `drsim report` of the compact JSON (read a
# scenario at a time). Goal (issue 11): the 10,000-service sweep in at most 60 s and 2 GB on 2
# cores.
# Usage: sweep_bench.sh DRSIM [SERVICES] (default 10000)
set -eu
drsim=$1
services=${2:-10000}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$here/gen_model.py" --services 1000 --seed 1 -o "$dir/m1000.yaml"
python3 "$here/gen_model.py" --services "$services" --seed 1 -o "$dir/big.yaml"
# measure LABEL COMMAND...: one drsim command; exit 1 (an objective breached) is a finding, not a
# failure.
measure() {
  label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$drsim" "$@" >"$dir/stdout" || [ $? -eq 1 ]
  # GNU time puts "Command exited with non-zero status 1" first: the figures are the last line.
  read -r wall kb <<EOT
$(tail -n 1 "$dir/time")
EOT
  echo "$label: $wall s wall, $((kb / 1024)) MB peak"
  echo "$wall" >"$dir/$label"
}
# run LABEL MODEL ARGS...: one sweep.
run() {
  label=$1
  model=$2
  shift 2
  measure "$label" simulate "$model" --all -q "$@"
}
run simgrid-1000 "$dir/m1000.yaml" -f json --executor simgrid
run own-1000 "$dir/m1000.yaml" -f json --executor drsim
awk -v sg="$(cat "$dir/simgrid-1000")" -v own="$(cat "$dir/own-1000")" \
  'BEGIN { printf "SimGrid / own event loop, 1,000 services --all: %.1fx\n", sg / own }'
run "text-$services" "$dir/big.yaml"
run "compact-json-$services" "$dir/big.yaml" -f json --compact -o "$dir/out.json"
echo "compact JSON: $(($(wc -c <"$dir/out.json") / 1048576)) MB for $(grep -c '' "$dir/out.json") \
lines (a scenario a line)"
run "compact-report-$services" "$dir/big.yaml" --compact --report "$dir/reports"
echo "reports: $(cd "$dir/reports" && for f in report.*; do
  printf '%s %s MB  ' "$f" $(($(wc -c <"$f") / 1048576))
done)"
rm -rf "$dir/reports"
measure "report-html-of-compact-json-$services" report "$dir/out.json" -f html -o "$dir/out.html"
