#!/usr/bin/env python3
"""Generates a large drsim estate model (docs/model-format.md) for benchmarks.

The estate is one cloud vendor with 3 regions x 3 zones, a handful of SaaS vendors, two
offices, and N services in a realistic mix: mostly stateless app servers, databases with a
standby replica, snapshots copied to another region and a log archive, queues and key-value
stores with mirrored replicas, object stores with bucket copies, and external SaaS services.
Dependencies only point from a service to services generated before it, so the graph is
acyclic; queues and external services are reached through queued dependencies.

The output depends only on the arguments: the same --seed and --services give the same bytes.
Standard library only.

    bench/gen_model.py --services 10000 --seed 1 -o /tmp/big.yaml
"""

import argparse
import json
import random
import re
import sys

REGIONS = ["r1", "r2", "r3"]
ZONES = {r: [f"{r}-az{i}" for i in (1, 2, 3)] for r in REGIONS}
SAAS = ["payco", "mailco", "smsco", "codehost", "searchco", "authco"]

# (kind, share of services) in the order they are drawn.
MIX = [
    ("database", 0.10),
    ("queue", 0.05),
    ("kv_store", 0.03),
    ("object_store", 0.02),
    ("external", 0.02),
    ("stateless", 0.78),
]
PREFIX = {
    "database": "db",
    "queue": "mq",
    "kv_store": "kv",
    "object_store": "bucket",
    "external": "ext",
    "stateless": "app",
}


def pick_kind(rng):
    x = rng.random()
    for kind, share in MIX:
        if x < share:
            return kind
        x -= share
    return "stateless"


def replicas(rng, region, count, mode):
    zones = ZONES[region]
    out = [{"zone": zones[0], "role": "primary"}]
    for z in zones[1:count]:
        out.append({"zone": z, "role": "standby", "mode": mode})
    if rng.random() < 0.3:
        other = REGIONS[(REGIONS.index(region) + 1) % 3]
        out.append({"zone": ZONES[other][0], "role": "read", "mode": "async", "lag": "30 s"})
    return out


