#!/usr/bin/python3
"""examples/schedules/ and examples/monitoring/ as a user installs them:
* the systemd service and timer pass `systemd-analyze verify` (with this build's drsim in
  ExecStart and its man page for Documentation=), and the timer fires on Sundays at 03:00;
* the cron line is a valid /etc/cron.d entry for Sundays at 03:00, as root;
* the Kubernetes manifest is a batch/v1 CronJob on the same schedule, one run at a time;
* all three run the same drsim command, and drsim accepts it (as --dry-run, on the bundled drill);
* the alerting rules pass `promtool check rules` and their unit tests (`promtool test rules`).
Usage: schedules_test.py DRSIM (run from the source tree)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = "examples/schedules"


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def service_args():
    text = open(f"{HERE}/drsim-drill@.service").read().replace("\\\n", " ")
    line = next(l for l in text.splitlines() if l.startswith("ExecStart="))
    words = line[len("ExecStart="):].split()
    check(words[0] == "/usr/local/bin/drsim", f"ExecStart runs {words[0]}")
    # %i is the instance: the drill's file name without .yaml.
    return [w.replace("%i", "orders-logical") for w in words[1:]]


def cron_args():
    lines = [l for l in open(f"{HERE}/drsim-drill.cron") if l.strip() and not l.startswith("#")]
    entries = [l.split() for l in lines if not re.match(r"^[A-Z_]+=", l)]
    check(len(entries) == 1, f"one cron entry, not {len(entries)}")
    fields = entries[0]
    ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
    for value, (lo, hi) in zip(fields[:5], ranges):
        if value == "*":
            continue
        check(value.isdigit() and lo <= int(value) <= hi, f"cron field {value} not in {lo}-{hi}")
    check(fields[:5] == ["0", "3", "*", "*", "0"], f"cron schedule {fields[:5]}")
    check(fields[5] == "root", f"cron user {fields[5]}")
    check(fields[6] == "drsim", f"cron command {fields[6]}")
    check("%" not in " ".join(fields), "a % in a cron command is a newline to cron")
    return fields[7:]


def cronjob_args():
    doc = yaml.safe_load(open(f"{HERE}/drsim-drill-cronjob.yaml"))
    check(doc["apiVersion"] == "batch/v1" and doc["kind"] == "CronJob", "not a batch/v1 CronJob")
    spec = doc["spec"]
    check(spec["schedule"] == "0 3 * * 0", f"CronJob schedule {spec['schedule']}")
    check(spec["concurrencyPolicy"] == "Forbid", "two drills of one target may run at once")
    pod = spec["jobTemplate"]["spec"]["template"]["spec"]
    check(pod["restartPolicy"] == "Never", "a failed drill is restarted in place")
    check(spec["jobTemplate"]["spec"]["backoffLimit"] == 0, "a failed drill is retried")
    (container,) = pod["containers"]
    check(container["command"] == ["drsim"], f"container command {container['command']}")
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    volumes = {v["name"] for v in pod["volumes"]}
    check(set(mounts) == volumes, f"mounts {sorted(mounts)} against volumes {sorted(volumes)}")
    check(mounts["state"] == "/var/lib/drsim", "the history is not on the persistent volume")
    return container["args"]


def main():
    drsim = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="drsim-schedules-")
    try:
        # systemd: the units as installed for the drill orders-logical, this build's drsim.
        units = os.path.join(tmp, "units")
        os.makedirs(units)
        for kind in ("service", "timer"):
            text = open(f"{HERE}/drsim-drill@.{kind}").read()
            with open(f"{units}/drsim-drill@orders-logical.{kind}", "w") as f:
                f.write(text.replace("/usr/local/bin/drsim", drsim))
        man = os.path.join(tmp, "man", "man1")
        os.makedirs(man)
        with open(f"{man}/drsim.1", "w") as f:
            f.write(run([drsim, "manpage"], check=True).stdout)
        env = dict(os.environ, MANPATH=os.path.join(tmp, "man"))
        verified = run(["systemd-analyze", "verify",
                        f"{units}/drsim-drill@orders-logical.service",
                        f"{units}/drsim-drill@orders-logical.timer"], env=env)
        check(verified.returncode == 0 and verified.stderr == "",
              f"systemd-analyze verify: {verified.returncode}\n{verified.stderr}")
        timer = open(f"{HERE}/drsim-drill@.timer").read()
        calendar = re.search(r"^OnCalendar=(.*)$", timer, re.M).group(1)
        when = run(["systemd-analyze", "calendar", "--iterations=3", calendar], check=True).stdout
        elapses = re.findall(r"(?:Next elapse|Iter\. #\d): (\w+) \S+ (\S+)", when)
        check(elapses == [("Sun", "03:00:00")] * 3, f"the timer fires at {elapses}")

        args = service_args()
        check(cron_args() == args, f"cron runs {cron_args()}, systemd {args}")
        check(cronjob_args() == args, f"the CronJob runs {cronjob_args()}, systemd {args}")

        # drsim takes the command as written: the bundled drill in place of /etc/drsim's copy.
        check(args[:3] == ["drill", "run", "/etc/drsim/drills/orders-logical.yaml"], f"{args[:3]}")
        dry = run([drsim] + args[:2] + ["examples/drills/orders-logical.yaml"] + args[3:] +
                  ["--dry-run"])
        check(dry.returncode == 0, f"drsim refuses the scheduled command: {dry.stderr}")
        check("orders-logical" in dry.stdout, f"the dry run printed {dry.stdout!r}")

        # The alerting rules of examples/monitoring.
        rules = run(["promtool", "check", "rules", "examples/monitoring/drsim-alerts.yml"])
        check(rules.returncode == 0 and "SUCCESS: 4 rules found" in rules.stdout,
              f"promtool check rules: {rules.stdout}{rules.stderr}")
        tested = run(["promtool", "test", "rules", "drsim-alerts.test.yml"],
                     cwd="examples/monitoring")
        check(tested.returncode == 0 and "SUCCESS" in tested.stdout,
              f"promtool test rules: {tested.stdout}{tested.stderr}")
    finally:
        shutil.rmtree(tmp)
    print("schedules: systemd units, cron line, CronJob and alert rules check out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
