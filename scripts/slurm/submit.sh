#!/bin/bash
# Submits a drsim run split across a Slurm cluster (docs/cli.md "Splitting a run across
# machines"): a job array of N shards (drsim-array.sbatch) and the merge (drsim-merge.sbatch),
# which starts only once every shard succeeded (--dependency=afterok).
#
#   scripts/slurm/submit.sh N OUT_DIR MODEL [SIMULATE OPTIONS...] [-- MERGE OPTIONS...]
#
# e.g. scripts/slurm/submit.sh 8 runs/q3 examples/uncertainty.yaml --all --trials 100000 --seed 7
# The shards go to OUT_DIR/shard-I-of-N.json; the merge takes the MERGE OPTIONS (-f json, -o FILE,
# --report DIR), by default -o OUT_DIR/result.txt --report OUT_DIR/reports. OUT_DIR must be on a
# file system every node sees. Cluster options (partition, time limit, account) come from sbatch's
# own environment variables: SBATCH_PARTITION, SBATCH_TIMELIMIT, SBATCH_ACCOUNT, ...; the nodes
# run $DRSIM, else the drsim on their PATH.
set -euo pipefail

if [ $# -lt 3 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: submit.sh N OUT_DIR MODEL [SIMULATE OPTIONS...] [-- MERGE OPTIONS...]" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
count=$1
out_dir=$2
shift 2
simulate=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  simulate+=("$1")
  shift
done
merge=(-o "$out_dir/result.txt" --report "$out_dir/reports")
if [ $# -gt 0 ]; then
  shift
  merge=("$@")
fi
mkdir -p "$out_dir"
# --parsable prints "JOBID" or "JOBID;CLUSTER".
array=$(sbatch --parsable --array="1-$count" "$here/drsim-array.sbatch" "$out_dir" \
  "${simulate[@]}")
array=${array%%;*}
merge_job=$(sbatch --parsable --dependency="afterok:$array" "$here/drsim-merge.sbatch" \
  "$out_dir" "$count" "${merge[@]}")
merge_job=${merge_job%%;*}
echo "submitted: shards as job array $array (1-$count), merge as job $merge_job once they succeed"
