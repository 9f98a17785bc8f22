#!/usr/bin/env bash
# Builds the seed corpora of every harness from what the repository already holds: examples,
# the valid and invalid catalogues, scenario and drill files, result files, and the YAML code
# blocks of the docs.
#   fuzz/seed_corpus.sh OUT_DIR      -> OUT_DIR/<harness>/<file>
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=$1
for h in fuzz_model_yaml fuzz_model_json fuzz_scenarios fuzz_drill_spec fuzz_result fuzz_shard \
  fuzz_units fuzz_overlay; do
  mkdir -p "$out/$h"
done
copy() {  # copy HARNESS FILES...: each file under a name unique per source path
  local h=$1
  shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$out/$h/$(echo "${f#"$src"/}" | tr '/' '_')"
  done
}
shopt -s nullglob
copy fuzz_model_yaml "$src"/examples/*.yaml "$src"/examples/ladder/*.yaml \
  "$src"/tests/data/valid/*.yaml "$src"/tests/data/invalid/*.yaml
copy fuzz_model_json "$src"/tests/data/valid/*.json "$src"/tests/data/invalid/*.json
# A whole model is an overlay too (every id its own).
copy fuzz_overlay "$src"/tests/history/golden/calibrate-overlay.yaml "$src"/examples/*.yaml
copy fuzz_scenarios "$src"/examples/scenarios/*
copy fuzz_drill_spec "$src"/examples/drills/*
copy fuzz_result "$src"/tests/data/results/* "$src"/tests/cli/simulate/*.json
copy fuzz_shard "$src"/tests/data/shards/*
# The YAML code blocks of the docs: one seed per block.
n=0
for doc in "$src"/docs/*.md "$src"/README.md; do
  awk -v out="$out/fuzz_model_yaml" -v base="$(basename "$doc" .md)" '
    /^```yaml/ {inside = 1; n++; file = out "/doc_" base "_" n ".yaml"; next}
    /^```/ {inside = 0; next}
    inside {print > file}' "$doc"
  n=$((n + 1))
done
# Units and times: one value per file.
i=0
for v in "15 min" "1 h 30 min" "500 GB" "10 Gbps" "2 MB/s" "02:00" "23:59:59" "+2h" "-30 min" \
  "day 3 01:00" "7 d" "0 s" "1e3 s"; do
  printf '%s' "$v" > "$out/fuzz_units/value_$i"
  i=$((i + 1))
done
