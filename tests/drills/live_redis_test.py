#!/usr/bin/python3
"""Live Redis drills (docs/drill-format.md "Redis") against the private source the
drills_redis_source fixture starts (redis_source.sh): a snapshot drsim fetches, restored with a
heartbeat and probes (green); an existing RDB file, whole (green), with its checksum broken or cut
short, or with a probe that does not hold (red); a wrong password (exit 4). After every run: the
source holds what it held (no drsim key left), no scratch server runs, the run directory is gone.

usage: live_redis_test.py ENV_FILE DRSIM_EXE
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_target_support import check, check_nothing_left, finish, read_env, run_drill  # noqa: E402

env_file, drsim = sys.argv[1], sys.argv[2]
conf = read_env(env_file)
PORT, PASSWORD = conf["REDIS_PORT"], conf["REDIS_PASSWORD"]
SOURCE_KEYS = 1012  # redis_source.sh: 1,000 users, config, queue, 10 sessions


def cli(*args):
    out = subprocess.run(["redis-cli", "-p", PORT] + list(args), capture_output=True, text=True,
                         env={"REDISCLI_AUTH": PASSWORD, "PATH": "/usr/bin:/bin"}, check=True)
    return out.stdout.strip()


work = tempfile.mkdtemp(prefix="drsim-redis-test-")
state = os.path.join(work, "state")


def drill(name, body, password=PASSWORD, method="rdb"):
    spec = os.path.join(work, name + ".yaml")
    if body.startswith("method: "):
        body = body.split("\n", 1)[1]
    with open(spec, "w") as f:
        f.write("drill: %s\ntarget: redis\nmethod: %s\nsource:\n  address: 127.0.0.1:%s\n"
                "  password_env: DRILL_REDIS_PASSWORD\nscratch:\n  dir: %s\n%s"
                % (name, method, PORT, state, body))
    out = run_drill(drsim, spec, {"DRILL_REDIS_PASSWORD": password})
    # What every run must leave: the source as it was, no server, no run directory.
    check(cli("DBSIZE") == str(SOURCE_KEYS), name + ": the source still holds its keys")
    check(cli("--scan", "--pattern", "drsim*") == "", name + ": no drsim key left on the source")
    check_nothing_left(name, state, "redis-server")
    return out


# 1. Green: drsim fetches the snapshot, heartbeat on, probes of three types.
out = drill("fetch", """heartbeat:
  interval: 100 ms
verify:
  probes:
    - {name: config-version, command: [HGET, config, version], expect: '42'}
    - {name: queue-length, command: [LLEN, queue], expect: '3'}
    - {name: user-7, command: [GET, 'user:7'], expect: name-7}
objectives:
  rto: 1 min
  rpo: 10 s
""")
check(out["rc"] == 0, "fetch: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t = out.get("target", {})
check(t.get("rto_s") is not None and 0 < t["rto_s"] < 30, "fetch: RTO in (0, 30) s: %s" % t.get("rto_s"))
# The snapshot is taken once the source has waited out repl-diskless-sync-delay; beats go on
# until the declared loss, so the RPO is the transfer and the steps after it: well under 5 s.
check(t.get("rpo_s") is not None and 0 <= t["rpo_s"] < 5, "fetch: RPO in [0, 5) s: %s" % t.get("rpo_s"))
steps = [s["name"] for s in out["journal"]["steps"]]
check(steps == ["preflight", "heartbeat", "backup", "declare_loss", "restore", "verify_backup",
                "start_server", "answers_queries", "writable", "measure_rpo", "verify_keys",
                "sample_values", "probes", "cleanup"], "fetch: the steps, got %s" % steps)
ev = out["journal"]["evidence"]
check(ev["keys"] == {"restored": SOURCE_KEYS + 1, "snapshot": SOURCE_KEYS + 1},
      "fetch: every key and the heartbeat restored: %s" % ev["keys"])
check(ev["restore"]["step"] == "restore" and ev["restore"]["bytes"] > 10000,
      "fetch: restore bytes recorded: %s" % ev["restore"])

# An RDB file of the source, as a backup job would have written it.
rdb = os.path.join(work, "dump.rdb")
subprocess.run(["redis-cli", "-p", PORT, "--askpass", "--rdb", rdb], input=PASSWORD + "\n",
               capture_output=True, text=True, check=True)

# 2. Green: an existing file.
existing = "backup:\n  take: false\n  rdb_file: %s\nobjectives:\n  rto: 1 min\n"
out = drill("existing", existing % rdb)
check(out["rc"] == 0, "existing: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
check(out["journal"]["evidence"]["keys"]["restored"] == SOURCE_KEYS, "existing: every key restored")
check(out.get("target", {}).get("rpo_s", -1) >= 0, "existing: the snapshot's age is the RPO")

# 3. Red: the file's checksum broken (its last byte changed).
bad = os.path.join(work, "bad.rdb")
shutil.copy(rdb, bad)
with open(bad, "r+b") as f:
    f.seek(-1, os.SEEK_END)
    last = f.read(1)
    f.seek(-1, os.SEEK_END)
    f.write(bytes([last[0] ^ 0xFF]))
out = drill("crc", existing % bad)
check(out["rc"] == 1, "crc: exit 1, got %d" % out["rc"])
check("  reason: the RDB snapshot is damaged: RDB CRC error (redis-check-rdb)\n" in out["stdout"],
      "crc: the reason, got %s" % out["stdout"])

# 4. Red: the file cut short.
short = os.path.join(work, "short.rdb")
with open(rdb, "rb") as f:
    data = f.read()
with open(short, "wb") as f:
    f.write(data[: len(data) // 2])
out = drill("truncated", existing % short)
check(out["rc"] == 1, "truncated: exit 1, got %d" % out["rc"])
check("  reason: the RDB snapshot is damaged: " in out["stdout"],
      "truncated: the reason, got %s" % out["stdout"])

# 5. Red: a probe that does not hold on the restored copy.
out = drill("probe", existing % rdb + """verify:
  probes:
    - {name: user-7, command: [GET, 'user:7'], expect: someone-else}
