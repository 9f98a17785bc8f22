#!/usr/bin/env python3
"""A plain-Python reference for `drsim simulate --trials`: the same region-loss recovery written
as a bare heapq event loop, to show what a trial costs without drsim's engine. Standard library.

    bench/trials_reference.py MODEL.json --region r1 --trials 200 [--seed 1]

MODEL.json is bench/gen_model.py --uncertain --format json output. Per trial it draws what drsim
draws (start over one day, on-call page/response/decision, promotion, rebuild, restore overhead
and throughput, the region's outage), then runs the recovery as events:
  * a service with an instance or the primary in the lost region is detected after 3 checks of
    10 s; a stateless one is rebuilt in another region (after the on-call person decides, once
    per scenario, and while its code host is up); a database with an async copy elsewhere is
    promoted (automatic, or after the decision), else restored from its copy in the next region:
    overhead, then its bytes over the one cross-region link, shared equally by the restores
    running at once, then log replay;
  * every service is back when the outage ends, if not before;
  * a service is down while itself or any hard dependency is down (queued ones only degrade).
It prints the median RTO over services and trials and the time per trial. It is a model of the
same shape for timing, not a second implementation of drsim's rules: it leaves out standby
capacity, resyncs, failback, backup landing times and RPO.
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


def seconds(text):
    total = 0.0
    for num, unit in re.findall(r"([0-9.]+) *([a-z]+)", text):
        total += float(num) * UNITS[unit]
    return total


def size_bytes(text):
    num, unit = re.fullmatch(r"([0-9.]+) *([A-Za-z]+)", text).groups()
    return float(num) * {"GB": 1e9, "TB": 1e12, "MB": 1e6}[unit]


def draw(spec, rng, convert=seconds):
    """One draw of a value or distribution as drsim writes them."""
    if not isinstance(spec, dict):
        return convert(spec) if isinstance(spec, str) else float(spec)
    kind, v = next(iter(spec.items()))
    if kind == "uniform":
        a, b = (convert(x) if isinstance(x, str) else float(x) for x in v)
        return a + (b - a) * rng.random()
    if kind == "triangular":
        a, c, b = (convert(x) for x in v)
        return rng.triangular(a, b, c)
    if kind == "lognormal":
        p50, p90 = convert(v["p50"]), convert(v["p90"])
        return p50 * math.exp((math.log(p90) - math.log(p50)) / 1.2815515655446004 * rng.gauss(0, 1))
    return convert(rng.choice(v))


def trial(model, region, rng):
    people = model["people"]["on_call"]
    page, response, decision = (draw(people[k], rng) for k in ("page", "response", "decision"))
    outage = draw(model["outages"]["region"], rng)
    lost_zone = lambda z: z.startswith(region + "-")
    link_bw = 1.25e9  # 10 Gbps between regions
    services = model["services"]
    ids = {s["id"]: i for i, s in enumerate(services)}
    down_until = [0.0] * len(services)  # own recovery time (0 = never down)
    events = []  # (time, seq, kind, service)
    seq = 0
    team_ready = None

    def push(t, kind, i):
        nonlocal seq
        heapq.heappush(events, (t, seq, kind, i))
        seq += 1

    def decided(now):
        nonlocal team_ready
        if team_ready is None:
            team_ready = now + page + response + decision
        return max(now, team_ready)

    code_host_up = True  # SaaS code hosts survive a region loss
    restores = {}  # service -> remaining bytes
    tick = 0  # only the newest "done" event of the shared link counts
    for i, s in enumerate(services):
        zones = s.get("placement", {}).get("zones", [])
        if not any(lost_zone(z) for z in zones):
            continue
        down_until[i] = math.inf
        push(30.0, "detected", i)
    rates_at = 0.0
    while events:
        t, _, kind, i = heapq.heappop(events)
        if t >= outage:
            break
        if kind == "done" and i != tick:
            continue  # the sharing changed since
        # Restores share the cross-region link equally between events.
        if restores:
            share = link_bw / len(restores)
            for k in restores:
                restores[k] -= share * (t - rates_at)
        rates_at = now = t
        s = services[i] if kind != "done" else None
        changed = False
        if kind == "done":
            k = min(restores, key=lambda x: restores[x])
            del restores[k]
            push(now + size_bytes(services[k]["data"]["size"]) / 50e6, "up", k)  # log replay
            changed = True
        elif kind == "detected":
            rec = s.get("recovery", {})
            if s["kind"] == "stateless":
                if code_host_up:
                    push(decided(now) + draw(rec["rebuild"]["duration"], rng), "up", i)
            elif s["kind"] == "database":
                async_copy = any(not lost_zone(r["zone"]) for r in s["data"]["replicas"])
                promotion = draw(rec["failover"]["promotion"], rng)
                if async_copy:
                    start = now if rec["failover"]["mode"] == "automatic" else decided(now)
                    push(start + promotion, "up", i)
                else:
                    push(decided(now) + draw(rec["restore"]["overhead"], rng), "transfer", i)
        elif kind == "transfer":
            throughput = draw(s["recovery"]["restore"]["throughput"], rng, float)
            restores[i] = size_bytes(s["data"]["size"]) / throughput
            changed = True
        elif kind == "up":
            down_until[i] = now
        if changed and restores:
            tick += 1
            push(now + min(restores.values()) / (link_bw / len(restores)), "done", tick)
    for i, until in enumerate(down_until):
        if until > outage:
            down_until[i] = outage
    # Hard dependencies: down while any is down (dependencies point to earlier services).
    rto = [0.0] * len(services)
    for i, s in enumerate(services):
        r = down_until[i]
        for d in s.get("depends_on", []):
            if isinstance(d, str):
                r = max(r, rto[ids[d]])
        rto[i] = r
    return rto


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("--region", default="r1")
    p.add_argument("--trials", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f)
    if "outages" not in model:
        sys.exit("the model has no distributions: generate it with gen_model.py --uncertain")
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    values = []
    for _ in range(args.trials):
        values.extend(x for x in trial(model, args.region, rng) if x > 0)
    wall = time.perf_counter() - t0
    values.sort()
    median = values[len(values) // 2] if values else 0
    print(f"python reference: {args.trials} trials in {wall:.2f} s, "
          f"{1000 * wall / args.trials:.2f} ms per trial; median RTO of affected services "
          f"{median / 60:.0f} min")


if __name__ == "__main__":
    main()
