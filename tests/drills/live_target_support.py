"""What the live drill tests of the key-value targets (live_redis_test.py, live_etcd_test.py)
share: reading a fixture's env file, running `drsim drill run` on a spec and reading back its
result and journal, checking what a run may not leave behind, and counting failed checks."""
import json
import os
import re
import subprocess
import sys

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAILED: " + what)


def finish(name):
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all live %s drill checks passed" % name)


def read_env(path):
    conf = {}
    for line in open(path):
        key, _, value = line.strip().partition("=")
        conf[key] = value
    return conf


def run_drill(drsim, spec, env):
    """Runs `drsim drill run SPEC -q` with only `env` (and PATH) in its environment."""
    base = os.path.splitext(spec)[0]
    result, journal = base + ".result.json", base + ".journal.json"
    run = subprocess.run([drsim, "drill", "run", spec, "--no-history", "-q", "--result", result,
                          "--journal", journal], capture_output=True, text=True,
                         env=dict(env, PATH="/usr/bin:/bin"))
    out = {"rc": run.returncode, "stdout": run.stdout, "stderr": run.stderr}
    if os.path.exists(result):
        out["target"] = json.load(open(result))["scenarios"][0]["services"][0]
    if os.path.exists(journal):
        out["journal"] = json.load(open(journal))
    return out


def check_nothing_left(name, state, server_pattern):
    """No run directory under the state root and no scratch server process of the state root."""
    runs = os.path.join(state, "drsim-runs")
    left = [e for e in os.listdir(runs) if not e.startswith(".")] if os.path.isdir(runs) else []
    check(left == [], name + ": no run directory left, found %s" % left)
    ps = subprocess.run(["pgrep", "-f", server_pattern + ".*" + re.escape(state)],
                        capture_output=True, text=True).stdout.strip()
    check(ps == "", name + ": no scratch server left, found pids %s" % ps)
