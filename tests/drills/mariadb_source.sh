#!/bin/bash
# CTest fixture for the live MariaDB drill tests: starts (or stops) a private MariaDB "source" on a
# free loopback port, with its binary log on, a password-protected drill user and a small data set
# (database shop: 2,000 orders, customers with NULLs and a BLOB column; database drsim for the
# heartbeat), in a directory of its own. It never touches a system MariaDB (no option files are
# read: --no-defaults everywhere).
#   mariadb_source.sh start ENV_FILE   writes ENV_FILE (shell syntax) describing the server
#   mariadb_source.sh stop ENV_FILE    stops the server and removes what it created
set -euo pipefail

usage="usage: mariadb_source.sh start|stop ENV_FILE"
cmd=${1:?$usage}
env_file=${2:?$usage}

stop() {
  [ -f "$env_file" ] || return 0
  # shellcheck disable=SC1090
  . "$env_file"
  if [ -n "${MARIADB_PID:-}" ] && kill -0 "$MARIADB_PID" 2>/dev/null; then
    kill -TERM "$MARIADB_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$MARIADB_PID" 2>/dev/null || break
      grep -q '^State:.*Z' "/proc/$MARIADB_PID/status" 2>/dev/null && break
      sleep 0.1
    done
    kill -KILL "$MARIADB_PID" 2>/dev/null || true
  fi
  [ -n "${MARIADB_DIR:-}" ] && rm -rf "$MARIADB_DIR"
  rm -f "$env_file"
}

start() {
  stop
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] ||
    { echo "mariadbd is not installed" >&2; exit 1; }
  dir=$(mktemp -d /tmp/drsim-mariadbsource-XXXXXX)
  chmod 755 "$dir"
  user=()
  if [ "$(id -u)" = 0 ]; then
    user=(--user=mysql)
    chown mysql: "$dir"
  fi
  mariadb-install-db --no-defaults --datadir="$dir/data" "${user[@]}" \
    --auth-root-authentication-method=normal --skip-test-db --innodb-log-file-size=8M \
    >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  root=(mariadb --no-defaults --socket="$dir/sock" --user=root)
  port=""
  for _ in $(seq 1 20); do
    candidate=$((41000 + RANDOM % 8000))
    /usr/sbin/mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" \
      --port="$candidate" --bind-address=127.0.0.1 "${user[@]}" --pid-file="$dir/pid" \
      --log-error="$dir/error.log" --log-bin="$dir/data/binlog" --server-id=1 \
      --innodb-log-file-size=8M >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
      if "${root[@]}" -e "SELECT 1" >/dev/null 2>&1; then
        port=$candidate
        break 2
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -n "$port" ] || { echo "could not start the source" >&2; cat "$dir/error.log" >&2; exit 1; }
  # Written before the data is loaded: a failure below still leaves `stop` what to stop.
  cat >"$env_file" <<EOF2
MARIADB_DIR=$dir
MARIADB_PORT=$port
MARIADB_SOCKET=$dir/sock
MARIADB_DATADIR=$dir/data
MARIADB_PASSWORD=$password
MARIADB_PID=$pid
EOF2
  {
    echo "CREATE USER drill@'127.0.0.1' IDENTIFIED BY '$password';"
    echo "CREATE USER drill@localhost IDENTIFIED BY '$password';"
    for host in "'127.0.0.1'" localhost; do
      echo "GRANT SELECT, RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR, REPLICATION SLAVE,"
      echo "  SHOW VIEW, EVENT, TRIGGER ON *.* TO drill@$host;"
      echo "GRANT CREATE, INSERT, DELETE, DROP ON drsim.* TO drill@$host;"
    done
    echo "CREATE DATABASE shop; CREATE DATABASE drsim;"
    echo "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(40), note TEXT,"
    echo "  photo BLOB, joined TIMESTAMP NULL, balance DECIMAL(10,2)) ENGINE=InnoDB;"
    echo "CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, customer INT NOT NULL,"
    echo "  amount DOUBLE, placed DATETIME(3)) ENGINE=InnoDB;"
    for i in $(seq 1 200); do
      if [ $((i % 7)) = 0 ]; then
        echo "INSERT INTO shop.customers VALUES ($i, NULL, 'it''s \"quoted\"', NULL, NULL, -$i.5);"
      else
        echo "INSERT INTO shop.customers VALUES ($i, 'customer-$i', NULL, UNHEX('00FF$i'),"
        echo "  '2026-01-01 00:00:00' + INTERVAL $i HOUR, $i.25);"
      fi
    done
    echo "USE shop;"
    echo "INSERT INTO shop.orders (customer, amount, placed) SELECT 1 + seq % 200, seq / 3,"
    echo "  '2026-06-01 00:00:00.000' + INTERVAL seq SECOND FROM seq_1_to_2000;"
  } | "${root[@]}" || { stop; exit 1; }
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
