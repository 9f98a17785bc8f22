#!/usr/bin/env python3
"""A plain-Python reference for `drsim simulate --trials`: the RTOs and RPOs of a region loss in
a generated estate, written as a bare heapq event loop, to show what a trial costs without
drsim's engine. Standard library only.

    bench/trials_reference.py MODEL.json --region r1 --trials 200 [--seed 1]
    bench/trials_reference.py MODEL.json --region r1 --check RESULT.json
    bench/trials_reference.py MODEL.json --realize TRIAL.json --seed 7

MODEL.json is bench/gen_model.py --uncertain --format json output, read once before the trials
(durations parsed, the hit services and dependencies by position). Each trial draws the moment
of the fault (uniform over a day in steady state), the on-call page, response and decision, the
region's outage and, per service, what its recovery needs (promotion, rebuild, restore overhead
and throughput), then runs the recovery as events, with the rules drsim applies to such an
estate (docs/engine.md):
  * a service with an instance or its primary in the lost region is detected after 3 checks of
    10 s. The on-call person is paged then, responds and decides once for the scenario;
  * a stateless service is rebuilt in the next region once the person has decided;
  * a data set with an async replica in another region has it promoted: right after detection
    when the database's failover is automatic, else once the person has decided (60 s for a
    queue, key-value or object store, which have no failover of their own). It loses the
    replica's lag;
  * otherwise a database or object store is restored from its backup's copy in the next region
    (archive tier: retrieval 5 h first) once the person has decided: the fixed overhead, then,
    after the route's latency, its bytes / throughput over 10 Gbps links into the first zone of
    the first region left, shared equally by all restores running at once (they all take that one
    route). It loses what was written since the newest run whose copy had landed there (the
    run's duration, then the copy's delay) when the fault happened. Its log backups were lost
    with its home store, so nothing is replayed. A queue or key-value store without such a
    replica waits;
  * every service still down is back when the outage ends, its data as it was (nothing lost),
    and not recovered if that is after the horizon (7 d), with no recovery point;
  * a service is down while itself or a hard dependency is down, and from `buffer` after a queued
    dependency went down until it is back.
It prints the median RTO over affected services and trials and the time per trial. With --check
it runs once at every varying value's median, as drsim's nominal run does, at RESULT.json's
fault time, and compares each service's RTO and RPO with RESULT.json (`drsim simulate --format
json` of the same model and region): the two agree on every one
(tests/cli/reference_agreement_test.sh). --realize writes the model of one trial, every
distribution drawn once, so that a trial can be checked the same way. The RTO and RPO are all
it computes: no recovery paths, resyncs or failback, which drsim works out in every trial too.
"""

import argparse
import heapq
import json
import math
import random
import re
import sys
import time

UNITS = {"ms": 0.001, "s": 1, "sec": 1, "min": 60, "h": 3600, "d": 86400}
LINK_BW = 10e9 / 8  # bytes/s: the default links of a region and between regions (10 Gbps)
CARD, REGION, VENDOR = 0.0005, 0.002, 0.05  # s: default latencies of a card and of the links
DETECTED = 30.0  # 3 failed health checks every 10 s
PROMOTION = 60.0  # the default promotion
RETRIEVAL = 5 * 3600.0  # an archive-tier store's default retrieval delay
HORIZON = 7 * 86400.0  # the default horizon: a service still down then is not recovered


def seconds(text):
    total = 0.0
    for num, unit in re.findall(r"([0-9.]+) *([a-z]+)", text):
        total += float(num) * UNITS[unit]
    return total


def size_bytes(text):
    num, unit = re.fullmatch(r"([0-9.]+) *([A-Za-z]+)", text).groups()
    return float(num) * {"GB": 1e9, "TB": 1e12, "MB": 1e6}[unit]


def value(x, convert):
    return convert(x) if isinstance(x, str) else float(x)


