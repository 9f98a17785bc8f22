// THE FAILBACK RULE: how a service that recovered in another region moves back home once home is
// back (docs/engine.md "Failback"). Every DR strategy ends with it, and it has its own downtime
// and its own data risk:
//
//  * It is due when the service serves from a region other than its home region (the region of
//    primary_zone(); for a stateless service, of any zone it is placed in; a domain outside any
//    region is its own), or with failback.scope `zone` from another zone (a primary and a recovery
//    datacenter in one metro), and home is back: the home zone is alive and, with replicas, the
//    home replica is not lost. A move inside the home region (Multi-AZ) is the new normal by
//    default, as in most estates. failback.mode `none` makes the recovery site the new home:
//    nothing moves back.
//  * Its steps, in order:
//      1. `manual` (the default): the on-call person decides to fail back;
//      2. a wait of failback.after (a change window, a stability period), when given;
//      3. a stateful service with writes `carry` (the default) gets home what it lacks while the
//         recovery side still serves: a home replica is brought back in sync by THE RESYNC RULE
//         (planner.hpp: the diverged old primary, after a root cause if manual) and the
//         failback starts once it is; a data set restored from a backup, or without replicas,
//         is copied home whole (`failback_sync`: home's copy diverged at the fault — it holds
//         writes the backup missed and lacks every write made since) at the bandwidth between
//         the two sites;
//      4. `failback`: writes are frozen on the recovery side, the last changes move, home's copy
//         becomes the primary and the instances serve at home again. Stateful: failback.freeze,
//         else recovery.promotion. Stateless: the instances start at home (replace_time) while
//         the recovery side serves on;
//      5. `dns` back home when the service has a TTL.
//  * Downtime: a stateful service is down from the start of step 4 until traffic is home (4 +
//    5); a stateless one serves throughout (0).
//  * Data: with `carry` nothing made on the recovery side is lost; the writes stranded in home's
//    copy since the restored point (the incident's RPO) are overwritten. With `discard` home
//    resumes from its own copy: every write made on the recovery side, from the moment it served
//    there until the freeze, is lost (the failback's RPO), and the recovery side's copy diverges.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/planner.hpp"

namespace drsim::engine {

// True if `s` in `st` serves away from home (another region; another zone with scope `zone`),
// and a failback is due once home is back (recovery.failback.mode is not `none`).
bool failback_due(const model::Model& m, const model::Service& s, const ServiceState& st);

// The replica that holds the primary copy in normal operation (home); none without replicas.
std::optional<std::size_t> home_replica(const model::Service& s);

// True if home can take `s` back: its home zone is alive and, with replicas, the home replica is
// not lost.
bool home_is_back(const model::Model& m, const model::Service& s, const ServiceState& st,
                  const LostDomains& lost);

struct FailbackPlan {
  std::vector<PlannedStep> steps;  // decide (manual), wait, failback_sync, failback, dns
  // The step from which the service is down until the plan ends (the switch of a stateful
  // service); steps.size() when it serves throughout.
  std::size_t down_from = 0;
  bool discards_writes = false;  // writes `discard`: the recovery side's writes are lost
  ServiceState after;            // serving at home again
};

// True if a failback of `s` discards the writes made on the recovery side (a stateful service
// with failback.writes `discard`): home keeps, and resumes from, its own copy.
bool failback_discards_writes(const model::Service& s);

// THE FAILBACK RULE for `s` serving away from home in `st`, planned at `now_s` (s since epoch).
FailbackPlan plan_failback(const model::Model& m, const model::Service& s, const ServiceState& st,
                           double now_s, ResultDetail detail = ResultDetail::kFull);

}  // namespace drsim::engine
