#include "engine/core/failback.hpp"

#include <algorithm>

#include "engine/core/network.hpp"
#include "engine/core/plan_steps.hpp"
#include "engine/core/recovery_points.hpp"
#include "model/units.hpp"

namespace drsim::engine {
namespace {

// Step 3: a data set restored from a backup, or without replicas, is copied home whole while the
// recovery side serves (a home replica is brought back in sync by THE RESYNC RULE before the
// failback starts: the executor waits for it).
void add_sync(const model::Model& m, const model::Service& s, const ServiceState& st,
              const std::string& away, const std::string& home, bool texts, FailbackPlan& plan) {
  if (!st.restored && home_replica(s)) return;
  const double bytes = s.data->size;
  const double bw = route_bandwidth(m, away, site_nic(m), home, site_nic(m));
  plan.steps.push_back(timed(StepKind::kFailbackSync, bw > 0 ? bytes / bw : 0,
                             texts ? units::format_bytes(bytes) + " copied from " + away + " to " +
                                         home +
                                         " (the whole data set: home's copy diverged at the fault)"
                                   : ""));
}

// The state once home serves again: instances and the primary where the model puts them.
ServiceState home_state(const model::Model& m, const model::Service& s, const ServiceState& st,
                        bool discard, double now_s) {
  const auto pos = m.position_of(s);
  ServiceState after = initial_state(m, pos < m.services.size() ? pos : m.service_position(s.id));
  after.dependency_faults = st.dependency_faults;
  after.lost_replicas = st.lost_replicas;
  after.out_of_sync = st.out_of_sync;
  if (const auto h = home_replica(s)) after.out_of_sync.erase(*h);
  if (st.primary >= 0 && st.primary != after.primary) {
    const auto away = static_cast<std::size_t>(st.primary);
    if (discard) {
      after.out_of_sync[away] = {now_s, true};  // holds writes home never got
    } else {
      after.out_of_sync.erase(away);  // frozen and caught up at the switch
    }
  }
  return after;
}

}  // namespace

bool failback_due(const model::Model& m, const model::Service& s, const ServiceState& st) {
  if (s.kind == model::ServiceKind::kExternal ||
      s.recovery.failback.mode == model::FailbackMode::kNone) {
    return false;
  }
  // By domain position (the executor asks on every change of every trial): the zone or region
  // a position lies in, the position itself outside any; an id that names no domain matches none.
  const auto level = s.recovery.failback.scope == model::FailbackScope::kZone
                         ? model::DomainLevel::kZone
                         : model::DomainLevel::kRegion;
  auto place = [&](std::size_t pos) {
    for (std::size_t p = pos, steps = 0; p < m.domains.size() && steps <= m.domains.size();
         p = m.parent_position(p), ++steps) {
      if (m.domains[p].level == level) return p;
    }
    return pos;
  };
  const std::size_t away = place(serving_position(m, s, st));
  if (away == model::Model::kNoDomain) return true;
  auto home = [&](std::size_t pos) { return place(pos) == away; };
  // Home: where the primary copy lives; for a stateless service, any zone it is placed in.
  if (s.data || s.placement.zones.empty()) return !home(site_position(m, primary_zone(s)));
  for (std::size_t k = 0; k < s.placement.zones.size(); ++k) {
    if (home(zone_position(m, s, k))) return false;
  }
  return true;
}

bool home_is_back(const model::Model& m, const model::Service& s, const ServiceState& st,
                  const LostDomains& lost) {
  if (const auto h = home_replica(s)) return replica_reachable(m, s, st, *h, lost);
  return alive(m, primary_zone(s), lost);
}

std::optional<std::size_t> home_replica(const model::Service& s) {
  if (!s.data || s.data->replicas.empty()) return std::nullopt;
  return primary_replica(*s.data);
}

bool failback_discards_writes(const model::Service& s) {
  return s.data && s.recovery.failback.writes == model::FailbackWrites::kDiscard;
}

FailbackPlan plan_failback(const model::Model& m, const model::Service& s, const ServiceState& st,
                           double now_s, ResultDetail detail) {
  const bool texts = detail == ResultDetail::kFull;
  FailbackPlan plan;
  plan.steps.reserve(5);  // at most a decision, the wait, the copy home, the move and DNS
  const auto& fb = s.recovery.failback;
  const std::string away = serving_site(m, s, st);
  const std::string& home = primary_zone(s);
  if (fb.mode == model::FailbackMode::kManual) {
    plan.steps.push_back(people(texts ? "on-call person decides to fail back to " + home : ""));
  }
  if (fb.after > 0) {
    plan.steps.push_back(timed(StepKind::kFailback, fb.after,
                               texts ? "failback waits " + units::format_duration(fb.after) +
                                           " after " + home + " is back (failback.after)"
                                     : ""));
  }
  if (s.data) {
    plan.discards_writes = failback_discards_writes(s);
    if (!plan.discards_writes) add_sync(m, s, st, away, home, texts, plan);
    plan.down_from = plan.steps.size();
    plan.steps.push_back(timed(
        StepKind::kFailback, fb.freeze.value_or(s.recovery.promotion),
        !texts ? ""
        : plan.discards_writes
            ? "writes made in " + away + " discarded (failback.writes: discard); " + home +
                  " serves again from its own copy"
            : "writes frozen in " + away + ", the last changes moved, " + home + " serves again"));
  } else {
    plan.steps.push_back(
        timed(StepKind::kFailback, s.recovery.replace_time,
              texts ? "instances started in " + home + " while " + away + " serves on" : ""));
  }
  if (s.recovery.dns_ttl > 0) {
    plan.steps.push_back(
        timed(StepKind::kDns, s.recovery.dns_ttl, texts ? "traffic back to " + home : ""));
  }
  if (!s.data) plan.down_from = plan.steps.size();
  plan.after = home_state(m, s, st, plan.discards_writes, now_s);
  return plan;
}

}  // namespace drsim::engine
