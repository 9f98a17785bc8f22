#!/usr/bin/python3
"""Live etcd drills (docs/drill-format.md "etcd") against the private source the
drills_etcd_source fixture starts (etcd_source.sh: authentication on): a snapshot drsim takes,
restored with a heartbeat and a probe (green); an existing snapshot file, whole (green), with a
byte of its data changed (red), with a probe that does not hold (red); a wrong password (exit 4).
Against the TLS source (etcd_source.sh --tls, fixture drills_etcd_tls_source): the snapshot drsim
takes and the existing file over TLS with a client certificate (green); a CA that did not sign
the source's certificate, and no client certificate (exit 4). After every run: the source holds
what it held (no drsim key left), no scratch member runs, the run directory is gone.

usage: live_etcd_test.py ENV_FILE DRSIM_EXE
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_target_support import check, check_nothing_left, finish, read_env, run_drill  # noqa: E402

env_file, drsim = sys.argv[1], sys.argv[2]
conf = read_env(env_file)
ENDPOINT, PASSWORD = conf["ETCD_ENDPOINT"], conf["ETCD_PASSWORD"]
TLS = conf.get("ETCD_TLS_DIR", "")
SOURCE_KEYS = 50  # etcd_source.sh: 49 keys and /config/version under /config/


def tls_block(ca="ca", client=True):
    """The drill file's source.tls for the TLS source: `ca` signs what drsim trusts."""
    if not TLS:
        return ""
    block = "  tls:\n    ca_file: %s/%s.crt\n" % (TLS, ca)
    if client:
        block += "    cert_file: %s/client.crt\n    key_file: %s/client.key\n" % (TLS, TLS)
    return block


def ctl(*args):
    where = ["--endpoints", ENDPOINT]
    if TLS:
        where = ["--endpoints", "https://" + ENDPOINT, "--cacert", TLS + "/ca.crt", "--cert",
                 TLS + "/client.crt", "--key", TLS + "/client.key"]
    out = subprocess.run(["etcdctl"] + where + ["--user", "root"] + list(args),
                         input=PASSWORD + "\n", capture_output=True, text=True, check=True)
    return out.stdout


def source_keys():
    out = ctl("get", "", "--prefix", "--keys-only", "-w", "json")
    doc = json.loads([line for line in out.splitlines() if line.startswith('{"header"')][0])
    return len(doc.get("kvs", []))


work = tempfile.mkdtemp(prefix="drsim-etcd-test-")
state = os.path.join(work, "state")


def drill(name, body, password=PASSWORD, tls=None):
    spec = os.path.join(work, name + ".yaml")
    with open(spec, "w") as f:
        f.write("drill: %s\ntarget: etcd\nmethod: snapshot\nsource:\n  endpoint: %s\n"
                "  user: root\n  password_env: DRILL_ETCD_PASSWORD\n%sscratch:\n  dir: %s\n%s"
                % (name, ENDPOINT, tls_block() if tls is None else tls, state, body))
    out = run_drill(drsim, spec, {"DRILL_ETCD_PASSWORD": password})
    # What every run must leave: the source as it was, no member, no run directory.
    check(source_keys() == SOURCE_KEYS, name + ": the source holds its keys and no drsim key")
    check_nothing_left(name, state, "etcd --name=drsim")
    return out


# 1. Green: drsim takes the snapshot, heartbeat on, a probe.
out = drill("take", """heartbeat:
  interval: 100 ms
verify:
  probes:
    - {name: version, key: /config/version, expect: '42'}
objectives:
  rto: 1 min
  rpo: 10 s
""")
check(out["rc"] == 0, "take: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t = out.get("target", {})
check(t.get("rto_s") is not None and 0 < t["rto_s"] < 30, "take: RTO in (0, 30) s: %s" % t.get("rto_s"))
check(t.get("rpo_s") is not None and 0 <= t["rpo_s"] < 5, "take: RPO in [0, 5) s: %s" % t.get("rpo_s"))
steps = [s["name"] for s in out["journal"]["steps"]]
check(steps == ["preflight", "heartbeat", "backup", "declare_loss", "verify_backup", "restore",
                "start_server", "answers_queries", "writable", "measure_rpo", "verify_keys",
                "probes", "cleanup"], "take: the steps, got %s" % steps)
check(out["journal"]["evidence"]["keys"]["restored"] == SOURCE_KEYS + 1,
      "take: every key and the heartbeat restored: %s" % out["journal"]["evidence"]["keys"])

# A snapshot file of the source, as a backup job would have written it.
snap = os.path.join(work, "snap.db")
ctl("snapshot", "save", snap)

# 2. Green: an existing file.
existing = "backup:\n  take: false\n  snapshot_file: %s\nobjectives:\n  rto: 1 min\n"
out = drill("existing", existing % snap)
check(out["rc"] == 0, "existing: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
check(out["journal"]["evidence"]["keys"]["restored"] == SOURCE_KEYS, "existing: every key restored")

if TLS:
    # 3. Environment: a CA that did not sign the source's certificate (exit 4).
    out = drill("other-ca", existing % snap, tls=tls_block(ca="other-ca"))
    check(out["rc"] == 4 and "cannot reach the etcd source at %s: " % ENDPOINT in out["stderr"]
          and "the certificate of %s does not verify against %s/other-ca.crt: unable to get local "
          "issuer certificate" % (ENDPOINT, TLS) in out["stderr"],
          "other-ca: exit 4 naming the certificate, got %d: %s" % (out["rc"], out["stderr"]))
    # 4. Environment: the source wants a client certificate and is shown none (exit 4).
    out = drill("no-client-cert", existing % snap, tls=tls_block(client=False))
    check(out["rc"] == 4 and "cannot reach the etcd source at %s: it asks for a client "
          "certificate and source.tls gives none (" % ENDPOINT in out["stderr"],
          "no-client-cert: exit 4, got %d: %s" % (out["rc"], out["stderr"]))
    shutil.rmtree(work, ignore_errors=True)
    finish("etcd (TLS)")
    sys.exit(0)

# 3. Red: one byte of the snapshot's data changed: its hash no longer holds.
bad = os.path.join(work, "bad.db")
shutil.copy(snap, bad)
with open(bad, "r+b") as f:
    data = f.read()
    at = data.find(b"value-17")
    f.seek(at)
    f.write(b"VALUE-17")
out = drill("damaged", existing % bad)
check(out["rc"] == 1, "damaged: exit 1, got %d: %s" % (out["rc"], out["stdout"]))
check("  reason: the snapshot is damaged: its SHA-256 does not match the one it carries (etcdctl "
      "snapshot restore)\n" in out["stdout"], "damaged: the reason, got %s" % out["stdout"])

# 4. Red: a probe that does not hold on the restored copy.
out = drill("probe", existing % snap + """verify:
  probes:
    - {name: version, key: /config/version, expect: '41'}
""")
check(out["rc"] == 1, "probe: exit 1, got %d" % out["rc"])
check("  reason: probe version: expected '41', got '42'\n" in out["stdout"],
      "probe: the reason, got %s" % out["stdout"])

# 5. Environment: a wrong password is refused before anything starts (exit 4).
out = drill("password", existing % snap, password="wrong")
check(out["rc"] == 4, "password: exit 4, got %d: %s" % (out["rc"], out["stderr"]))
check("authentication failed" in out["stderr"] and "wrong" not in out["stderr"],
      "password: the error, without the password: %s" % out["stderr"])

shutil.rmtree(work, ignore_errors=True)
finish("etcd")
