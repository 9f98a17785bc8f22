#!/bin/sh
# --report written as the run is simulated (reports/report_stream.hpp) gives the bytes of the
# report of the whole run held first: for every example model, `simulate --all --report DIR` (text
# and compact JSON alongside) against `drsim report DIR/report.json` in each format, which reads
# the whole result and builds the whole report. A trial run (held, then reported) too. Each
# report is checked to hold what it should, not only to be equal.
# usage: streamed_report_test.sh DRSIM (run from the source tree)
set -eu
drsim=$1
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

# same DIR: the reports in DIR are those `drsim report` writes of DIR/report.json.
same() {
  dir=$1
  for f in md html junit; do
    file=$dir/report.$f
    [ "$f" = junit ] && file=$dir/report.junit.xml
    status=0
    "$drsim" report "$dir/report.json" -f "$f" -o "$out/held.$f" || status=$?
    [ "$status" -le 1 ] || exit 1
    cmp "$out/held.$f" "$file"
  done
  grep -q '^# DR report: ' "$dir/report.md"
  grep -q '</html>' "$dir/report.html"
  grep -q '</testsuites>' "$dir/report.junit.xml"
}

models=0
for model in examples/*.yaml examples/ladder/*.yaml; do
  name=$(basename "$model" .yaml)
  status=0
  "$drsim" simulate "$model" --all -q --report "$out/$name" >"$out/$name.txt" 2>"$out/err" ||
    status=$?
  [ "$status" -le 1 ] || continue # not an estate model (a drill, a schedule)
  grep -q "reports written to $out/$name: report.json, report.md" "$out/$name.txt"
  same "$out/$name"
  # Compact JSON on standard output and the reports of the same run.
  "$drsim" simulate "$model" --all -q --compact -f json -o "$out/$name-c.json" \
    --report "$out/$name-c" 2>"$out/err" || [ $? -eq 1 ]
  cmp "$out/$name-c.json" "$out/$name-c/report.json"
  same "$out/$name-c"
  models=$((models + 1))
done
test "$models" -ge 12

# A trial run holds the run, then writes its reports the same way.
run 1 simulate examples/small.yaml --all -q --trials 3 --report "$out/trials"
same "$out/trials"
grep -q 'Trials: 3 trials, seed' "$out/trials/report.md"
# Nothing is left beside the reports: no spool, no partial file.
test -z "$(find "$out" -name '*.partial-*' -o -name '.*.spool-*')"
echo "ok: $models models"
