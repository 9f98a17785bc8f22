#!/usr/bin/python3
"""Live S3 drills (docs/drill-format.md "S3 object store") against the private Swift store with
the S3 API the drills_s3_source fixture starts (swift_source.sh). The test sets up, with
botocore (Debian's python3-botocore, independent of drsim), a versioned source bucket with a
prefix of a few hundred small objects written in two batches (some overwritten, some deleted)
and secondary buckets. Green: method versions to a time between the batches (an object deleted
after it comes back, one created after it is absent, one overwritten after it has its old
content), method versions at the loss with a heartbeat, method copy from a complete secondary.
Red: a secondary missing an object / holding other content (probes fail, the loss is reported),
a failing probe, a wrong secret key (exit 4, the secret nowhere in the output), SIGTERM during the
restore (exit 143). After every run:
the source bucket's version listing is what it was, no scratch bucket and no heartbeat version
is left, the run directory is gone.

usage: live_s3_test.py ENV_FILE DRSIM_EXE
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import botocore.session
from botocore.config import Config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_target_support import check, check_nothing_left, finish, read_env, run_drill  # noqa: E402

env_file, drsim = sys.argv[1], sys.argv[2]
conf = read_env(env_file)
ENDPOINT, ACCESS, SECRET = conf["S3_ENDPOINT"], conf["S3_ACCESS_KEY"], conf["S3_SECRET_KEY"]
s3 = botocore.session.get_session().create_client(
    "s3", endpoint_url="http://" + ENDPOINT, region_name="us-east-1", aws_access_key_id=ACCESS,
    aws_secret_access_key=SECRET,
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 10}))

SRC, PREFIX = "drill-source", "app/"


def put(bucket, key, body):
    s3.put_object(Bucket=bucket, Key=key, Body=body.encode())


def versions(bucket):
    """Every version and delete marker of `bucket`: (key, version id, is a marker)."""
    out, kw = [], {}
    while True:
        page = s3.list_object_versions(Bucket=bucket, **kw)
        out += [(v["Key"], v["VersionId"], False) for v in page.get("Versions", [])]
        out += [(v["Key"], v["VersionId"], True) for v in page.get("DeleteMarkers", [])]
        if not page.get("IsTruncated"):
            return sorted(out)
        kw = {"KeyMarker": page["NextKeyMarker"],
              "VersionIdMarker": page.get("NextVersionIdMarker", "")}


def objects(bucket, prefix=""):
    out, kw = {}, {}
    while True:
        page = s3.list_objects_v2(Bucket=bucket, Prefix=prefix, **kw)
        for o in page.get("Contents", []):
            out[o["Key"]] = o["ETag"]
        if not page.get("IsTruncated"):
            return out
        kw = {"ContinuationToken": page["NextContinuationToken"]}


# The source: batch 1, then T (a whole second after it), then batch 2 a second after T.
s3.create_bucket(Bucket=SRC)
s3.put_bucket_versioning(Bucket=SRC, VersioningConfiguration={"Status": "Enabled"})
for i in range(300):
    put(SRC, "%sobj-%03d" % (PREFIX, i), "v1-%03d" % i)
for i in range(50):
    put(SRC, "%sobj-%03d" % (PREFIX, i), "v2-%03d" % i)
for i in range(250, 270):
    s3.delete_object(Bucket=SRC, Key="%sobj-%03d" % (PREFIX, i))
put(SRC, PREFIX + "dir/with space+plus.txt", "odd key")
put(SRC, "other/outside-the-prefix", "not restored")
time.sleep(1.05 - time.time() % 1)
T_EPOCH = int(time.time())
T = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(T_EPOCH))
time.sleep(1.05 - time.time() % 1)
s3.delete_object(Bucket=SRC, Key=PREFIX + "obj-100")  # deleted after T: comes back
put(SRC, PREFIX + "new-1", "created after T")  # absent at T
put(SRC, PREFIX + "obj-010", "v3-010")  # overwritten after T: v2 at T
AT_T = 300 - 20 + 1  # objects under the prefix at T
NOW = objects(SRC, PREFIX)  # the current objects: 281 - obj-100 + new-1

# Secondaries: a complete copy, and one missing an object and holding other content for another.
for bucket in ("drill-replica", "drill-replica-bad"):
    s3.create_bucket(Bucket=bucket)
    for key in NOW:
        s3.copy_object(Bucket=bucket, Key="copy/" + key[len(PREFIX):],
                       CopySource={"Bucket": SRC, "Key": key})
s3.delete_object(Bucket="drill-replica-bad", Key="copy/obj-005")
put("drill-replica-bad", "copy/obj-006", "damaged")
SOURCE_VERSIONS = versions(SRC)

work = tempfile.mkdtemp(prefix="drsim-s3-test-")
state = os.path.join(work, "state")


def drill(name, method, body, secret=SECRET):
    spec = os.path.join(work, name + ".yaml")
    with open(spec, "w") as f:
        f.write("drill: %s\ntarget: s3\nmethod: %s\nsource:\n  endpoint: %s\n  bucket: %s\n"
                "  prefix: %s\n  access_key_env: DRILL_S3_ACCESS\n  secret_key_env: DRILL_S3_SECRET\n"
                "scratch:\n  dir: %s\n%s" % (name, method, ENDPOINT, SRC, PREFIX, state, body))
    started = time.time()
    out = run_drill(drsim, spec, {"DRILL_S3_ACCESS": ACCESS, "DRILL_S3_SECRET": secret})
    out["seconds"] = time.time() - started
    # What every run must leave: the source's versions as they were, no scratch bucket, no
    # heartbeat version, no run directory.
    check(versions(SRC) == SOURCE_VERSIONS, name + ": the source's versions are unchanged")
    left = [b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].startswith("drsim-")]
    check(left == [], name + ": no scratch bucket left, found %s" % left)
    check_nothing_left(name, state, "drsim-no-server")
    check(SECRET not in out["stdout"] + out["stderr"], name + ": the secret key is not printed")
    return out


def reason(out, text):
    return "  reason: " + text + "\n" in out["stdout"]


# 1. Green: versions at T.
out = drill("at-time", "versions", """recovery:
  target_time: '%s'
