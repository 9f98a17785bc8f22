#!/bin/sh
# drsim-mpi under a real `mpirun -np 2` on this machine: the two ranks' shards, sent to rank 0
# over MPI and merged there, give the bytes and the exit code of one machine's run (JSON of a
# --trials run, text and reports of a sweep); a shard that fails gives its exit code and its
# standard error; no temporary file is left behind. Exits 77 (skipped) when mpirun is absent.
# usage: mpi_test.sh DRSIM_MPI DRSIM (run from the source tree)
set -eu
drsim_mpi=$1
drsim=$2
if ! command -v mpirun >/dev/null 2>&1; then
  echo "mpirun not found (Debian: openmpi-bin): skipped"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1795316400
export TMPDIR="$out/tmp"
mkdir -p "$TMPDIR"
# CI runs as root in a container. Two ranks whatever the machine offers: more ranks than cores
# allowed, no binding to cores, TCP over loopback (no shared-memory transport, which a
# container's small /dev/shm can break; no other network is needed).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() {
  timeout 300 mpirun -np 2 --oversubscribe --bind-to none --mca btl self,tcp \
    --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo "$drsim_mpi" "$@"
}

# run EXIT COMMAND...: fails unless COMMAND exits EXIT.
run() {
  expected=$1
  shift
  status=0
  "$@" 2>"$out/err" || status=$?
  if [ "$status" -ne "$expected" ]; then
    echo "$*: exit $status, expected $expected" >&2
    cat "$out/err" >&2
    exit 1
  fi
}

trials="examples/uncertainty.yaml --all --trials 200 --seed 7 -q"
# shellcheck disable=SC2086 # the options are words
run 1 "$drsim" simulate $trials -f json -o "$out/one.json"
# shellcheck disable=SC2086
run 1 mpi simulate $trials -f json -o "$out/mpi.json"
cmp "$out/one.json" "$out/mpi.json"
echo "ok: --trials over 2 ranks: the JSON and exit code of one machine"

run 1 "$drsim" simulate examples/small.yaml --all --report "$out/reports" -q >"$out/one.txt"
mv "$out/reports" "$out/one-reports"
run 1 mpi simulate examples/small.yaml --all --report "$out/reports" -q >"$out/mpi.txt"
cmp "$out/one.txt" "$out/mpi.txt"
diff -r "$out/one-reports" "$out/reports"
echo "ok: a sweep over 2 ranks: the text, reports and exit code of one machine"

run 3 mpi simulate examples/no-such-model.yaml --all
# The host name varies; mpirun adds its own lines after ours.
sed -n '1,3{s/ on [^)]*)/ on HOST)/;p}' "$out/err" >"$out/failed"
test "$(cat "$out/failed")" = "drsim-mpi: shard 1/2 (rank 0 on HOST) failed with exit 3:
examples/no-such-model.yaml: error: /: cannot open file
  hint: check the path and that the file is readable"
echo "ok: a failed shard: its exit code and its error"

run 2 mpi simulate examples/small.yaml --all --shard 1/2
test "$(head -2 "$out/err")" = "drsim-mpi: error: --shard is drsim-mpi's to give: rank R runs \
shard R+1 of the N ranks
  hint: leave out --shard; mpirun -np N sets how many shards there are"
echo "ok: --shard refused"

test -z "$(ls -A "$TMPDIR" | grep drsim-mpi || true)"
echo "ok: no temporary file left"
