#!/bin/sh
# drsim against an independent model of the same recovery: bench/trials_reference.py, a plain
# event loop written from the rules in docs/engine.md, gives every service the RTO and RPO drsim
# gives it, for a loss of each region of generated estates: in the nominal run (at its worst
# phase), in trials realized as fixed models (every distribution drawn once) at fault times
# spread over the day, and with an outage past the horizon. A change to drsim's recovery rules
# that the reference does not share shows up here as the services that now differ.
# usage: reference_agreement_test.sh DRSIM (run from the source tree)
set -eu
drsim=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
checked=0
for seed in 1 3; do
  python3 bench/gen_model.py --services 300 --seed "$seed" --uncertain --format json \
    -o "$dir/m.json"
  for trial in nominal 1 2 3 8-days; do
    model=$dir/t.json
    case $trial in
      nominal) model=$dir/m.json ;;
      8-days) python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))
m["outages"]["region"] = "8 d"; json.dump(m, open(sys.argv[2], "w"))' "$dir/m.json" "$model" ;;
      *) python3 bench/trials_reference.py "$dir/m.json" --realize "$model" --seed "$trial" ;;
    esac
    for region in 1 2 3; do
      # A realized trial happens at some second of day 3; the others at their worst phase.
      set -- --scenario "region:r$region"
      case $trial in
        [0-9])
          s=$(((seed * 7919 + trial * 104729 + region * 3571) % 86400))
          set -- "$@" --at "$(printf 'day 3 %02d:%02d:%02d' $((s / 3600)) $((s / 60 % 60)) \
            $((s % 60)))"
          ;;
      esac
      "$drsim" simulate "$model" "$@" -q --format json -o "$dir/result.json" || test $? -eq 1
      if ! python3 bench/trials_reference.py "$model" --region "r$region" \
        --check "$dir/result.json" >"$dir/log"; then
        cat "$dir/log" >&2
        echo "in the estate of seed $seed, trial $trial ($*)" >&2
        exit 1
      fi
      checked=$((checked + 1))
    done
  done
done
echo "ok: $checked runs of 300 services, every RTO and RPO as the reference's"
