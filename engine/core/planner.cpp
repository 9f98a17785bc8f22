#include "engine/core/planner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/network.hpp"
#include "engine/core/plan_steps.hpp"
#include "engine/core/small_sort.hpp"
#include "model/units.hpp"

namespace drsim::engine {

std::string region_of(const model::Model& m, const std::string& d) {
  const auto* region = m.enclosing(d, model::DomainLevel::kRegion);
  return region ? region->id : d;
}

PlannedStep timed(StepKind kind, double seconds, std::string detail) {
  PlannedStep p;
  p.type = PlannedStep::Type::kTimed;
  p.kind = kind;
  p.seconds = seconds;
  p.detail = std::move(detail);
  return p;
}

PlannedStep people(std::string detail) {
  PlannedStep p;
  p.type = PlannedStep::Type::kPeople;
  p.kind = StepKind::kDecide;
  p.detail = std::move(detail);
  return p;
}

namespace {

using model::Service;
using model::ServiceKind;
using Type = PlannedStep::Type;

bool is_transparent_kind(ServiceKind k) {
  return k == ServiceKind::kObjectStore || k == ServiceKind::kKvStore || k == ServiceKind::kQueue;
}

bool cross_region(const model::Model& m, const Service& s, const std::string& where) {
  return region_of(m, where) != region_of(m, primary_zone(s));
}

bool replica_lost(const ServiceState& st, std::size_t i) {
  return std::find(st.lost_replicas.begin(), st.lost_replicas.end(), i) != st.lost_replicas.end();
}

bool serves_normally(const Service& s, const ServiceState& st, std::size_t i) {
  return !st.standby[i] || (s.standby && s.standby->active);
}

// The instances that serve in normal operation, and those of them still running.
struct InstanceCount {
  int normal = 0;
  int serving = 0;
};

InstanceCount count_instances(const model::Model& m, const Service& s, const ServiceState& st,
                              const LostDomains& lost) {
  InstanceCount n;
  for (std::size_t i = 0; i < st.sites.size(); ++i) {
    if (!serves_normally(s, st, i)) continue;
    ++n.normal;
    if (!st.hw_lost[i] && alive(m, st.sites[i], lost)) ++n.serving;
  }
  return n;
}

int serving_instances(const model::Model& m, const Service& s, const ServiceState& st,
                      const LostDomains& lost) {
  return count_instances(m, s, st, lost).serving;
}

// True if placement zone `k` of `s` is alive.
bool zone_alive(const model::Model& m, const Service& s, std::size_t k, const LostDomains& lost) {
  return alive(m, zone_position(m, s, k), lost);
}

// The first live placement zone of `s`, "" if none.
std::string first_alive(const model::Model& m, const Service& s, const LostDomains& lost) {
  for (std::size_t k = 0; k < s.placement.zones.size(); ++k) {
    if (zone_alive(m, s, k, lost)) return s.placement.zones[k];
  }
  return "";
}

// Where a restore or rebuild runs (rule 4).
std::string recovery_site(const model::Model& m, const Service& s, const ServiceState& st,
                          const Situation& sit) {
  const auto& lost = sit.lost_domains;
  if (sit.damage != Damage::kNone) {
    // Logical damage is repaired where the service serves, when that place is healthy.
    for (std::size_t i = 0; i < st.sites.size(); ++i) {
      if (serves_normally(s, st, i) && alive(m, st.sites[i], lost)) return site_id(m, st.sites[i]);
    }
  }
  const auto& want = s.recovery.recovery_site;
  if (!want.empty() && alive(m, want, lost)) return want;
  if (auto z = first_alive(m, s, lost); !z.empty()) return z;
  // The first zone or datacenter alive inside `scope` (anywhere: kNoDomain), in model order.
  auto first_inside = [&](std::size_t scope) -> const std::string* {
    // Nothing inside a lost scope is alive.
    if (scope != model::Model::kNoDomain && !alive(m, scope, lost)) return nullptr;
    for (std::size_t i = 0; i < m.domains.size(); ++i) {
      const auto& d = m.domains[i];
      if (d.level != model::DomainLevel::kZone && d.level != model::DomainLevel::kDatacenter) {
        continue;
      }
      if (d.vendor_kind == model::VendorKind::kSaas || !alive(m, i, lost)) continue;
      if (scope == model::Model::kNoDomain || m.within(i, scope)) return &d.id;
    }
    return nullptr;
  };
  // Nearest first: the domains holding the first instance's site (its zone, region, vendor),
  // then anywhere.
  if (!st.sites.empty() && st.sites.front() < m.domains.size()) {
    std::size_t levels = 0;
    for (auto p = m.parent_position(st.sites.front());
         p != model::Model::kNoDomain && levels < m.domains.size();
         p = m.parent_position(p), ++levels) {
      if (const auto* id = first_inside(p)) return *id;
    }
  }
  if (const auto* id = first_inside(model::Model::kNoDomain)) return *id;
  return "";
}

// True if the steps of a plan for `sit` get their details.
bool texts(const Situation& sit) { return sit.detail == ResultDetail::kFull; }

// A `dns` step when traffic moves to another region and the service has a TTL.
void add_dns(const model::Model& m, const Service& s, const std::string& from,
             const std::string& to, const Situation& sit, Plan& plan) {
  if (s.recovery.dns_ttl > 0 && region_of(m, from) != region_of(m, to)) {
    plan.steps.push_back(timed(StepKind::kDns, s.recovery.dns_ttl,
                               texts(sit) ? "traffic switched to " + to : std::string()));
  }
}

// Every instance serves at `site` from now on.
void move_all(const model::Model& m, ServiceState& st, const std::string& site) {
  std::fill(st.sites.begin(), st.sites.end(), site_position(m, site));
  st.hw_lost.assign(st.sites.size(), false);
  st.standby.assign(st.sites.size(), false);
}

// The positions of `ids` (site_position()).
PerInstance<std::size_t> site_positions(const model::Model& m,
                                        const std::vector<std::string>& ids) {
  PerInstance<std::size_t> out;
  for (const auto& id : ids) out.push_back(site_position(m, id));
  return out;
}

// Lost instances move to the live sites among `sites`, round-robin. With `activate`, standby
// instances move too and every instance serves from now on (a standby that took over);
// otherwise standby instances are left as they are (a replacement or scale-up of the serving
// instances does not change what the standby is for).
void fill_from(const model::Model& m, ServiceState& st, const PerInstance<std::size_t>& sites,
               const LostDomains& lost, bool activate) {
  PerInstance<std::size_t> live;
  for (const auto z : sites) {
    if (alive(m, z, lost)) live.push_back(z);
  }
  if (live.empty()) return;
  std::size_t k = 0;
  for (std::size_t i = 0; i < st.sites.size(); ++i) {
    if (!activate && st.standby[i]) continue;  // a lost standby waits for its own zone
    if (st.hw_lost[i] || !alive(m, st.sites[i], lost)) st.sites[i] = live[k++ % live.size()];
    st.hw_lost[i] = false;
    st.standby[i] = false;
  }
}

std::string damage_name(Damage d) {
  switch (d) {
    case Damage::kDeletion:
      return "deletion";
    case Damage::kRansomware:
      return "ransomware";
    case Damage::kCorruption:
    case Damage::kNone:
      break;
  }
  return "corruption";
}

const std::vector<model::Backup> kNoBackups;

// Rule 4: the data comes back from a replica or a backup.
void plan_data(const model::Model& m, const Service& s, const ServiceState& st,
               const Situation& sit, Plan& plan) {
  DataLoss loss;
  loss.fault_s = sit.fault_s;
  loss.logical = sit.damage != Damage::kNone;
  loss.ransomware = sit.damage == Damage::kRansomware;
  loss.detected_s = sit.fault_s + sit.detect_after_s;
  loss.lost_domains = sit.lost_domains.ids();
  loss.lost_replicas = st.lost_replicas;
  loss.primary = st.primary;
  for (const auto& [i, o] : st.out_of_sync) loss.out_of_sync[i] = o.since_s;
  for (const auto& b : s.data ? s.data->backups : kNoBackups) {
    auto down = b.run_by.empty() ? sit.down_windows.end() : sit.down_windows.find(b.run_by);
    if (down != sit.down_windows.end()) loss.skipped_runs[b.id] = down->second;
  }
  loss.unusable = sit.unusable;
  loss.destroyed_stores = sit.destroyed_stores;
  loss.explain = texts(sit);
  RpoOutcome r = planned_rpo(m, s, loss);
  plan.rpo = r;
  if (!r.point) {
    plan.procedure = Procedure::kNoRecoveryPoint;
    plan.blocked = r.explanation;
    plan.steps.push_back(timed(StepKind::kBlocked, 0, r.explanation));
    return;
  }
  const RecoveryPoint& p = *r.point;
  const std::string from = serving_site(m, s, st);
  if (held_by_replica(p.kind)) {
    auto scope = s.recovery.failover_for(cross_region(m, s, p.location));
    // A stale copy loses every write since it fell out of sync: a person decides.
    bool manual = scope.mode == model::FailoverMode::kManual || p.stale;
    plan.procedure = manual ? Procedure::kManualFailover : Procedure::kAutomaticFailover;
    if (manual) plan.steps.push_back(people());
    plan.steps.push_back(timed(StepKind::kPromote, scope.promotion,
                               texts(sit) ? "promote " + r.explanation : std::string()));
    add_dns(m, s, from, p.location, sit, plan);
    plan.after.primary = static_cast<int>(p.index);
    plan.after.out_of_sync.erase(p.index);
    if (st.primary >= 0 && st.primary != plan.after.primary) {
      // The old primary diverged at the loss: it rejoins only by a resync.
      plan.after.out_of_sync[static_cast<std::size_t>(st.primary)] = {sit.fault_s, true};
    }
    plan.after.lost_replicas = st.lost_replicas;
    const std::size_t location = site_position(m, p.location);
    for (std::size_t i = 0; i < plan.after.sites.size(); ++i) {
      if (plan.after.hw_lost[i] || !alive(m, plan.after.sites[i], sit.lost_domains) ||
          !serves_normally(s, plan.after, i)) {
        plan.after.sites[i] = location;
      }
      plan.after.hw_lost[i] = false;
      plan.after.standby[i] = false;
    }
    return;
  }

  const std::string site = recovery_site(m, s, st, sit);
  plan.procedure = Procedure::kRestore;
  plan.steps.push_back(people());
  if (site.empty()) {
    plan.procedure = Procedure::kNoSite;
    plan.blocked = "no surviving site to restore into";
    plan.steps.push_back(timed(StepKind::kBlocked, 0, plan.blocked));
    return;
  }
  const auto& rec = s.recovery;
  if (p.retrieval_delay_s > 0) {
    plan.steps.push_back(timed(StepKind::kRetrieve, p.retrieval_delay_s,
                               texts(sit) ? "retrieval from " + p.location : std::string()));
  }
  if (rec.restore_overhead > 0) {
    plan.steps.push_back(timed(StepKind::kRestore, rec.restore_overhead, "fixed restore overhead"));
  }
  const auto* store = m.find_store(p.location);
  if (p.needs_transfer && p.transfer_bytes > 0 && store) {
    PlannedStep t;
    t.type = Type::kTransfer;
    t.kind = StepKind::kRestore;
    t.from_store = p.location;
    t.to_site = site;
    // A restore that achieves only part of the route's bandwidth moves proportionally more.
    t.bytes = p.transfer_bytes / rec.restore_throughput;
    t.bandwidth = restore_bandwidth(m, *store, site);
    if (texts(sit)) {
      t.detail = units::format_bytes(p.transfer_bytes) + " from " + p.location + " to " + site +
                 " (" + r.explanation + ")";
    }
    plan.steps.push_back(std::move(t));
  } else if (rec.restore_overhead <= 0) {
    // Restores in place (object versions kept with the data) still appear in the path.
    plan.steps.push_back(
        timed(StepKind::kRestore, 0, texts(sit) ? "restore " + r.explanation + " in place" : ""));
  }
  if (p.replay_bytes > 0 && rec.replay_rate > 0) {
    plan.steps.push_back(
        timed(StepKind::kReplay, p.replay_bytes / rec.replay_rate,
              texts(sit) ? units::format_bytes(p.replay_bytes) + " of log replayed" : ""));
  }
  if (rec.dns_ttl > 0 && site != from) {
    plan.steps.push_back(
        timed(StepKind::kDns, rec.dns_ttl, texts(sit) ? "traffic switched to " + site : ""));
  }
  move_all(m, plan.after, site);
  plan.after.lost_replicas.clear();
  plan.after.primary = -1;
  plan.after.restored = true;
  // Every replica holds the old timeline: none is a copy of the restored data until resynced.
  if (s.data) {
    for (std::size_t i = 0; i < s.data->replicas.size(); ++i) {
      plan.after.out_of_sync.emplace(i, OutOfSync{sit.fault_s, true});
    }
  }
}

// Rule 5: capacity comes back.
void plan_capacity(const model::Model& m, const Service& s, const ServiceState& st,
                   const Situation& sit, Plan& plan) {
  const auto& rec = s.recovery;
  const auto& lost = sit.lost_domains;
  const std::string from = serving_site(m, s, st);
  // A passive standby that survives takes over.
  PerInstance<std::size_t> standby_live;
  for (std::size_t i = 0; i < st.sites.size(); ++i) {
    if (st.standby[i] && !serves_normally(s, st, i) && !st.hw_lost[i] &&
        alive(m, st.sites[i], lost)) {
      standby_live.push_back(st.sites[i]);
    }
  }
  if (!standby_live.empty()) {
    const std::string& standby = site_id(m, standby_live.front());
    auto scope = rec.failover_for(cross_region(m, s, standby));
    plan.procedure = Procedure::kStandby;
    if (scope.mode == model::FailoverMode::kManual) plan.steps.push_back(people());
    plan.steps.push_back(
        timed(StepKind::kScaleUp, rec.scale_up,
              texts(sit) ? "passive standby in " + standby + " scaled to full capacity" : ""));
    add_dns(m, s, from, standby, sit, plan);
    fill_from(m, plan.after, standby_live, lost, true);
    return;
  }
  const int alive_n = serving_instances(m, s, st, lost);
  if (alive_n > 0 && rec.scale_up > 0) {
    plan.procedure = Procedure::kScaleUp;
    plan.steps.push_back(timed(StepKind::kScaleUp, rec.scale_up,
                               "scale up " + std::to_string(alive_n) + " surviving instances"));
    fill_from(m, plan.after, st.sites, lost, false);
    return;
  }
  std::string live = first_alive(m, s, lost);
  if (rec.auto_replace && !live.empty() && s.kind != ServiceKind::kExternal) {
    plan.procedure = Procedure::kReplace;
    plan.steps.push_back(
        timed(StepKind::kReplace, rec.replace_time, texts(sit) ? "new instances in " + live : ""));
    fill_from(m, plan.after, site_positions(m, s.placement.zones), lost, false);
    return;
  }
  if (rec.rebuild && s.kind != ServiceKind::kExternal) {
    const std::string site = recovery_site(m, s, st, sit);
    plan.procedure = Procedure::kRebuild;
    if (site.empty()) {
      plan.procedure = Procedure::kNoSite;
      plan.blocked = "no surviving site to rebuild in";
      plan.steps.push_back(timed(StepKind::kBlocked, 0, plan.blocked));
      return;
    }
    plan.steps.push_back(people());
    if (!rec.rebuild_needs.empty()) {
      PlannedStep w;
      w.type = Type::kWaitFor;
      w.kind = StepKind::kWait;
      w.needs = rec.rebuild_needs;
      w.detail = "rebuild needs";
      plan.steps.push_back(std::move(w));
    }
    plan.steps.push_back(
        timed(StepKind::kRebuild, *rec.rebuild, texts(sit) ? "rebuild from IaC in " + site : ""));
    if (rec.dns_ttl > 0) {
      plan.steps.push_back(
          timed(StepKind::kDns, rec.dns_ttl, texts(sit) ? "traffic switched to " + site : ""));
    }
    move_all(m, plan.after, site);
    return;
  }
  plan.procedure = Procedure::kWaitForOutage;
}

}  // namespace

std::size_t serving_position(const model::Model& m, const Service& s, const ServiceState& st) {
  for (std::size_t i = 0; i < st.sites.size(); ++i) {
    if (serves_normally(s, st, i)) return st.sites[i];
  }
  return st.sites.empty() ? site_position(m, primary_zone(s)) : st.sites.front();
}

std::string serving_site(const model::Model& m, const Service& s, const ServiceState& st) {
  return st.sites.empty() ? primary_zone(s) : site_id(m, serving_position(m, s, st));
}

std::size_t zone_position(const model::Model& m, const Service& s, std::size_t k) {
  const auto pos = m.position_of(s);
  return pos < m.services.size() ? m.zone_sites(pos)[k] : site_position(m, s.placement.zones[k]);
}

std::size_t replica_position(const model::Model& m, const Service& s, std::size_t i) {
  const auto pos = m.position_of(s);
  return pos < m.services.size() ? m.replica_sites(pos)[i]
                                 : site_position(m, s.data->replicas[i].zone);
}

std::size_t site_position(const model::Model& m, const std::string& id) {
  return m.domain_position(id).value_or(model::Model::kNoDomain);
}

const std::string& site_id(const model::Model& m, std::size_t position) {
  static const std::string kNone;
  return position < m.domains.size() ? m.domains[position].id : kNone;
}

const char* to_string(Procedure p) {
  switch (p) {
    case Procedure::kNone:
      return "none needed";
    case Procedure::kWaitForProvider:
      return "waits for the provider";
    case Procedure::kWaitForOutage:
      return "waits for the outage to end";
    case Procedure::kReplace:
      return "replacement";
    case Procedure::kScaleUp:
      return "scale-up";
    case Procedure::kStandby:
      return "standby takes over";
    case Procedure::kRebuild:
      return "rebuild";
    case Procedure::kAutomaticFailover:
      return "automatic failover";
    case Procedure::kManualFailover:
      return "manual failover";
    case Procedure::kRestore:
      return "restore";
    case Procedure::kNoRecoveryPoint:
      return "no recovery point";
    case Procedure::kNoSite:
      return "no surviving site";
  }
  return "?";
}

bool promotable(const model::Model& m, const Service& s, const RecoveryPoint& p) {
  if (p.kind == PointKind::kPrimary || !held_by_replica(p.kind)) return true;
  if (s.recovery.failover_for(cross_region(m, s, p.location)).mode != model::FailoverMode::kNone) {
    return true;
  }
  // A synchronous copy of an object store, key-value store or queue serves on unpromoted.
  return p.kind == PointKind::kSyncReplica && is_transparent_kind(s.kind);
}

std::vector<RecoveryPoint> recovery_candidates(const model::Model& m, const Service& s,
                                               std::vector<RecoveryPoint> points) {
  points.erase(std::remove_if(points.begin(), points.end(),
                              [&](const RecoveryPoint& p) { return !promotable(m, s, p); }),
               points.end());
  if (s.recovery.prefer == model::PointPreference::kReplica) {
    const auto replica = [](const RecoveryPoint& p) { return held_by_replica(p.kind) && !p.stale; };
    stable_sort_small(
        points.begin(), points.end(),
        [&](const RecoveryPoint& a, const RecoveryPoint& b) { return replica(a) && !replica(b); });
  }
  return points;
}

RpoOutcome planned_rpo(const model::Model& m, const Service& s, const DataLoss& loss) {
  return achieved_rpo(m, s, loss, [&](std::vector<RecoveryPoint> points) {
    return recovery_candidates(m, s, std::move(points));
  });
}

bool alive(const model::Model& m, const std::string& domain, const LostDomains& lost) {
  return lost.alive(m, domain);
}

const std::string& primary_zone(const Service& s) {
  if (s.data && !s.data->replicas.empty()) return s.data->replicas[primary_replica(*s.data)].zone;
  return s.placement.zones.empty() ? s.vendor : s.placement.zones.front();
}

ServiceState initial_state(const model::Model& m, std::size_t service) {
  ServiceState st;
  const Service& s = m.services.at(service);
  const auto& where = m.instance_sites(service);
  const auto placed = static_cast<std::size_t>(std::max(s.placement.instances, 0));
  for (std::size_t i = 0; i < where.size(); ++i) {
    if (where[i] == model::Model::kNoDomain) continue;
    st.sites.push_back(where[i]);
    st.standby.push_back(i >= placed);
  }
  if (st.sites.empty() && !s.vendor.empty()) {
    st.sites.push_back(site_position(m, s.vendor));  // an external service runs at its vendor
    st.standby.push_back(false);
  }
  st.hw_lost.assign(st.sites.size(), false);
  if (s.data && !s.data->replicas.empty()) st.primary = static_cast<int>(primary_replica(*s.data));
  return st;
}

bool capacity_ok(const model::Model& m, const Service& s, const ServiceState& st,
                 const LostDomains& lost) {
  if (st.dependency_faults > 0) return false;
  const auto n = count_instances(m, s, st, lost);
  return n.normal == 0 || n.serving >= std::min(std::max(s.placement.min_healthy, 1), n.normal);
}

bool data_ok(const model::Model& m, const Service& s, const ServiceState& st,
             const LostDomains& lost) {
  if (!s.data || st.restored) return true;
  const auto& reps = s.data->replicas;
  if (reps.empty()) {
    // Without replicas the data lives with the first placement zone (the RPO rule's replica 0).
    return !replica_lost(st, 0) && !s.placement.zones.empty() && zone_alive(m, s, 0, lost);
  }
  if (st.primary >= 0 && replica_reachable(m, s, st, static_cast<std::size_t>(st.primary), lost)) {
    return true;
  }
  if (!is_transparent_kind(s.kind)) return false;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    if (static_cast<int>(i) == st.primary || reps[i].mode != model::ReplicationMode::kSync) {
      continue;
    }
    if (s.recovery.failover_for(cross_region(m, s, reps[i].zone)).mode ==
            model::FailoverMode::kNone &&
        replica_reachable(m, s, st, i, lost)) {
      return true;
    }
  }
  return false;
}