verify:
  probes:
    - {name: deleted-after, key: app/obj-100, expect: v1-100}
    - {name: overwritten-after, key: app/obj-010, expect: v2-010}
    - {name: created-after, key: app/new-1, expect: '(no such object)'}
    - {name: deleted-before, key: app/obj-260, expect: '(no such object)'}
    - {name: odd-key, key: app/obj-299, expect: v1-299}
objectives:
  rto: 2 min
""" % T)
check(out["rc"] == 0, "at-time: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t, j = out.get("target", {}), out.get("journal", {})
steps = [s["name"] for s in j.get("steps", [])]
check(steps == ["preflight", "declare_loss", "list", "create_bucket", "restore", "writable",
                "measure_rpo", "verify_objects", "check_content", "probes", "cleanup"],
      "at-time: the steps, got %s" % steps)
ev = j.get("evidence", {})
check(ev.get("objects", {}).get("restored") == AT_T, "at-time: %d objects restored: %s"
      % (AT_T, ev.get("objects")))
check(ev.get("listing", {}).get("restore_point") == time.strftime(
    "%Y-%m-%dT%H:%M:%SZ", time.gmtime(T_EPOCH)), "at-time: restore point T: %s" % ev.get("listing"))
check(t.get("rpo_s") is not None and t["rpo_s"] > 0, "at-time: RPO the restore point's age: %s"
      % t.get("rpo_s"))
print("at-time: RTO %.2f s, %s objects, %s bytes, %.1f s wall" % (
    t.get("rto_s") or -1, ev.get("restore", {}).get("objects"), ev.get("restore", {}).get("bytes"),
    out["seconds"]))

# 2. Green: versions at the loss, heartbeat on: every current object and the heartbeat.
out = drill("at-loss", "versions", """heartbeat:
  interval: 100 ms
verify:
  probes:
    - {name: overwritten, key: app/obj-010, expect: v3-010}
    - {name: created, key: app/new-1, expect: created after T}
objectives:
  rpo: 10 s
""")
check(out["rc"] == 0, "at-loss: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t, ev = out.get("target", {}), out.get("journal", {}).get("evidence", {})
check(ev.get("objects", {}).get("restored") == len(NOW) + 1,
      "at-loss: the current objects and the heartbeat restored: %s" % ev.get("objects"))
check(t.get("rpo_s") is not None and t["rpo_s"] < 1, "at-loss: RPO 0 from the heartbeat: %s"
      % t.get("rpo_s"))
print("at-loss: RTO %.2f s, RPO %s s, %.1f s wall" % (t.get("rto_s") or -1, t.get("rpo_s"),
                                                     out["seconds"]))

# 3. Green: copy from a complete secondary.
copy = """backup:
  bucket: %s
  prefix: copy/