def parse(spec, convert=seconds):
    """A value or distribution as drsim writes them, read once: (kind, numbers...)."""
    if not isinstance(spec, dict):
        return ("fixed", value(spec, convert))
    kind, v = next(iter(spec.items()))
    if kind == "lognormal":
        p50, p90 = value(v["p50"], convert), value(v["p90"], convert)
        return (kind, p50, (math.log(p90) - math.log(p50)) / 1.2815515655446004)
    if kind == "samples":
        return (kind, [value(x, convert) for x in v])
    return (kind, *(value(x, convert) for x in v))


def draw(d, rng):
    """One draw of a parsed value."""
    kind = d[0]
    if kind == "fixed":
        return d[1]
    if kind == "uniform":
        return d[1] + (d[2] - d[1]) * rng.random()
    if kind == "triangular":
        return rng.triangular(d[1], d[3], d[2])
    if kind == "lognormal":
        return d[1] * math.exp(d[2] * rng.gauss(0, 1))
    return rng.choice(d[1])


def median(d, _rng=None):
    """The value drsim's nominal run takes (docs/model-format.md "Uncertainty")."""
    kind = d[0]
    if kind in ("fixed", "lognormal"):
        return d[1]
    if kind == "uniform":
        return (d[1] + d[2]) / 2
    if kind == "triangular":
        a, c, b = d[1:]
        if c - a >= (b - a) / 2:
            return a + math.sqrt((b - a) * (c - a) / 2)
        return b - math.sqrt((b - a) * (b - c) / 2)
    xs = sorted(d[1])
    return (xs[(len(xs) - 1) // 2] + xs[len(xs) // 2]) / 2


def schedule(text):
    """(period, offset) in seconds of `daily at HH:MM` or `every <duration>`: runs start at
    k * period + offset."""
    daily = re.fullmatch(r"daily at (\d\d):(\d\d)", text)
    if daily:
        return 86400.0, int(daily.group(1)) * 3600.0 + int(daily.group(2)) * 60.0
    return seconds(text[len("every "):]), 0.0


def newest_run(backup, t0):
    """The start of the newest run of backup = (period, offset, landed after) that has landed in
    its surviving store by t0: its recovery point."""
    period, offset, landed = backup
    return offset + math.floor((t0 - landed - offset) / period) * period


def prepare(model, region):
    """What every trial of a loss of `region` needs, read from the model once: the people's and
    the outage's distributions, how each hit service recovers, its recovery point's rule (an
    async replica's lag, or the backup whose copy survives: period, offset, landed after) and
    each service's dependencies as (position, buffer) with buffer None for a hard one.

    hit[i], by how service i recovers (trial() reads the fields by position):
      ("rebuild", duration)
      ("promote", automatic, promotion, lag)
      ("restore", overhead, retrieval, latency, bytes, throughput, (period, offset, landed))
      ("wait",)                         back with its region"""
    lost = lambda zone: zone.startswith(region + "-")
    regions = [r["id"] for v in model["topology"]["vendors"] for r in v.get("regions", [])]
    site = next(r for r in regions if r != region)  # where restores land: its first zone
    people = model["people"]["on_call"]
    services = model["services"]
    ids = {s["id"]: i for i, s in enumerate(services)}
    hit = {}
    deps = []
    for i, s in enumerate(services):
        deps.append([(ids[d], None) if isinstance(d, str)
                     else (ids[d["service"]], seconds(d["buffer"])) for d in s.get("depends_on", [])])
        if not any(lost(z) for z in s.get("placement", {}).get("zones", [])):
            continue
        rec = s.get("recovery", {})
        data = s.get("data", {})
        if s["kind"] == "stateless":
            hit[i] = ("rebuild", parse(rec["rebuild"]["duration"]))
        elif any(not lost(r["zone"]) for r in data.get("replicas", [])):
            failover = rec.get("failover", {})
            promotion = parse(failover["promotion"]) if failover else ("fixed", PROMOTION)
            lag = next(seconds(r["lag"]) for r in data["replicas"] if not lost(r["zone"]))
            hit[i] = ("promote", failover.get("mode") == "automatic", promotion, lag)
        elif s["kind"] in ("database", "object_store"):
            restore = rec.get("restore", {})
            home = s["placement"]["zones"][0].split("-")[0]
            store = regions[(regions.index(home) + 1) % len(regions)]
            # The snapshot's copy in the next region, or the bucket copy kept there.
            b = next(b for b in data["backups"] if b["kind"] in ("snapshot", "copy"))
            landed = seconds(b["duration"]) + sum(seconds(c["delay"]) for c in b.get("copies", []))
            hit[i] = ("restore", parse(restore.get("overhead", "0 s")),
                      RETRIEVAL if s["kind"] == "object_store" else 0.0,
                      CARD + REGION + (VENDOR if store != site else 0),
                      size_bytes(data["size"]), parse(restore.get("throughput", 1), float),
                      (*schedule(b["schedule"]), landed))
        else:
            hit[i] = ("wait",)
    return {
        "people": [parse(people[k]) for k in ("page", "response", "decision")],
        "outage": parse(model["outages"]["region"]),
        "hit": hit,
        "deps": deps,
    }


def trial(prep, pick, rng, t0):
    """Every service's RTO and RPO in one trial of a fault at t0 (seconds after the epoch);
    pick(parsed, rng) gives a value (draw or median)."""
    page, response, decision = (pick(d, rng) for d in prep["people"])
    outage = pick(prep["outage"], rng)
    decided = DETECTED + page + response + decision
    hit = prep["hit"]
    up = [0.0] * len(prep["deps"])  # the moment each is back by itself (0: never down)
    events = []  # (time, seq, kind, service)
    seq = 0

    def push(t, kind, i):
        nonlocal seq
        heapq.heappush(events, (t, seq, kind, i))
        seq += 1

    for i in hit:
        up[i] = math.inf
        push(DETECTED, "detected", i)
    restores = {}  # service -> bytes still to move
    moved_at = 0.0
    tick = 0  # only the newest "done" event of the shared link counts
    while events:
        t, _, kind, i = heapq.heappop(events)
        if t >= outage:
            break
        if kind == "done" and i != tick:
            continue  # the sharing changed since
        if restores:
            share = LINK_BW / len(restores)
            for k in restores:
                restores[k] -= share * (t - moved_at)
        moved_at = t
        changed = False
        if kind == "detected":
            how = hit[i]
            if how[0] == "rebuild":
                push(decided + pick(how[1], rng), "up", i)
            elif how[0] == "promote":
                push((t if how[1] else decided) + pick(how[2], rng), "up", i)
            elif how[0] == "restore":
                push(decided + pick(how[1], rng) + how[2] + how[3], "transfer", i)
        elif kind == "transfer":
            restores[i] = hit[i][4] / pick(hit[i][5], rng)
            changed = True
        elif kind == "done":
            k = min(restores, key=restores.get)
            del restores[k]
            up[k] = t
            changed = True
        else:
            up[i] = t
        if changed and restores:
            tick += 1
            push(t + min(restores.values()) / (LINK_BW / len(restores)), "done", tick)
    # Every service's down intervals, merged (dependencies point to earlier services).
    down = []
    for i, deps in enumerate(prep["deps"]):
        back = min(up[i], outage)
        spans = [(0.0, back if back <= HORIZON else math.inf)] if up[i] > 0 else []
        for j, buffer in deps:
            if buffer is None:
                spans.extend(down[j])
            else:
                spans.extend((a + buffer, b) for a, b in down[j] if b - a > buffer)
        spans.sort()
        merged = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        down.append(merged)
    rto = [spans[-1][1] if spans else 0.0 for spans in down]
    # The data of a service that came back with its region, before its recovery, was not lost;
    # one still waiting at the horizon has no recovery point.
    rpo = [0.0] * len(up)
    for i, how in hit.items():
        if up[i] >= outage:
            rpo[i] = math.inf if outage > HORIZON else 0.0
            continue
        if how[0] == "promote":
            rpo[i] = how[3]
        elif how[0] == "restore":
            rpo[i] = t0 - newest_run(how[6], t0)
    return rto, rpo


def realize(model, rng):
    """The model of one trial: every distribution replaced by a draw, as a fixed value."""
    def fixed(spec, convert=seconds, least=0.0):
        if not isinstance(spec, dict):
            return spec
        x = max(least, draw(parse(spec, convert), rng))  # drsim cuts a draw to the field's range
        return f"{x:.3f} s" if convert is seconds else round(x, 6)

    people = model["people"]["on_call"]
    for k in people:
        people[k] = fixed(people[k])
    outages = model["outages"]
    for k in outages:
        outages[k] = fixed(outages[k], least=60.0)
    for s in model["services"]:
        rec = s.get("recovery", {})
        for outer, inner in (("failover", "promotion"), ("rebuild", "duration"),
                             ("restore", "overhead")):
            if inner in rec.get(outer, {}):
                rec[outer][inner] = fixed(rec[outer][inner])
        if "throughput" in rec.get("restore", {}):
            rec["restore"]["throughput"] = fixed(rec["restore"]["throughput"], float)
    return model


def check(model, region, result_path):
    """Compares every service's RTO and RPO at the medians with a drsim result of the same model
    and region, at its fault time; prints the agreement and the first differences."""
    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    scenario = result["scenarios"][0]
    if scenario["id"] != f"region:{region}":
        sys.exit(f"{result_path} is scenario {scenario['id']}, not region:{region}")
    rto, rpo = trial(prepare(model, region), median, None, scenario["t0_s"])
    drsim = {x["id"]: x for x in scenario["services"]}
    wrong = []
    for s, *mine in zip(model["services"], rto, rpo):
        theirs = drsim.get(s["id"], {})
        for what, here in zip(("RTO", "RPO"), mine):
            there = theirs.get(what.lower() + "_s", 0.0)
            there = math.inf if there is None else there
            if here != there and not abs(here - there) <= 1e-6 * max(1.0, here):
                wrong.append(f"  {s['id']}: {what} {here:.3f} s here, {there:.3f} s in drsim")
    total = 2 * len(rto)
    print(f"python reference: {total - len(wrong)} of {total} RTOs and RPOs of region:{region} "
          f"as drsim's")
    for line in wrong[:10]:
        print(line)
    return not wrong


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("--region", default="r1")
    p.add_argument("--trials", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--check", metavar="RESULT", help="compare the nominal run's RTOs with drsim's")
    p.add_argument("--realize", metavar="OUT",
                   help="write the model of one trial (--seed): every distribution drawn once")
    args = p.parse_args()
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f)
    if "outages" not in model:
        sys.exit("the model has no distributions: generate it with gen_model.py --uncertain")
    if args.realize:
        with open(args.realize, "w", encoding="utf-8") as f:
            json.dump(realize(model, random.Random(args.seed)), f, indent=1)
        return
    if args.check:
        sys.exit(0 if check(model, args.region, args.check) else 1)
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    prep = prepare(model, args.region)
    values = []
    for _ in range(args.trials):
        start = 2 * 86400 + 86400 * rng.random()  # a uniform moment of a day in steady state
        values.extend(x for x in trial(prep, draw, rng, start)[0] if x > 0)
    wall = time.perf_counter() - t0
    values.sort()
    mid = values[len(values) // 2] if values else 0
    print(f"python reference: {args.trials} trials in {wall:.2f} s, "
          f"{1000 * wall / args.trials:.2f} ms per trial; median RTO of affected services "
          f"{mid / 60:.0f} min")


if __name__ == "__main__":
    main()