bool replica_reachable(const model::Model& m, const Service& s, const ServiceState& st,
                       std::size_t i, const LostDomains& lost) {
  if (!s.data || i >= s.data->replicas.size() || replica_lost(st, i)) return false;
  return alive(m, replica_position(m, s, i), lost);
}

void mark_out_of_sync(const model::Model& m, const Service& s, ServiceState& st,
                      const LostDomains& lost, double now_s) {
  if (!s.data) return;
  const auto& reps = s.data->replicas;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    if (static_cast<int>(i) == st.primary || st.out_of_sync.count(i)) continue;
    if (!replica_reachable(m, s, st, i, lost)) st.out_of_sync[i] = {now_s, false};
  }
}

std::vector<PlannedStep> plan_resync(const model::Model& m, const Service& s,
                                     const ServiceState& st, std::size_t replica, double now_s,
                                     ResultDetail detail) {
  const bool texts = detail == ResultDetail::kFull;
  std::vector<PlannedStep> steps;
  if (!s.data || replica >= s.data->replicas.size()) return steps;
  steps.reserve(3);  // at most a decision, the root cause and the copy: one allocation
  const auto it = st.out_of_sync.find(replica);
  const OutOfSync o = it == st.out_of_sync.end() ? OutOfSync{now_s, false} : it->second;
  const auto& rs = s.recovery.resync;
  const std::string& zone = s.data->replicas[replica].zone;
  if (o.diverged && rs.mode == model::ResyncMode::kManual) {
    steps.push_back(people());
    steps.push_back(
        timed(StepKind::kResync, rs.root_cause,
              texts ? "root cause found before " + zone + " rejoins (resync: manual)" : ""));
  }
  double seconds = rs.duration;
  if (seconds <= 0) {
    const std::size_t from = st.primary >= 0 ? static_cast<std::size_t>(st.primary) : replica;
    const double bw = route_bandwidth(m, replica_position(m, s, from), site_nic(m),
                                      replica_position(m, s, replica), site_nic(m));
    const double bytes = s.data->write_rate * std::max(0.0, now_s - o.since_s);
    seconds = bw > 0 ? bytes / bw : 0;
  }
  steps.push_back(timed(StepKind::kResync, seconds,
                        texts ? std::string(o.diverged ? "diverged copy in " : "copy in ") + zone +
                                    " resynced after " + units::format_duration(now_s - o.since_s) +
                                    " out of sync"
                              : ""));
  return steps;
}

