#!/usr/bin/python3
"""Live MariaDB drills (docs/drill-format.md "MariaDB") against the private source the
drills_mariadb_source fixture starts (mariadb_source.sh: binary log on, a drill user with a
password): a physical backup drsim takes, rolled forward with the binary logs, a dump drsim
takes, caught up to the reference point, and a replica promoted at the reference point, all while
a writer keeps inserting and updating (green: every table equals the source's at the same binary
log position); a replica promoted with all it received (green); an existing backup
recovered to a target time (green); binary logs with a damaged event, a dump cut short, a dump
with a broken statement, a probe that does not hold (red); a wrong password (exit 4); a killed
runner whose scratch server `drsim drill cleanup` stops. After every run: the source's tables
hold what they held, no heartbeat row is left, no scratch server runs, no run directory is left.

usage: live_mariadb_test.py ENV_FILE DRSIM_EXE
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_target_support import check, check_nothing_left, finish, read_env, run_drill  # noqa: E402

env_file, drsim = sys.argv[1], sys.argv[2]
conf = read_env(env_file)
PORT, PASSWORD = conf["MARIADB_PORT"], conf["MARIADB_PASSWORD"]
SOCKET, DATADIR = conf["MARIADB_SOCKET"], conf["MARIADB_DATADIR"]
ROOT = ["--no-defaults", "--socket=" + SOCKET, "--user=root"]


def sql(statement):
    out = subprocess.run(["mariadb"] + ROOT + ["-N", "-B", "-e", statement], capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


def source_state():
    """What a drill must not change on the source: its tables' checksums, and no heartbeat row."""
    sums = sql("CHECKSUM TABLE shop.orders, shop.customers EXTENDED")
    beats = sql("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'drsim'")
    rows = sql("SELECT COUNT(*) FROM drsim.drsim_heartbeat") if beats != "0" else "0"
    return sums, rows


class Writer:
    """Inserts and updates on the source while a drill runs (statements of several
    transactions a second), so the backup, the reference and the loss all fall mid-stream."""

    def __init__(self):
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        i = 0
        while not self.stop.is_set():
            i += 1
            sql("INSERT INTO shop.orders (customer, amount, placed) VALUES (%d, %d.5, NOW(3)); "
                "UPDATE shop.customers SET balance = balance + 1 WHERE id = %d"
                % (1 + i % 200, i, 1 + i % 200))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *args):
        self.stop.set()
        self.thread.join()


work = tempfile.mkdtemp(prefix="drsim-mariadb-test-")
os.chmod(work, 0o755)
state = os.path.join(work, "state")


def drill(name, method, body, password=PASSWORD, writes=False):
    spec = os.path.join(work, name + ".yaml")
    with open(spec, "w") as f:
        f.write("drill: %s\ntarget: mariadb\nmethod: %s\nsource:\n  address: 127.0.0.1:%s\n"
                "  user: drill\n  password_env: DRILL_MARIADB_PASSWORD\nscratch:\n  dir: %s\n%s"
                % (name, method, PORT, state, body))
    before = source_state()
    if writes:
        with Writer():
            out = run_drill(drsim, spec, {"DRILL_MARIADB_PASSWORD": password})
        before = None  # the writer changed the source: only the heartbeat rows are checked
    else:
        out = run_drill(drsim, spec, {"DRILL_MARIADB_PASSWORD": password})
    after = source_state()
    if before:
        check(after == before, name + ": the source's tables are unchanged")
    check(after[1] == "0", name + ": no heartbeat row left on the source, found %s" % after[1])
    check_nothing_left(name, state, "mariadbd")
    return out


def steps_of(out):
    return [s["name"] for s in out.get("journal", {}).get("steps", [])]


def reasons(out):
    return [l[len("  reason: "):] for l in out["stdout"].splitlines() if l.startswith("  reason: ")]


