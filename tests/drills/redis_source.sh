#!/bin/bash
# CTest fixture for the live Redis drill tests: starts (or stops) a private Redis "source" on a
# free loopback port, password-protected, no persistence of its own, in a directory of its own,
# with a small data set (1,000 strings, a hash, a list, 10 keys with a time to live). It never
# touches a system Redis.
#   redis_source.sh start ENV_FILE   writes ENV_FILE (shell syntax) describing the server
#   redis_source.sh stop ENV_FILE    stops the server and removes what it created
set -euo pipefail

usage="usage: redis_source.sh start|stop ENV_FILE"
cmd=${1:?$usage}
env_file=${2:?$usage}

stop() {
  [ -f "$env_file" ] || return 0
  # shellcheck disable=SC1090
  . "$env_file"
  if [ -n "${REDIS_PID:-}" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
    kill -TERM "$REDIS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$REDIS_PID" 2>/dev/null || break
      grep -q '^State:.*Z' "/proc/$REDIS_PID/status" 2>/dev/null && break
      sleep 0.1
    done
    kill -KILL "$REDIS_PID" 2>/dev/null || true
  fi
  [ -n "${REDIS_DIR:-}" ] && rm -rf "$REDIS_DIR"
  rm -f "$env_file"
}

start() {
  stop
  command -v redis-server >/dev/null || { echo "redis-server is not installed" >&2; exit 1; }
  dir=$(mktemp -d /tmp/drsim-redissource-XXXXXX)
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  # The password reaches the server through a config file only this user reads, never argv.
  printf 'requirepass %s\n' "$password" >"$dir/auth.conf"
  chmod 600 "$dir/auth.conf"
  port=""
  for _ in $(seq 1 20); do
    candidate=$((49000 + RANDOM % 8000))
    if redis-server "$dir/auth.conf" --bind 127.0.0.1 --port "$candidate" --dir "$dir" \
         --save "" --appendonly no --daemonize yes --pidfile "$dir/redis.pid" \
         --logfile "$dir/server.log" >/dev/null 2>&1; then
      for _ in $(seq 1 50); do
        if REDISCLI_AUTH=$password redis-cli -p "$candidate" PING 2>/dev/null | grep -q PONG; then
          port=$candidate
          break 2
        fi
        sleep 0.05
      done
    fi
  done
  [ -n "$port" ] || { echo "could not start the source" >&2; cat "$dir/server.log" >&2; exit 1; }
  cli=(redis-cli -p "$port")
  {
    for i in $(seq 1 1000); do echo "SET user:$i name-$i"; done
    echo "HSET config version 42 region eu-west-1"
    echo "RPUSH queue a b c"
    for i in $(seq 1 10); do echo "SET session:$i token-$i EX 86400"; done
  } | REDISCLI_AUTH=$password "${cli[@]}" >/dev/null
  cat >"$env_file" <<EOF
REDIS_DIR=$dir
REDIS_PORT=$port
REDIS_PASSWORD=$password
REDIS_PID=$(cat "$dir/redis.pid")
EOF
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
