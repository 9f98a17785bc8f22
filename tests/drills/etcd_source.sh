#!/bin/bash
# CTest fixture for the live etcd drill tests: starts (or stops) a private single-member etcd
# "source" on free loopback ports, with authentication on (user root, a random password) and a
# small data set (50 keys under /config/, /config/version = 42). It never touches a system etcd.
# With --tls its clients must speak TLS and show a client certificate: a CA, the server's and a
# client's certificate are made for the run (and a second CA that signed nothing, for red tests).
#   etcd_source.sh start ENV_FILE [--tls]   writes ENV_FILE (shell syntax) describing the server
#   etcd_source.sh stop ENV_FILE            stops the server and removes what it created
set -euo pipefail

usage="usage: etcd_source.sh start|stop ENV_FILE [--tls]"
cmd=${1:?$usage}
env_file=${2:?$usage}
tls=${3:-}

stop() {
  [ -f "$env_file" ] || return 0
  # shellcheck disable=SC1090
  . "$env_file"
  if [ -n "${ETCD_PID:-}" ] && kill -0 "$ETCD_PID" 2>/dev/null; then
    kill -TERM "$ETCD_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$ETCD_PID" 2>/dev/null || break
      grep -q '^State:.*Z' "/proc/$ETCD_PID/status" 2>/dev/null && break
      sleep 0.1
    done
    kill -KILL "$ETCD_PID" 2>/dev/null || true
  fi
  [ -n "${ETCD_DIR:-}" ] && rm -rf "$ETCD_DIR"
  rm -f "$env_file"
}

# A CA, a server certificate for 127.0.0.1 and a client certificate it signed, and another CA.
certs() {
  local d=$1
  mkdir -p "$d"
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  for ca in ca other-ca; do
    openssl req -x509 "${ec[@]}" -keyout "$d/$ca.key" -out "$d/$ca.crt" -days 2 \
      -subj "/CN=drsim test $ca" 2>/dev/null
  done
  for who in server client; do
    openssl req "${ec[@]}" -keyout "$d/$who.key" -out "$d/$who.csr" -subj "/CN=$who" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' >"$d/$who.ext"
    openssl x509 -req -in "$d/$who.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -out "$d/$who.crt" -days 2 -extfile "$d/$who.ext" 2>/dev/null
  done
  chmod 600 "$d"/*.key
}

start() {
  stop
  command -v etcd >/dev/null || { echo "etcd is not installed" >&2; exit 1; }
  dir=$(mktemp -d /tmp/drsim-etcdsource-XXXXXX)
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  scheme=http
  server_tls=()
  ctl_tls=()
  if [ "$tls" = --tls ]; then
    scheme=https
    certs "$dir/tls"
    server_tls=(--cert-file "$dir/tls/server.crt" --key-file "$dir/tls/server.key"
      --client-cert-auth --trusted-ca-file "$dir/tls/ca.crt")
    ctl_tls=(--cacert "$dir/tls/ca.crt" --cert "$dir/tls/client.crt" --key "$dir/tls/client.key")
  fi
  for _ in $(seq 1 10); do
    client=$((57000 + RANDOM % 4000))
    peer=$((client + 4000))
    setsid etcd --name source --data-dir "$dir/data" \
      --listen-client-urls "$scheme://127.0.0.1:$client" \
      --advertise-client-urls "$scheme://127.0.0.1:$client" "${server_tls[@]}" \
      --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
      --initial-cluster "source=http://127.0.0.1:$peer" --logger zap --log-outputs "$dir/server.log" \
      </dev/null >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 60); do
      if etcdctl --endpoints "$scheme://127.0.0.1:$client" "${ctl_tls[@]}" endpoint health \
        >/dev/null 2>&1; then
        break 2
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -rf "$dir/data"
    pid=""
  done
  [ -n "$pid" ] || { echo "could not start the source" >&2; cat "$dir/server.log" >&2; exit 1; }
  ctl=(etcdctl --endpoints "$scheme://127.0.0.1:$client" "${ctl_tls[@]}")
  for i in $(seq 1 49); do "${ctl[@]}" put "/config/key-$i" "value-$i" >/dev/null; done
  "${ctl[@]}" put /config/version 42 >/dev/null
  printf '%s\n' "$password" | "${ctl[@]}" user add root --interactive=false >/dev/null
  "${ctl[@]}" user grant-role root root >/dev/null
  "${ctl[@]}" auth enable >/dev/null
  cat >"$env_file" <<EOT
ETCD_DIR=$dir
ETCD_ENDPOINT=127.0.0.1:$client
ETCD_PASSWORD=$password
ETCD_PID=$pid
ETCD_TLS_DIR=$( [ "$tls" = --tls ] && echo "$dir/tls" )
EOT
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