bool hot_spare(const model::Model& m, const Service& s, const ServiceState& st,
               const LostDomains& lost) {
  if (!s.data) return false;
  const auto& reps = s.data->replicas;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    if (static_cast<int>(i) != st.primary && !st.out_of_sync.count(i) &&
        replica_reachable(m, s, st, i, lost)) {
      return true;
    }
  }
  return false;
}

namespace {

// True if `sit` is logical damage to `s`'s data being handled (a stateless service has none).
bool logical_damage(const Service& s, const Situation& sit) {
  return sit.damage != Damage::kNone && s.data;
}

}  // namespace

bool keeps_serving(const model::Model& m, const Service& s, const ServiceState& st,
                   const Situation& sit) {
  return !logical_damage(s, sit) && capacity_ok(m, s, st, sit.lost_domains) &&
         data_ok(m, s, st, sit.lost_domains);
}

PlannedStep detection(const Service& s, const Situation& sit) {
  if (logical_damage(s, sit)) {
    return timed(StepKind::kDetect, sit.detect_after_s,
                 texts(sit) ? damage_name(sit.damage) + " noticed after " +
                                  units::format_duration(sit.detect_after_s)
                            : "");
  }
  const auto& rec = s.recovery;
  return timed(StepKind::kDetect, rec.detect_interval * rec.detect_threshold,
               texts(sit) ? std::to_string(rec.detect_threshold) + " failed health checks every " +
                                units::format_duration(rec.detect_interval)
                          : "");
}