verify:
  probes:
    - {name: obj-5, key: app/obj-005, expect: v2-005}
    - {name: obj-6, key: app/obj-006, expect: v2-006}
"""
out = drill("copy", "copy", copy % "drill-replica")
check(out["rc"] == 0, "copy: exit 0, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
t, ev = out.get("target", {}), out.get("journal", {}).get("evidence", {})
check(ev.get("objects", {}).get("restored") == len(NOW), "copy: every object: %s"
      % ev.get("objects"))
check(ev.get("listing", {}).get("lost_missing") == 0 and ev["listing"]["lost_changed"] == 0,
      "copy: nothing lost: %s" % ev.get("listing"))
print("copy: RTO %.2f s, RPO %s s, %.1f s wall" % (t.get("rto_s") or -1, t.get("rpo_s"),
                                                   out["seconds"]))

# 4. Red: the secondary lacks an object and holds other content for another.
out = drill("copy-bad", "copy", copy % "drill-replica-bad")
check(out["rc"] == 1, "copy-bad: exit 1, got %d: %s%s" % (out["rc"], out["stdout"], out["stderr"]))
check(reason(out, "probe obj-5: expected 'v2-005', got '(no such object)'"),
      "copy-bad: the missing object's reason, got %s" % out["stdout"])
check(reason(out, "probe obj-6: expected 'v2-006', got 'damaged'"),
      "copy-bad: the other content's reason, got %s" % out["stdout"])
ev = out.get("journal", {}).get("evidence", {})
check(ev.get("listing", {}).get("lost_keys") == ["app/obj-005", "app/obj-006"],
      "copy-bad: the data lost in the evidence: %s" % ev.get("listing"))

# 5. Red: a probe that does not hold.
out = drill("probe", "versions", """verify:
  probes:
    - {name: obj-7, key: app/obj-007, expect: something-else}
""")
check(out["rc"] == 1, "probe: exit 1, got %d" % out["rc"])
check(reason(out, "probe obj-7: expected 'something-else', got 'v2-007'"),
      "probe: the reason, got %s" % out["stdout"])

# 6. A wrong secret key: an environment error, the secret nowhere.
out = drill("wrong-secret", "versions", "", secret="not-the-secret")
check(out["rc"] == 4, "wrong-secret: exit 4, got %d: %s" % (out["rc"], out["stderr"]))
check("SignatureDoesNotMatch" in out["stderr"] or "AccessDenied" in out["stderr"],
      "wrong-secret: S3's error code named: %s" % out["stderr"])
check("not-the-secret" not in out["stdout"] + out["stderr"],
      "wrong-secret: the wrong secret is not printed")

# 7. SIGTERM during the restore: exit 143, the scratch bucket deleted with what it held.
spec = os.path.join(work, "sigterm.yaml")
with open(spec, "w") as f:
    f.write("drill: sigterm\ntarget: s3\nmethod: versions\nsource:\n  endpoint: %s\n  bucket: %s\n"
            "  access_key_env: DRILL_S3_ACCESS\n  secret_key_env: DRILL_S3_SECRET\n"
            "scratch:\n  dir: %s\n" % (ENDPOINT, SRC, state))
journal = os.path.join(work, "sigterm.journal.json")
proc = subprocess.Popen([drsim, "drill", "run", spec, "--no-history", "-q", "--journal", journal],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                        env={"DRILL_S3_ACCESS": ACCESS, "DRILL_S3_SECRET": SECRET,
                             "PATH": "/usr/bin:/bin"})
deadline = time.time() + 30
while time.time() < deadline and '"name": "restore"' not in (
        open(journal).read() if os.path.exists(journal) else ""):
    time.sleep(0.05)
time.sleep(0.5)
proc.send_signal(signal.SIGTERM)
stdout, stderr = proc.communicate(timeout=60)
check(proc.returncode == 143, "sigterm: exit 143, got %d: %s" % (proc.returncode, stderr))
j = json.load(open(journal))
check(j["status"] == "interrupted", "sigterm: journal status interrupted: %s" % j["status"])
check(any(s["name"] == "restore" and s["status"] == "interrupted" for s in j["steps"]),
      "sigterm: interrupted in restore: %s" % [(s["name"], s["status"]) for s in j["steps"]])
check(versions(SRC) == SOURCE_VERSIONS, "sigterm: the source's versions are unchanged")
left = [b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].startswith("drsim-")]
check(left == [], "sigterm: no scratch bucket left, found %s" % left)
check_nothing_left("sigterm", state, "drsim-no-server")

shutil.rmtree(work, ignore_errors=True)
finish("S3")