""")
check(out["rc"] == 1, "probe: exit 1, got %d" % out["rc"])
check("  reason: probe user-7: expected 'someone-else', got 'name-7'\n" in out["stdout"],
      "probe: the reason, got %s" % out["stdout"])

# 5b. Green: the source's own AOF directory (AOF turned on for the test), copied at the loss and
# replayed by the scratch server; the heartbeat, written up to the loss, gives the RPO.
cli("CONFIG", "SET", "appendonly", "yes")
while "aof_rewrite_in_progress:0" not in cli("INFO", "persistence") or \
        "aof_enabled:1" not in cli("INFO", "persistence"):
    time.sleep(0.05)
aof_dir = os.path.join(conf["REDIS_DIR"], "appendonlydir")
out = drill("aof", """method: aof
backup:
  aof_dir: %s
heartbeat:
  interval: 100 ms
verify:
  probes:
    - {name: config-version, command: [HGET, config, version], expect: '42'}
""" % aof_dir, method="aof")
check(out["rc"] == 0, "aof: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t = out.get("target", {})
check(t.get("rpo_s") is not None and 0 <= t["rpo_s"] < 2, "aof: RPO in [0, 2) s: %s" % t.get("rpo_s"))
ev = out.get("journal", {}).get("evidence", {})
check(ev.get("sampled") == {"keys": 100, "equal": 100}, "aof: 100 sampled keys equal: %s"
      % ev.get("sampled"))

# 5c. Red: a copy of the AOF directory with a byte of a command changed.
damaged = os.path.join(work, "damaged-aof")
shutil.copytree(aof_dir, damaged)
incr = [f for f in os.listdir(damaged) if f.endswith(".incr.aof")][0]
with open(os.path.join(damaged, incr), "r+b") as f:
    body = f.read()
    at = body.find(b"\r\n", len(body) // 2)
    f.seek(at)
    f.write(b"XX")
out = drill("aof-damaged", "method: aof\nbackup:\n  aof_dir: %s\n" % damaged, method="aof")
check(out["rc"] == 1 and any(l.startswith("  reason: the AOF is damaged: Expected \\r\\n, got: ")
                             and l.endswith(" (redis-check-aof)")
                             for l in out["stdout"].splitlines()),
      "aof-damaged: exit 1 with the reason, got %d: %s" % (out["rc"], out["stdout"]))
cli("CONFIG", "SET", "appendonly", "no")

# 5d. Red: the source changed every user after the snapshot: the sampled values differ.
for i in range(1, 1001):
    cli("SET", "user:%d" % i, "changed-%d" % i)
out = drill("sampled", existing % rdb)
reasons = [l for l in out["stdout"].splitlines() if l.startswith("  reason: ")]
check(out["rc"] == 1 and any(re.match(r"  reason: \d+ of 100 sampled keys differ from the "
                                      r"source's value \(first: user:\d+\)$", l) for l in reasons),
      "sampled: exit 1 with the reason, got %d: %s" % (out["rc"], reasons))
for i in range(1, 1001):
    cli("SET", "user:%d" % i, "name-%d" % i)

# 6. Environment: a wrong password is refused before anything starts (exit 4).
out = drill("password", existing % rdb, password="wrong")
check(out["rc"] == 4, "password: exit 4, got %d" % out["rc"])
check("refused AUTH: WRONGPASS" in out["stderr"] and "wrong" not in out["stderr"].replace(
    "WRONGPASS", ""), "password: the error, without the password: %s" % out["stderr"])

# 6b. Environment: a tool in scratch.bin_dir that others may replace is refused (drsim runs it,
# as root in CI), as for PostgreSQL.
loose = os.path.join(work, "loose-bin")
os.mkdir(loose)
for tool in ("redis-server", "redis-cli", "redis-check-rdb"):
    shutil.copy("/usr/bin/" + tool, loose)
os.chmod(os.path.join(loose, "redis-cli"), 0o777)
spec = os.path.join(work, "untrusted.yaml")
with open(spec, "w") as f:
    f.write("drill: untrusted\ntarget: redis\nmethod: rdb\nsource:\n  address: 127.0.0.1:%s\n"
            "  password_env: DRILL_REDIS_PASSWORD\nbackup: {take: false, rdb_file: %s}\n"
            "scratch: {dir: %s, bin_dir: %s}\n" % (PORT, rdb, state, loose))
out = run_drill(drsim, spec, {"DRILL_REDIS_PASSWORD": PASSWORD})
check(out["rc"] == 4 and "refusing to run %s/redis-cli: %s/redis-cli is writable by group or "
      "others" % (loose, loose) in out["stderr"], "untrusted: refused, got %d: %s"
      % (out["rc"], out["stderr"]))
check_nothing_left("untrusted", state, "redis-server")

# 7. Interrupted: SIGTERM while the restored server is held up for inspection ends the drill
# with 143 after everything it started is gone (drill() checks that).
spec = os.path.join(work, "held.yaml")
with open(spec, "w") as f:
    f.write("drill: held\ntarget: redis\nmethod: rdb\nsource:\n  address: 127.0.0.1:%s\n"
            "  password_env: DRILL_REDIS_PASSWORD\nbackup: {take: false, rdb_file: %s}\n"
            "heartbeat: {interval: 100 ms}\nscratch:\n  dir: %s\n  keep_for: 1 min\n"
            % (PORT, rdb, state))
proc = subprocess.Popen([drsim, "drill", "run", spec, "--no-history"], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True,
                        env={"DRILL_REDIS_PASSWORD": PASSWORD, "PATH": "/usr/bin:/bin"})
seen = ""
for line in proc.stdout:
    seen += line
    if line.startswith("  hold ..."):
        proc.terminate()
        break
seen += proc.stdout.read()
check(proc.wait(timeout=60) == 143, "held: SIGTERM exits 143, got %s: %s" % (proc.returncode, seen))
check("everything the drill started was stopped and removed" in seen, "held: says it cleaned up")
check(cli("DBSIZE") == str(SOURCE_KEYS), "held: the source still holds its keys")
check(cli("--scan", "--pattern", "drsim*") == "", "held: the heartbeat key is deleted")
check_nothing_left("held", state, "redis-server")

# 8. Killed: SIGKILL leaves the scratch server running; `drsim drill cleanup` stops it and removes
# the run directory (the heartbeat key is the source's to delete: the reaper never touches a
# source).
proc = subprocess.Popen([drsim, "drill", "run", spec, "--no-history"], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True,
                        env={"DRILL_REDIS_PASSWORD": PASSWORD, "PATH": "/usr/bin:/bin"})
for line in proc.stdout:
    if line.startswith("  hold ..."):
        proc.kill()
        break
proc.wait(timeout=60)
check(subprocess.run(["pgrep", "-f", "redis-server.*" + re.escape(state)],
                     capture_output=True).stdout != b"", "killed: the scratch server outlives drsim")
reaped = subprocess.run([drsim, "drill", "cleanup", spec], capture_output=True, text=True)
check(reaped.returncode == 0 and "1 leftover run removed, 1 process stopped" in reaped.stdout,
      "killed: drill cleanup reaps it: %s" % reaped.stdout)
check_nothing_left("killed", state, "redis-server")
for key in cli("--scan", "--pattern", "drsim*").split():
    cli("DEL", key)

shutil.rmtree(work, ignore_errors=True)
finish("Redis")