Plan plan_recovery(const model::Model& m, const Service& s, const ServiceState& st,
                   const Situation& sit) {
  Plan plan;
  plan.after = st;
  const auto& lost = sit.lost_domains;
  const bool logical = logical_damage(s, sit);
  if (keeps_serving(m, s, st, sit)) {
    const std::string live = first_alive(m, s, lost);
    bool short_of = false;
    for (std::size_t i = 0; i < st.sites.size(); ++i) {
      short_of = short_of ||
                 (serves_normally(s, st, i) && (st.hw_lost[i] || !alive(m, st.sites[i], lost)));
    }
    plan.replace_in_background =
        short_of && s.recovery.auto_replace && !live.empty() && s.kind != ServiceKind::kExternal;
    if (plan.replace_in_background) {
      plan.live_zone = live;
      fill_from(m, plan.after, site_positions(m, s.placement.zones), lost, false);
    }
    return plan;
  }
  plan.serving = false;
  plan.steps.reserve(8);  // detection, people, the procedure's few steps: one allocation
  plan.steps.push_back(detection(s, sit));
  if (!logical && st.dependency_faults > 0) {
    plan.procedure = Procedure::kWaitForProvider;
    return plan;
  }
  if (logical || !data_ok(m, s, st, lost)) {
    plan_data(m, s, st, sit, plan);
    return plan;
  }
  plan_capacity(m, s, st, sit, plan);
  return plan;
}