# 1. Green: a physical backup drsim takes, rolled forward with the binary logs to the reference
# point, while a writer keeps writing: every table equals the source's at that position.
out = drill("physical", "physical", """backup:
  binlog_dir: %s
heartbeat:
  interval: 100 ms
verify:
  probes:
    - {name: customers, sql: 'select count(*) from shop.customers', expect: '200'}
objectives:
  rto: 1 min
  rpo: 10 s
""" % DATADIR, writes=True)
check(out["rc"] == 0, "physical: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t = out.get("target", {})
check(t.get("rto_s") is not None and 0 < t["rto_s"] < 30, "physical: RTO in (0, 30) s: %s" % t.get("rto_s"))
# Replayed to the reference point, taken after the last beat: nothing of the heartbeat is lost.
check(t.get("rpo_s") == 0, "physical: RPO 0 s (binary logs replayed): %s" % t.get("rpo_s"))
check(steps_of(out) == ["preflight", "heartbeat", "backup", "reference", "declare_loss", "restore",
                        "start_server", "replay_binlogs", "answers_queries", "writable",
                        "measure_rpo", "verify_tables", "check_tables", "probes", "cleanup"],
      "physical: the steps, got %s" % steps_of(out))
ev = out.get("journal", {}).get("evidence", {})
check(sorted(ev.get("reference", {}).get("tables", {})) == ["shop.customers", "shop.orders"],
      "physical: the reference holds both tables (not the heartbeat's): %s" % ev.get("reference"))
check(ev.get("restore", {}).get("bytes", 0) > 1000000, "physical: restore bytes: %s" % ev.get("restore"))

# 2. Green: a dump drsim takes while the writer writes; no binary logs to replay, so the RPO is
# the dump's age, and the copy is caught up from the source's binary log to compare exactly.
out = drill("logical", "logical", """heartbeat:
  interval: 100 ms
objectives:
  rto: 1 min
""", writes=True)
check(out["rc"] == 0, "logical: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t = out.get("target", {})
check(t.get("rpo_s") is not None and 0 < t["rpo_s"] < 10, "logical: RPO in (0, 10) s: %s" % t.get("rpo_s"))
check(steps_of(out) == ["preflight", "heartbeat", "backup", "provision", "reference",
                        "declare_loss", "restore", "answers_queries", "writable", "measure_rpo",
                        "catch_up", "verify_tables", "check_tables", "cleanup"],
      "logical: the steps, got %s" % steps_of(out))

# 2b. Green: replica failover while the writer writes: the replica is held at the reference
# point, promoted, and equals the source there; no heartbeat row lost.
out = drill("failover", "failover", """backup: {loss_after: 1 s}
heartbeat:
  interval: 100 ms
objectives:
  rto: 10 s
  rpo: 1 s
""", writes=True)
check(out["rc"] == 0, "failover: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t = out.get("target", {})
check(t.get("rpo_s") == 0, "failover: RPO 0 s (caught up on loopback): %s" % t.get("rpo_s"))
check(steps_of(out) == ["preflight", "heartbeat", "backup", "provision", "catch_up", "reference",
                        "declare_loss", "promote", "answers_queries", "writable", "measure_rpo",
                        "verify_tables", "check_tables", "cleanup"],
      "failover: the steps, got %s" % steps_of(out))
replica = out.get("journal", {}).get("evidence", {}).get("replica", {})
check(replica.get("promoted_at") == out["journal"]["evidence"]["reference"]["position"],
      "failover: promoted at the reference position: %s" % replica)

# 2c. Green: failover without comparing tables: everything received is executed, then promoted.
out = drill("failover-plain", "failover", "verify: {compare_tables: false}\n", writes=True)
check(out["rc"] == 0, "failover-plain: exit 0, got %d: %s%s" % (out["rc"], out["stdout"],
                                                               out["stderr"]))
replica = out.get("journal", {}).get("evidence", {}).get("replica", {})
check(replica.get("promoted_at") == replica.get("received_end") is not None,
      "failover-plain: promoted with all it received: %s" % replica)

# 2d. Red: a probe that does not hold on the promoted replica.
out = drill("failover-probe", "failover", """verify:
  probes:
    - {name: customers, sql: 'select count(*) from shop.customers', expect: '201'}
""")
check(out["rc"] == 1 and reasons(out) == ["probe customers: expected '201', got '200'"],
      "failover-probe: exit 1 with the reason, got %d %s" % (out["rc"], reasons(out)))

# An existing physical backup and dump, as backup jobs would have written them.
backup_dir = os.path.join(work, "backup")
subprocess.run(["mariabackup"] + ROOT + ["--backup", "--target-dir=" + backup_dir,
                                         "--datadir=" + DATADIR], capture_output=True, check=True)
dump = os.path.join(work, "shop.sql")
subprocess.run(["mariadb-dump"] + ROOT + ["--single-transaction", "--master-data=2",
                                          "--result-file=" + dump, "--databases", "shop", "drsim"],
               capture_output=True, check=True)
before_pitr = int(sql("SELECT COUNT(*) FROM shop.orders"))

# 3. Green: point-in-time recovery of the existing backup to a time between two batches (customer
# ids of this run's own, so a rerun against the same source holds).
before, after = 700000 + os.getpid() % 100000 * 2, 700001 + os.getpid() % 100000 * 2
sql("INSERT INTO shop.orders (customer, amount, placed) SELECT %d, seq, NOW() FROM shop.seq_1_to_10"
    % before)
time.sleep(1.2)
target = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
time.sleep(1.2)
sql("INSERT INTO shop.orders (customer, amount, placed) SELECT %d, seq, NOW() FROM shop.seq_1_to_10"
    % after)
out = drill("pitr", "physical", """backup:
  take: false
  backup_dir: %s
  binlog_dir: %s
recovery:
  target_time: '%s'
verify:
  probes:
    - {name: before-target, sql: 'select count(*) from shop.orders where customer = %d', expect: '10'}
    - {name: after-target, sql: 'select count(*) from shop.orders where customer = %d', expect: '0'}
    - {name: all-before, sql: 'select count(*) from shop.orders', expect: '%d'}
""" % (backup_dir, DATADIR, target, before, after, before_pitr + 10))
check(out["rc"] == 0, "pitr: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
check("replay_binlogs" in steps_of(out) and "verify_tables" not in steps_of(out),
      "pitr: replayed, tables not compared (the source moved on): %s" % steps_of(out))

# 4. Red: the binary logs with one event damaged after the backup's position.
binlogs = os.path.join(work, "binlogs")
os.mkdir(binlogs)
for name in os.listdir(DATADIR):
    if re.match(r"binlog\.\d{6}$", name):
        shutil.copy(os.path.join(DATADIR, name), binlogs)
start = int(open(os.path.join(backup_dir, "xtrabackup_binlog_info")).read().split()[1])
newest = os.path.join(binlogs, sorted(os.listdir(binlogs))[-1])
with open(newest, "r+b") as f:
    f.seek(start + 300)
    byte = f.read(1)
    f.seek(start + 300)
    f.write(bytes([byte[0] ^ 0xFF]))
out = drill("damaged-binlog", "physical", "backup:\n  take: false\n  backup_dir: %s\n"
            "  binlog_dir: %s\n" % (backup_dir, binlogs))
check(out["rc"] == 1, "damaged-binlog: exit 1, got %d: %s" % (out["rc"], out["stdout"]))
check(any(r.startswith("the binary logs are damaged: Error in Log_event::read_log_event(): "
                       "'Event crc check failed!") for r in reasons(out)),
      "damaged-binlog: the reason, got %s" % reasons(out))

# 5. Green: the existing dump, caught up to the reference point from the source's binary log.
existing = "backup:\n  take: false\n  dump_file: %s\n"
out = drill("dump", "logical", existing % dump + "objectives:\n  rto: 1 min\n")
check(out["rc"] == 0, "dump: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
check("catch_up" in steps_of(out), "dump: caught up: %s" % steps_of(out))

# 6. Red: the dump cut short.
short = os.path.join(work, "short.sql")
data = open(dump, "rb").read()
open(short, "wb").write(data[: len(data) // 2])
out = drill("short-dump", "logical", existing % short)
check(out["rc"] == 1, "short-dump: exit 1, got %d" % out["rc"])
check(reasons(out) == ["the dump file %s is incomplete: it does not end with mariadb-dump's "
                       "'Dump completed' line" % short], "short-dump: the reason, got %s" % reasons(out))

# 7. Red: a statement of the dump broken.
broken = os.path.join(work, "broken.sql")
open(broken, "wb").write(data.replace(b"INSERT INTO `orders` VALUES", b"INSERT INTO `orders` VALUE5", 1))
out = drill("broken-dump", "logical", existing % broken)
check(out["rc"] == 1, "broken-dump: exit 1, got %d" % out["rc"])
check(len(reasons(out)) == 1 and reasons(out)[0].startswith(
    "loading the dump failed (exit 1): ERROR 1064 (42000) at line "),
      "broken-dump: the reason, got %s" % reasons(out))

# 8. Red: a probe that does not hold on the restored copy.
out = drill("probe", "logical", existing % dump + """verify:
  probes:
    - {name: customer-7, sql: 'select name is null from shop.customers where id = 7', expect: '0'}
""")
check(out["rc"] == 1 and reasons(out) == ["probe customer-7: expected '0', got '1'"],
      "probe: exit 1 with the reason, got %d %s" % (out["rc"], reasons(out)))

# 9. Environment: a wrong password is refused before anything starts (exit 4), and not shown.
out = drill("password", "logical", existing % dump, password="wrong-password")
check(out["rc"] == 4, "password: exit 4, got %d" % out["rc"])
check("Access denied for user 'drill'" in out["stderr"] and "wrong-password" not in out["stderr"],
      "password: the error, without the password: %s" % out["stderr"])

# 10. Killed: SIGKILL while the restored server is held up leaves it running; `drsim drill
# cleanup` stops it and removes the run directory.
spec = os.path.join(work, "held.yaml")
with open(spec, "w") as f:
    f.write("drill: held\ntarget: mariadb\nmethod: logical\nsource:\n  address: 127.0.0.1:%s\n"
            "  user: drill\n  password_env: DRILL_MARIADB_PASSWORD\nbackup: {take: false, "
            "dump_file: %s}\nscratch:\n  dir: %s\n  keep_for: 1 min\n" % (PORT, dump, state))
proc = subprocess.Popen([drsim, "drill", "run", spec, "--no-history"], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True,
                        env={"DRILL_MARIADB_PASSWORD": PASSWORD, "PATH": "/usr/bin:/bin"})
for line in proc.stdout:
    if line.startswith("  hold ..."):
        proc.kill()
        break
proc.wait(timeout=60)
check(subprocess.run(["pgrep", "-f", "mariadbd.*" + re.escape(state)],
                     capture_output=True).stdout != b"", "killed: the scratch server outlives drsim")
reaped = subprocess.run([drsim, "drill", "cleanup", spec], capture_output=True, text=True)
check(reaped.returncode == 0 and "1 leftover run removed, 1 process stopped" in reaped.stdout,
      "killed: drill cleanup reaps it: %s" % reaped.stdout)
check_nothing_left("killed", state, "mariadbd")

shutil.rmtree(work, ignore_errors=True)
finish("MariaDB")
