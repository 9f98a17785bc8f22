#!/bin/bash
# CTest fixture for the live S3 drill tests: starts (or stops) a private OpenStack Swift
# all-in-one with the S3 API (s3api) — memcached for tempauth's cache, and the proxy, account,
# container and object servers — on free loopback ports, with one-replica rings, object
# versioning allowed and one tempauth account (access key "test:tester", a random secret), all
# in a directory of its own (mktemp -d, in /dev/shm when it can) given to every server as
# swift_dir. It never touches /etc/swift or a
# system Swift or memcached, and stops only the processes it started.
#   swift_source.sh start ENV_FILE   writes ENV_FILE (shell syntax) describing the store
#   swift_source.sh stop ENV_FILE    stops the servers and removes what it created
set -euo pipefail

usage="usage: swift_source.sh start|stop ENV_FILE"
cmd=${1:?$usage}
env_file=${2:?$usage}

stop() {
  [ -f "$env_file" ] || return 0
  # shellcheck disable=SC1090
  . "$env_file"
  local pids=(${S3_PIDS:-})
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # At most 3 s in all for them to exit (a zombie has), then SIGKILL for what is left.
  for _ in $(seq 1 30); do
    local alive=0
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
        alive=1
      fi
    done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [ -n "${S3_DIR:-}" ] && rm -rf "$S3_DIR"
  rm -f "$env_file"
}

start() {
  stop
  for tool in swift-proxy-server swift-account-server swift-container-server \
              swift-object-server memcached; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
  done
  # In memory when /dev/shm takes the user xattrs Swift keeps its metadata in (tmpfs on Linux 6.6
  # and later): the thousands of small files of a test run are removed in no time, where on a
  # busy ext4 their removal took half a minute.
  dir=""
  if [ -d /dev/shm ] && dir=$(mktemp -d /dev/shm/drsim-swiftsource-XXXXXX 2>/dev/null); then
    /usr/bin/python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.drsim", b"1")' "$dir" \
      2>/dev/null || { rmdir "$dir"; dir=""; }
  fi
  [ -n "$dir" ] || dir=$(mktemp -d /tmp/drsim-swiftsource-XXXXXX)
  chmod 755 "$dir"
  secret=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  # The servers drop to user swift when started as root (memcached to memcache).
  if [ "$(id -u)" = 0 ]; then run_as=swift; mc_user=(-u memcache); else run_as=$(id -un); mc_user=(); fi
  # Free ports, rings and configuration in one Python process (swift-ring-builder takes seconds).
  ports=$(/usr/bin/python3 - "$dir" "$secret" "$run_as" <<'EOF'
import os, socket, sys
from swift.common.ring import RingBuilder
d, secret, user = sys.argv[1:4]
socks = []
for _ in range(5):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
proxy, account, container, obj, mc = [s.getsockname()[1] for s in socks]
for s in socks:
    s.close()
os.makedirs(f"{d}/srv/d1", exist_ok=True)
os.makedirs(f"{d}/run", exist_ok=True)
for name, port in (("account", account), ("container", container), ("object", obj)):
    b = RingBuilder(6, 1, 1)
    b.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port,
               "device": "d1", "weight": 100})
    b.rebalance()
    b.get_ring().save(f"{d}/{name}.ring.gz")
open(f"{d}/swift.conf", "w").write(
    "[swift-hash]\nswift_hash_path_suffix = drsim\nswift_hash_path_prefix = drsim\n"
    "[storage-policy:0]\nname = Policy-0\ndefault = yes\n")
common = (f"[DEFAULT]\nbind_ip = 127.0.0.1\nswift_dir = {d}\ndevices = {d}/srv\n"
          f"mount_check = false\nuser = {user}\nworkers = 0\nlog_level = WARNING\n")
for name, port in (("account", account), ("container", container), ("object", obj)):
    open(f"{d}/{name}-server.conf", "w").write(
        common + f"bind_port = {port}\n[pipeline:main]\npipeline = {name}-server\n"
        f"[app:{name}-server]\nuse = egg:swift#{name}\n"
        + ("allow_versions = true\n" if name == "container" else ""))
open(f"{d}/proxy-server.conf", "w").write(
    common + f"bind_port = {proxy}\n[pipeline:main]\npipeline = catch_errors gatekeeper "
    "healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo "
    "versioned_writes symlink proxy-logging proxy-server\n"
    "[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n"
    "allow_account_management = true\n"
    "[filter:catch_errors]\nuse = egg:swift#catch_errors\n"
    "[filter:gatekeeper]\nuse = egg:swift#gatekeeper\n"
    "[filter:healthcheck]\nuse = egg:swift#healthcheck\n"
    "[filter:proxy-logging]\nuse = egg:swift#proxy_logging\n"
    f"[filter:cache]\nuse = egg:swift#memcache\nmemcache_servers = 127.0.0.1:{mc}\n"
    "[filter:listing_formats]\nuse = egg:swift#listing_formats\n"
    "[filter:s3api]\nuse = egg:swift#s3api\nlocation = us-east-1\n"
    f"[filter:tempauth]\nuse = egg:swift#tempauth\nuser_test_tester = {secret} .admin\n"
    "[filter:copy]\nuse = egg:swift#copy\n"
    "[filter:slo]\nuse = egg:swift#slo\n"
    "[filter:dlo]\nuse = egg:swift#dlo\n"
    "[filter:versioned_writes]\nuse = egg:swift#versioned_writes\n"
    "allow_object_versioning = true\n"
    "[filter:symlink]\nuse = egg:swift#symlink\n")
os.chmod(f"{d}/proxy-server.conf", 0o600)
print(proxy, account, container, obj, mc)
EOF
)
  read -r proxy_port _ _ _ mc_port <<<"$ports"
  [ "$(id -u)" = 0 ] && chown -R swift: "$dir"
  pids=()
  memcached "${mc_user[@]}" -l 127.0.0.1 -p "$mc_port" -U 0 -m 16 >"$dir/memcached.log" 2>&1 &
  pids+=($!)
  for server in account container object proxy; do
    "swift-$server-server" "$dir/$server-server.conf" --verbose >"$dir/$server.log" 2>&1 &
    pids+=($!)
  done
  # Written before waiting, so a failed start is still stopped by `stop`.
  cat >"$env_file" <<EOF
S3_DIR=$dir
S3_ENDPOINT=127.0.0.1:$proxy_port
S3_ACCESS_KEY=test:tester
S3_SECRET_KEY=$secret
S3_PIDS="${pids[*]}"
EOF
  # Ready when the proxy's healthcheck answers and every backend server listens.
  for _ in $(seq 1 200); do
    if curl -sf "http://127.0.0.1:$proxy_port/healthcheck" >/dev/null 2>&1 &&
       (for port in $ports; do : </dev/tcp/127.0.0.1/"$port" || exit 1; done) 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "could not start the Swift source" >&2
  tail -n 20 "$dir"/*.log >&2 || true
  stop
  exit 1
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
