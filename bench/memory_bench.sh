#!/bin/sh
# Benchmark: peak resident memory of drsim at its documented input limits (docs/model-format.md,
# "File limits"): files of 2,000,000 values (a flat list in JSON, YAML flow and YAML block
# style, a mapping of as many keys, long scalars that also fill the 64 MiB size limit), a file
# nested to the 64-level depth limit throughout, and `simulate --all --format json` on a
# generated model. Wall time and peak RSS come from GNU time (Debian package `time`).
# Goal (issue 16): every input within the limits is read in at most 1 GiB.
#
#   bench/memory_bench.sh [DRSIM] [SERVICES]
#   defaults: build/cli/drsim, 1000 services for the --all run
# Exit 0 when every run stays under the ceiling, 1 when one does not, 2 on a setup problem.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
drsim=${1:-$here/../build/cli/drsim}
services=${2:-1000}
max_kb=1048576  # 1 GiB
values=2000000  # DocumentLimits::max_nodes

if [ ! -x "$drsim" ]; then
  echo "memory_bench: no drsim executable at $drsim (build it, or pass its path)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "memory_bench: /usr/bin/time is missing" >&2
  echo "  hint: apt-get install -y time" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# Every file holds exactly `values` values: the root mapping, `version`, `x` and what `x` holds.
python3 - "$work" "$values" <<'EOF'
import sys
work, values = sys.argv[1], int(sys.argv[2])
n = values - 3
def write(name, text):
    with open(f"{work}/{name}", "w") as f:
        f.write(text)
write("list.json", '{"version": 1, "x": [' + ",".join(["0"] * n) + "]}\n")
write("list-flow.yaml", "version: 1\nx: [" + ",".join(["0"] * n) + "]\n")
write("list-block.yaml", "version: 1\nx:\n" + "- 0\n" * n)
write("keys.yaml", "version: 1\nx:\n" + "".join(f"  k{i:07d}: 0\n" for i in range(n)))
# 29-character scalars: past the short-string buffer, and 64,000,000 bytes in all.
write("long.yaml", "version: 1\nx:\n" + "".join(f"- s{i:028d}\n" for i in range(n)))
# Lists nested 61 deep inside `x` inside the root (64 levels, the limit), as many as fit.
depth = 61
chains = n // (depth + 1)
chain = "[" * depth + "0" + "]" * depth
write("deep.json", '{"version": 1, "x": [' + ",".join([chain] * chains) + "]}\n")
EOF
python3 "$here/gen_model.py" --services "$services" --seed 1 -o "$work/model.yaml"

status=0
measure() {  # measure LABEL EXPECTED_EXIT COMMAND...
  label=$1
  expected=$2
  shift 2
  rc=0
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" > /dev/null 2> "$work/err.txt" || rc=$?
  if [ "$rc" -ne "$expected" ]; then
    echo "memory_bench: $label: exit $rc, expected $expected:" >&2
    head -5 "$work/err.txt" >&2
    exit 2
  fi
  # GNU time writes "Command exited with non-zero status N" first when N is not 0.
  seconds=$(tail -1 "$work/time.txt" | cut -d' ' -f1)
  kb=$(tail -1 "$work/time.txt" | cut -d' ' -f2)
  verdict=ok
  if [ "$kb" -gt "$max_kb" ]; then
    verdict="OVER THE 1 GiB CEILING"
    status=1
  fi
  printf 'memory %s: %s s wall, %s MB peak RSS: %s\n' "$label" "$seconds" "$((kb / 1024))" "$verdict"
}

# The files are valid YAML/JSON of the limit's size but not models: validate reads the whole
# tree, then refuses the unknown key `x` (exit 3).
for f in list.json list-flow.yaml list-block.yaml keys.yaml long.yaml deep.json; do
  measure "validate $f ($(wc -c < "$work/$f") bytes, $values values)" 3 "$drsim" validate "$work/$f"
done
# Exit 1: an objective breached is a finding of the simulation, not a failure of the benchmark.
measure "simulate --all --format json ($services services)" 1 \
  "$drsim" simulate "$work/model.yaml" --all --format json
exit $status
