#!/bin/bash
# CTest fixture for the live drill tests: starts (or stops) a private PostgreSQL 15 "source"
# cluster as the postgres OS user, with its own socket directory, a free loopback port, 1 MB WAL
# segments archived to a directory (archive_timeout 1 s), a password-protected 'drill' role and
# a small data set. It never touches the Debian cluster on 5432.
#   pg_source.sh start ENV_FILE [--data-checksums] [--no-autovacuum]
#                                                    writes ENV_FILE (shell syntax) describing the
#                                                    cluster (initdb --data-checksums, autovacuum
#                                                    off if asked: nothing writes unless a test does)
#   pg_source.sh stop ENV_FILE                       stops the cluster and removes what it created
set -euo pipefail

BIN=${DRSIM_PG_BIN:-/usr/lib/postgresql/15/bin}
OS_USER=postgres
usage="usage: pg_source.sh start|stop ENV_FILE [--data-checksums] [--no-autovacuum]"
cmd=${1:?$usage}
env_file=${2:?$usage}
initdb_extra=()
autovacuum=on
for option in "${@:3}"; do
  case "$option" in
    --data-checksums) initdb_extra=(--data-checksums) ;;
    --no-autovacuum) autovacuum=off ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

stop() {
  [ -f "$env_file" ] || return 0
  # shellcheck disable=SC1090
  . "$env_file"
  if [ -n "${PGS_DIR:-}" ] && [ -d "$PGS_DIR/data" ]; then
    as_pg "$BIN/pg_ctl" stop -D "$PGS_DIR/data" -m immediate -s >/dev/null 2>&1 || true
  fi
  [ -n "${PGS_DIR:-}" ] && rm -rf "$PGS_DIR"
  rm -f "$env_file"
  # The live tests' drill state root; empty unless a test left something (then keep it to look at).
  if [ -z "${DRSIM_KEEP_STATE_ROOT:-}" ]; then
    rmdir /tmp/drsim-test-state/.ports /tmp/drsim-test-state 2>/dev/null || true
  fi
}

start() {
  stop
  [ -x "$BIN/initdb" ] || { echo "PostgreSQL 15 is not installed in $BIN" >&2; exit 1; }
  dir=$(mktemp -d /tmp/drsim-pgsource-XXXXXX)
  chmod 0755 "$dir"
  mkdir -p "$dir/archive" "$dir/sock"
  [ "$(id -u)" = 0 ] && chown -R "$OS_USER:" "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)
  as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --wal-segsize=1 -E UTF8 --no-sync --no-instructions "${initdb_extra[@]}" \
    >"$dir/initdb.log" 2>&1
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $dir/archive/%f && cp %p $dir/archive/%f'
archive_timeout = 1s
max_wal_senders = 10
# Tests take base backups concurrently with fast checkpoints; keep WAL so a backup's start
# segment is never recycled before its stream begins.
wal_keep_size = 512MB
fsync = off
shared_buffers = 32MB
log_min_messages = warning
autovacuum = $autovacuum
EOF
  cat >"$dir/data/pg_hba.conf" <<EOF
local all postgres trust
local replication postgres trust
host all drill 127.0.0.1/32 scram-sha-256
host replication drill 127.0.0.1/32 scram-sha-256
EOF
  port=""
  for _ in $(seq 1 20); do
    candidate=$((41000 + RANDOM % 8000))
    if as_pg "$BIN/pg_ctl" start -D "$dir/data" -w -t 30 -s -l "$dir/server.log" \
         -o "-p $candidate" >/dev/null 2>&1; then
      port=$candidate
      break
    fi
  done
  [ -n "$port" ] || { echo "could not start the source cluster" >&2; cat "$dir/server.log" >&2; exit 1; }
  psql=("$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U postgres)
  as_pg "${psql[@]}" -d postgres <<EOF
CREATE ROLE drill LOGIN REPLICATION PASSWORD '$password';
GRANT pg_read_all_data TO drill;
CREATE DATABASE app;
EOF
  as_pg "${psql[@]}" -d app <<'EOF'
GRANT CREATE ON SCHEMA public TO drill;
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country text NOT NULL);
INSERT INTO customers SELECT i, 'customer ' || i, (ARRAY['AU','NZ','DE','US'])[1 + i % 4]
  FROM generate_series(1, 5000) i;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers,
                     amount numeric(12,2) NOT NULL, note text, created_at timestamptz NOT NULL);
INSERT INTO orders SELECT i, 1 + i % 5000, (i % 997) * 1.25, md5(i::text),
  now() - (50000 - i) * interval '1 second' FROM generate_series(1, 50000) i;
CREATE TABLE events (id serial PRIMARY KEY, payload jsonb, at timestamptz DEFAULT now());
INSERT INTO events (payload) SELECT jsonb_build_object('n', i) FROM generate_series(1, 2000) i;
CHECKPOINT;
SELECT pg_switch_wal();
EOF
  umask 077
  cat >"$env_file" <<EOF
PGS_DIR=$dir
PGS_PORT=$port
PGS_SOCK=$dir/sock
PGS_ARCHIVE=$dir/archive
PGS_PASSWORD=$password
PGS_BIN=$BIN
EOF
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