double team_ready_after(const model::Model& m, const Situation& sit) {
  const auto& pe = m.people;
  const double human = pe.page + pe.response + pe.decision;
  if (sit.damage != Damage::kNone) return sit.detect_after_s + human;
  double fastest = std::numeric_limits<double>::infinity();
  for (const auto& s : m.services) {
    fastest = std::min(fastest, s.recovery.detect_interval * s.recovery.detect_threshold);
  }
  return (std::isfinite(fastest) ? fastest : 0) + human;
}

std::vector<RtoTerm> plan_terms(const model::Model& m, const Plan& plan, double team_ready_s) {
  std::vector<RtoTerm> out;
  double t = 0;
  const auto& pe = m.people;
  for (const auto& step : plan.steps) {
    double d = 0;
    switch (step.type) {
      case Type::kTimed:
        d = step.seconds;
        if (d > 0 || step.kind == StepKind::kRestore) out.push_back({step.kind, d});
        break;
      case Type::kPeople:
        d = std::max(0.0, team_ready_s - t);
        if (d >= pe.page + pe.response + pe.decision) {
          out.push_back({StepKind::kPage, pe.page});
          out.push_back({StepKind::kRespond, pe.response});
          out.push_back({StepKind::kDecide, d - pe.page - pe.response});
        } else if (d > 0) {
          out.push_back({StepKind::kDecide, d});
        }
        break;
      case Type::kTransfer:
        d = step.bandwidth > 0 ? step.bytes / step.bandwidth : 0;
        out.push_back({StepKind::kRestore, d});
        break;
      case Type::kWaitFor:
        break;
    }
    t += d;
  }
  return out;
}

}  // namespace drsim::engine