def make_service(rng, i, kind, earlier):
    sid = f"{PREFIX[kind]}-{i:05d}"
    if kind == "external":
        return sid, {"id": sid, "kind": "external", "vendor": rng.choice(SAAS)}
    region = REGIONS[i % 3]
    zones = ZONES[region][: rng.choice([2, 3, 3])]
    instances = rng.choice([2, 3, 3, 4, 6]) if kind == "stateless" else len(zones)
    svc = {
        "id": sid,
        "kind": kind,
        "placement": {"zones": zones, "instances": instances,
                      "min_healthy": max(1, instances // 2)},
    }
    deps = []
    if earlier:
        for target in sorted(set(rng.sample(earlier, min(len(earlier), rng.randint(0, 4))))):
            tkind = target.split("-")[0]
            if tkind in ("mq", "ext"):
                deps.append({"service": target, "mode": "queued",
                             "buffer": rng.choice(["1 h", "4 h", "24 h"])})
            else:
                deps.append(target)
    if deps:
        svc["depends_on"] = deps
    other = REGIONS[(REGIONS.index(region) + 1) % 3]
    if kind == "database":
        size = rng.choice([10, 50, 100, 200, 500])
        svc["data"] = {
            "size": f"{size} GB",
            "write_rate": f"{rng.choice([100, 500, 1000])} kB/s",
            "replicas": replicas(rng, region, 2, "sync"),
            "backups": [
                {"id": "nightly", "kind": "snapshot",
                 "schedule": f"daily at {rng.randint(0, 5):02d}:{rng.choice([0, 15, 30, 45]):02d}",
                 "duration": f"{max(5, size // 10)} min", "store": f"store-{region}",
                 "copies": [{"store": f"store-{other}", "delay": "20 min"}],
                 "retention": {"daily": 7, "weekly": 4, "monthly": 12}},
                {"id": "wal", "kind": "log", "schedule": "every 5 min",
                 "store": f"store-{region}", "retention": {"window": "7 d"}},
            ],
        }
        svc["recovery"] = {"failover": {"mode": rng.choice(["automatic", "manual"]),
                                        "promotion": "60 s"},
                           "restore": {"overhead": "10 min", "replay_rate": "50 MB/s"}}
    elif kind in ("queue", "kv_store"):
        svc["data"] = {"size": f"{rng.choice([1, 2, 5])} GB", "write_rate": "200 kB/s",
                       "replicas": replicas(rng, region, len(zones), "sync")}
    elif kind == "object_store":
        svc["data"] = {
            "size": f"{rng.choice([1, 2, 5])} TB", "write_rate": "1 MB/s",
            "replicas": replicas(rng, region, 3, "sync"),
            "backups": [{"id": "bucket-copy", "kind": "copy", "schedule": "every 1 h",
                         "duration": "10 min", "store": f"archive-{other}",
                         "retention": {"keep_last": 48}}],
        }
    else:
        svc["recovery"] = {"rebuild": {"duration": "2 h", "needs": []}, "replace_time": "5 min"}
    return sid, svc


def generate(n, seed):
    rng = random.Random(seed)
    model = {
        "version": 1,
        "name": f"bench-{n}-services-seed-{seed}",
        "topology": {
            "vendors": [{"id": "cloud", "kind": "cloud", "regions": [
                {"id": r, "zones": [{"id": z} for z in ZONES[r]]} for r in REGIONS]}]
            + [{"id": v, "kind": "saas"} for v in SAAS],
            "offices": [{"id": "hq"}, {"id": "branch"}],
        },
        "stores": [{"id": f"store-{r}", "domain": r} for r in REGIONS]
        + [{"id": f"archive-{r}", "domain": r, "tier": "archive"} for r in REGIONS],
        "services": [],
        "people": {"offices": ["hq"], "remote_work": True},
        "objectives": {"defaults": {
            "az": {"rto": "5 min", "rpo": "0 s"},
            "region": {"rto": "8 h", "rpo": "24 h"},
            "dependency": {"rto": "0 s", "rpo": "0 s"},
        }},
    }
    earlier = []
    code_host = None
    for i in range(n):
        kind = pick_kind(rng)
        sid, svc = make_service(rng, i, kind, earlier[-200:])
        if kind == "external" and code_host is None:
            code_host = sid
        if "recovery" in svc and "rebuild" in svc["recovery"]:
            if code_host:
                svc["recovery"]["rebuild"]["needs"] = [code_host]
            else:
                del svc["recovery"]["rebuild"]["needs"]
        model["services"].append(svc)
        earlier.append(sid)
    return model


PLAIN = re.compile(r"[a-z0-9][A-Za-z0-9 ._/:-]*")
RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "~"}


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if PLAIN.fullmatch(v) and ": " not in v and not v.endswith(":") and v not in RESERVED \
            and (not v[0].isdigit() or " " in v):
        return v
    return json.dumps(v)  # a JSON string is a valid YAML double-quoted scalar


def emit_yaml(v, indent, out):
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{k}:")
                emit_yaml(x, indent + 2, out)
            else:
                out.append(f"{pad}{k}: {scalar(x) if not isinstance(x, (dict, list)) else json.dumps(x)}")
    else:
        for x in v:
            if isinstance(x, dict) and x:
                sub = []
                emit_yaml(x, indent + 2, sub)
                sub[0] = pad + "- " + sub[0][indent + 2:]
                out.extend(sub)
            elif isinstance(x, list):
                out.append(f"{pad}- {json.dumps(x)}")
            else:
                out.append(f"{pad}- {scalar(x)}")


def make_uncertain(model):
    """What varies between trials (docs/model-format.md "Uncertainty"), for trial benchmarks: the
    on-call times, promotions, rebuilds, restores and the outage of each class. The structure of
    the estate is unchanged; a single simulation uses the medians."""
    model["people"]["on_call"] = {
        "page": {"uniform": ["2 min", "10 min"]},
        "response": {"triangular": ["5 min", "10 min", "30 min"]},
        "decision": {"lognormal": {"p50": "15 min", "p90": "45 min"}},
    }
    model["outages"] = {
        "az": {"uniform": ["1 h", "8 h"]},
        "region": {"lognormal": {"p50": "6 h", "p90": "24 h"}},
    }
    for svc in model["services"]:
        rec = svc.get("recovery")
        if not rec:
            continue
        if "failover" in rec:
            rec["failover"]["promotion"] = {"samples": ["42 s", "55 s", "61 s", "1 min 20 s"]}
        if "restore" in rec:
            rec["restore"]["overhead"] = {"triangular": ["5 min", "10 min", "30 min"]}
            rec["restore"]["throughput"] = {"uniform": [0.5, 1]}
        if "rebuild" in rec:
            rec["rebuild"]["duration"] = {"uniform": ["1 h", "3 h"]}
        for b in svc.get("data", {}).get("backups", []):
            if b["kind"] == "snapshot":
                b["unusable"] = 0.01


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--services", type=int, default=1000, help="number of services (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--format", choices=["yaml", "json"], default="yaml")
    p.add_argument("--uncertain", action="store_true",
                   help="write distributions for what varies between trials (simulate --trials)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    args = p.parse_args()
    if args.services < 1:
        p.error("--services must be at least 1")
    model = generate(args.services, args.seed)
    if args.uncertain:
        make_uncertain(model)
    if args.format == "json":
        text = json.dumps(model, indent=1) + "\n"
    else:
        lines = ["# generated by bench/gen_model.py "
                 f"--services {args.services} --seed {args.seed}"
                 + (" --uncertain" if args.uncertain else "")]
        emit_yaml(model, 0, lines)
        text = "\n".join(lines) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
