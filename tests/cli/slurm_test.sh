#!/bin/bash
# The Slurm scripts (scripts/slurm/) without a cluster: the job-array script run by hand as two
# tasks with the variables Slurm sets, then the merge script, give the bytes of one machine's run;
# submit.sh through a stand-in sbatch that runs each job at once (every array task, then the merge
# only if they all succeeded) gives its text and reports; an array that is not one range of step 1
# is refused.
# usage: slurm_test.sh DRSIM (run from the source tree)
set -euo pipefail
export DRSIM=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1795316400
slurm=scripts/slurm
run=(examples/uncertainty.yaml --scenario az:use1-az1 region:us-east-1 --trials 60 --seed 7 -q)

status=0
"$DRSIM" simulate "${run[@]}" -f json -o "$out/one.json" || status=$?
test "$status" -eq 1

# Two tasks numbered 0 and 1 (--array=0-1), run by hand.
for task in 0 1; do
  SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=1 \
    SLURM_ARRAY_TASK_COUNT=2 "$slurm/drsim-array.sbatch" "$out/by-hand" "${run[@]}"
done
test -f "$out/by-hand/shard-1-of-2.json"
test -f "$out/by-hand/shard-2-of-2.json"
status=0
"$slurm/drsim-merge.sbatch" "$out/by-hand" 2 -f json -o "$out/by-hand.json" || status=$?
test "$status" -eq 1
cmp "$out/one.json" "$out/by-hand.json"
echo "ok: two array tasks run by hand, merged: the bytes of one machine"

# An array with a step (--array=1-5:2) cannot tell each task its shard.
status=0
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=5 SLURM_ARRAY_TASK_COUNT=3 \
  "$slurm/drsim-array.sbatch" "$out/stepped" "${run[@]}" 2>"$out/err" || status=$?
test "$status" -eq 2
test "$(cat "$out/err")" = "drsim-array: error: the array has 3 tasks numbered 1 to 5, not one \
range of step 1
  hint: submit with --array=1-3, so that each task knows its shard"
echo "ok: a stepped array refused"

# submit.sh through a stand-in sbatch.
mkdir -p "$out/bin" "$out/jobs"
cat >"$out/bin/sbatch" <<'STUB'
#!/bin/bash
# Slurm's sbatch as far as submit.sh uses it: runs the job at once (each task of --array=A-B in
# turn, with the SLURM_ARRAY_* variables Slurm sets), a job with --dependency=afterok:ID only if
# job ID succeeded; prints the job id, as --parsable does.
set -u
jobs=$SBATCH_STUB_JOBS
array="" dependency=""
while [[ $1 == -* ]]; do
  case $1 in
    --array=*) array=${1#--array=} ;;
    --dependency=*) dependency=${1#--dependency=} ;;
  esac
  shift
done
script=$1
shift
id=$(($(cat "$jobs/last" 2>/dev/null || echo 4000) + 1))
echo "$id" >"$jobs/last"
echo "job $id: array '$array' dependency '$dependency' $(basename "$script") $*" >>"$jobs/log"
status=0
if [ -n "$dependency" ] && [ "$(cat "$jobs/status-${dependency#afterok:}")" != 0 ]; then
  status=never
elif [ -n "$array" ]; then
  first=${array%-*} last=${array#*-}
  for ((task = first; task <= last; task++)); do
    SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_MIN=$first SLURM_ARRAY_TASK_MAX=$last \
      SLURM_ARRAY_TASK_COUNT=$((last - first + 1)) bash "$script" "$@" \
      >"$jobs/$id-$task.out" 2>&1 || status=1
  done
else
  bash "$script" "$@" >"$jobs/$id.out" 2>&1 || status=$?
fi
echo "$status" >"$jobs/status-$id"
echo "$id"
STUB
chmod +x "$out/bin/sbatch"
export SBATCH_STUB_JOBS=$out/jobs

status=0
"$DRSIM" simulate "${run[@]}" -o "$out/run/result.txt" --report "$out/run/reports" || status=$?
test "$status" -eq 1
mv "$out/run" "$out/one"
PATH="$out/bin:$PATH" "$slurm/submit.sh" 3 "$out/run" "${run[@]}" >"$out/submitted"
test "$(cat "$out/submitted")" = "submitted: shards as job array 4001 (1-3), merge as job 4002 \
once they succeed"
test "$(cat "$out/jobs/log")" = "job 4001: array '1-3' dependency '' drsim-array.sbatch $out/run \
${run[*]}
job 4002: array '' dependency 'afterok:4001' drsim-merge.sbatch $out/run 3 -o $out/run/result.txt \
--report $out/run/reports"
test "$(cat "$out/jobs/status-4002")" = 1  # an objective breached, as on one machine
cmp "$out/one/result.txt" "$out/run/result.txt"
diff -r "$out/one/reports" "$out/run/reports"
echo "ok: submit.sh: three shards, then the merge: the text and reports of one machine"

# A shard that fails keeps the merge from running (afterok).
PATH="$out/bin:$PATH" "$slurm/submit.sh" 2 "$out/bad" examples/no-such-model.yaml --all \
  -- -f json -o "$out/bad.json" >/dev/null
test "$(cat "$out/jobs/status-4003")" = 1
test "$(cat "$out/jobs/status-4004")" = never
test ! -e "$out/bad.json"
echo "ok: a failed shard, no merge"
