#!/bin/bash
# Overhead of `drsim drill run` (pitr) over the same restore done by hand with PostgreSQL's own
# tools, on a pgbench database of SCALE (70 ~ 1 GB), and the measured RPO against the heartbeat
# interval. Goal: overhead < 10 %; RPO resolution <= the heartbeat interval.
#   bench/drill_overhead.sh DRSIM [SCALE] [RUNS]
# Needs root (servers run as postgres via runuser) and PostgreSQL 15 (Debian 'postgresql').
set -euo pipefail

DRSIM=${1:?usage: drill_overhead.sh DRSIM [SCALE] [RUNS]}
SCALE=${2:-70}
RUNS=${3:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=/usr/lib/postgresql/15/bin
WORK=$(mktemp -d /tmp/drsim-bench-XXXXXX)
chmod 0755 "$WORK"
chown postgres: "$WORK"
ENV_FILE=$WORK/source.env
trap '"$HERE/../tests/drills/pg_source.sh" stop "$ENV_FILE"; rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
pg() { runuser -u postgres -- "$@"; }

"$HERE/../tests/drills/pg_source.sh" start "$ENV_FILE" >/dev/null
# shellcheck disable=SC1090
. "$ENV_FILE"
export DRSIM_BENCH_PW=$PGS_PASSWORD
echo "source: PostgreSQL 15 on port $PGS_PORT; pgbench -i -s $SCALE ..."
t=$(now)
pg "$BIN/pgbench" -i -q -s "$SCALE" -h "$PGS_SOCK" -p "$PGS_PORT" app >/dev/null 2>&1
size=$(pg "$BIN/psql" -X -At -h "$PGS_SOCK" -p "$PGS_PORT" -d app -c \
  "SELECT pg_size_pretty(pg_database_size('app'))")
printf 'loaded %s in %.1f s\n' "$size" "$(awk "BEGIN{print $(now) - $t}")"

# ---- by hand: pg_basebackup, then copy, flush, configure, start, poll until writable --------
by_hand() {
  local dir=$WORK/hand port=$((PGS_PORT + 1))
  rm -rf "$dir"; mkdir -p "$dir"; chown postgres: "$dir"
  local t0 t1 t2
  t0=$(now)
  pg "$BIN/pg_basebackup" -D "$dir/backup" -X stream --no-sync -c fast -h "$PGS_SOCK" -p "$PGS_PORT"
  t1=$(now)  # the primary is "lost" here
  ls "$PGS_ARCHIVE" >"$dir/archive.list"
  pg cp -a "$dir/backup" "$dir/data"
  pg "$BIN/initdb" --sync-only -D "$dir/data" >/dev/null
  mkdir -p "$dir/sock"; chown postgres: "$dir/sock"
  cat >>"$dir/data/postgresql.auto.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
archive_mode = off
restore_command = 'grep -qxF ''%f'' ''$dir/archive.list'' && cp ''$PGS_ARCHIVE/%f'' ''%p'''
EOF
  touch "$dir/data/recovery.signal"; chown postgres: "$dir/data/recovery.signal" "$dir/archive.list"
  pg "$BIN/pg_ctl" start -W -s -D "$dir/data" -l "$dir/server.log"
  until [ "$(pg "$BIN/psql" -X -At -h "$dir/sock" -p "$port" -d postgres \
             -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do sleep 0.02; done
  t2=$(now)
  pg "$BIN/pg_ctl" stop -D "$dir/data" -m immediate -s
  rm -rf "$dir"
  HAND_RTO=$(awk "BEGIN{print $t2 - $t1}")
  HAND_TOTAL=$(awk "BEGIN{print $t2 - $t0}")
}

with_drsim() {
  local interval=$1 drill=$WORK/bench.yaml
  cat >"$drill" <<EOF
drill: bench-pitr
method: pitr
source:
  conninfo: "host=127.0.0.1 port=$PGS_PORT user=drill dbname=app"
  password_env: DRSIM_BENCH_PW
backup:
  archive_dir: $PGS_ARCHIVE
scratch:
  dir: $WORK/state
heartbeat:
  interval: $interval
verify:
  compare_tables: false
timeouts:
  default: 30 min
EOF
  local t0 t1
  t0=$(now)
  "$DRSIM" drill run "$drill" -q --no-history --journal "$WORK/journal.json" --result "$WORK/result.json" >/dev/null
  t1=$(now)
  DRSIM_TOTAL=$(awk "BEGIN{print $t1 - $t0}")
  DRSIM_RTO=$(python3 -c "import json;print(json.load(open('$WORK/result.json'))['scenarios'][0]['services'][0]['rto_s'])")
  DRSIM_RPO=$(python3 -c "import json;print(json.load(open('$WORK/result.json'))['scenarios'][0]['services'][0]['rpo_s'])")
  CLEANUP=$(python3 -c "import json;s=json.load(open('$WORK/journal.json'))['steps'][-1];print(round(s['end_s']-s['begin_s'],2))")
}

echo
echo "run  by-hand RTO  drsim RTO  RTO overhead  by-hand total  drsim total (cleanup)  total overhead"
for i in $(seq 1 "$RUNS"); do
  # Alternate the order so page-cache and writeback effects do not favour one side.
  if [ $((i % 2)) = 1 ]; then by_hand; with_drsim "100 ms"; else with_drsim "100 ms"; by_hand; fi
  STEPS=$(python3 -c "import json;j=json.load(open('$WORK/journal.json'));print(', '.join('%s %.2f' % (s['name'], s['end_s']-s['begin_s']) for s in j['steps']))")
  printf '%-4s %9.2f s %8.2f s %11.1f %% %12.2f s %10.2f s (%5.2f s) %12.1f %%\n' "$i" \
    "$HAND_RTO" "$DRSIM_RTO" "$(awk "BEGIN{print ($DRSIM_RTO - $HAND_RTO) * 100 / $HAND_RTO}")" \
    "$HAND_TOTAL" "$DRSIM_TOTAL" "$CLEANUP" \
    "$(awk "BEGIN{print ($DRSIM_TOTAL - $CLEANUP - $HAND_TOTAL) * 100 / $HAND_TOTAL}")"
  echo "     drsim steps (s): $STEPS"
done
[ "${DRSIM_BENCH_RPO:-1}" = 0 ] && exit 0

echo
echo "RPO resolution (archive-only PITR, archive_timeout 1 s): measured RPO per heartbeat interval"
for interval in "1 s" "100 ms" "20 ms"; do
  with_drsim "$interval"
  lost=$(python3 -c "import json,re;j=json.load(open('$WORK/journal.json'));print([s['detail'] for s in j['steps'] if s['name']=='measure_rpo'][0])")
  printf '  interval %-7s RPO %6.3f s   %s\n' "$interval" "$DRSIM_RPO" "$lost"
done
