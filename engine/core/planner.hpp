// THE RECOVERY PLANNER: every judgement about how a service gets through a loss is made here,
// once, as a pure function — what keeps serving, what is lost, which procedure runs, with which
// steps, durations and transfers, and where the service serves afterwards. `drsim simulate`
// executes plans in SimGrid time (engine/sim), `drsim analyze` sums their fixed durations into
// RTO lower bounds, and `drsim blast-radius` reads whether a service keeps serving, so the three
// cannot disagree.
//
// The rules, in order (docs/engine.md "Recovery rules" says the same in prose):
//  1. A service SERVES when it has its capacity and its data:
//     * capacity: at least min(min_healthy, serving instances in normal operation) instances
//       serve — placement instances and ACTIVE standby instances whose site is alive and whose
//       machine is not lost — and no `dependency:` fault holds the service itself;
//     * data: the primary copy is alive (a data set without replicas lives with its first
//       placement zone), or the data was restored during the run, or — object stores, key-value
//       stores and queues only — a synchronous copy survives whose scope has failover mode
//       `none` (S3 across zones, an etcd quorum, mirrored queues serve on without a promotion).
//     A service that serves but lost instances gets them replaced in the background
//     (auto_replace and a live placement zone): nothing goes down.
//  2. Otherwise it is down, and the plan starts with detection: health checks (interval ×
//     threshold), or for logical damage the time until the damage is noticed.
//  3. A service held by a `dependency:` fault (a third party that is out) waits for the outage.
//  4. Data lost (physical loss of the primary, or logical damage): the first of the usable
//     recovery points of the RPO rule (recovery_points.hpp) that a procedure may use — a replica
//     only if the failover mode of its scope (same region as the primary, or cross-region) is not
//     `none` — a surviving replica before any backup unless recovery.prefer is `newest`, else the
//     newest point (recovery_candidates()) — decides:
//     * a replica: failover. Automatic: promote after detection; manual: the on-call person
//       decides first (page + response + decision). A `dns` step follows when the serving
//       region changes. The instances then serve where the promoted replica is.
//     * a backup, log replay or object versions: a person decides, then retrieval from a cold
//       tier, the fixed restore overhead, the transfer from the store to the recovery site at the
//       route's bottleneck bandwidth (network.hpp), log replay, and `dns`. The recovery site is,
//       for logical damage, the site the service serves from if it is alive (repair in place);
//       otherwise `recovery_site` if alive, else a live placement zone, else the first live zone
//       of the same region, vendor, then any cloud or self-hosted vendor.
//     * none: blocked (catastrophic when the data set has no recovery point).
//  5. Capacity lost, data intact:
//     * a passive standby alive: it takes over after `scale_up` (a person first when the
//       failover mode of its scope is manual), then `dns` when the serving region changes;
//     * surviving instances and `scale_up` > 0: scale them up;
//     * auto_replace and a live placement zone: replace there;
//     * a rebuild from IaC: a person decides, the rebuild waits for what it needs, then
//       `rebuild` at the recovery site and `dns`;
//     * nothing: wait for the outage to end.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/lost_domains.hpp"
#include "engine/core/recovery_points.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"

namespace drsim::engine {

// A replica that missed writes: since when, and whether it diverged (an old primary after a
// failover, or every copy after a restore) rather than only falling behind.
struct OutOfSync {
  double since_s = 0;  // s since epoch
  bool diverged = false;
};

// Where one service's instances and data stand at one moment of a scenario.
// Per instance of a service, without a heap allocation for the usual few: every plan copies a
// state, and a trial makes thousands of plans.
template <class T>
using PerInstance = boost::container::small_vector<T, 6>;

// Sites are positions in m.domains (Model::domain_position()), so that asking whether one is
// lost is one look-up, not a hash of its id: the executor asks for every instance on every change.
struct ServiceState {
  PerInstance<std::size_t> sites;  // per instance: the domain it runs in (site_position())
  PerInstance<bool> standby;       // per instance: a standby instance (model/graph.hpp numbering)
  PerInstance<bool> hw_lost;       // per instance: its machine is lost
  std::vector<std::size_t> lost_replicas;  // replicas lost on their own (hardware)
  int primary = -1;                        // replica holding the primary copy, -1 without replicas
  bool restored = false;                   // the data was restored at `sites` during the run
  int dependency_faults = 0;               // active `dependency:` faults on the service itself
  std::map<std::size_t, OutOfSync> out_of_sync;  // replicas not in sync, until resynced
};

// The position of domain `id` in m.domains; model::Model::kNoDomain for an id that names no
// domain (which no lost domain contains), and site_id() of that is "".
std::size_t site_position(const model::Model& m, const std::string& id);
// The position of placement zone `k`, and of replica `i`'s zone, of `s`: looked up once by
// Model::index() when `s` is one of m's services (the engine asks on every change of every
// trial), else by id.
std::size_t zone_position(const model::Model& m, const model::Service& s, std::size_t k);
std::size_t replica_position(const model::Model& m, const model::Service& s, std::size_t i);
const std::string& site_id(const model::Model& m, std::size_t position);

// The state of m.services[service] in normal operation: instances where the graph places them
// (model::Model::instance_sites()), an external service at its vendor, the model's primary.
ServiceState initial_state(const model::Model& m, std::size_t service);

// How much of a result to write: everything, or only the figures a trial keeps (trial_outcome():
// states, RTO, RPO, verdicts and the kinds and times of the path steps), without the texts no
// trial reads (step details, recovery process, data loss). Plans made for kFigures leave their
// steps' details empty: a trial would build thousands of sentences nobody reads.
enum class ResultDetail { kFull, kFigures };

// Logical damage being repaired; kNone for physical loss.
enum class Damage { kNone, kCorruption, kDeletion, kRansomware };

// What is lost when the plan is made.
struct Situation {
  LostDomains lost_domains;  // failure domains out (any level)
  double fault_s = 0;        // s since epoch: when the service lost what it lost, or the damage
  Damage damage = Damage::kNone;
  double detect_after_s = 0;  // logical damage: seconds until it is noticed
  // Service id -> windows (s since epoch) in which it was down: backups it runs (`run_by`) take
  // no run that would start then (DataLoss::skipped_runs).
  std::map<std::string, std::vector<TimeWindow>> down_windows;
  std::vector<UnusableBackup> unusable;       // backup runs that turn out unusable (DataLoss)
  std::vector<std::string> destroyed_stores;  // stores destroyed with their versions (DataLoss)
  ResultDetail detail = ResultDetail::kFull;  // kFigures: the steps' details are left empty
};

// What a procedure does, for summaries and lower bounds.
enum class Procedure {
  kNone,             // keeps serving
  kWaitForProvider,  // a third party is out: back when it is
  kWaitForOutage,    // no procedure applies: back when the outage ends
  kReplace,
  kScaleUp,  // surviving instances scaled up
  kStandby,  // a passive standby takes over
  kRebuild,
  kAutomaticFailover,
  kManualFailover,
  kRestore,
  kNoRecoveryPoint,  // blocked: the data set has no usable recovery point
  kNoSite,           // blocked: no surviving site to restore or rebuild in
};

// "none needed", "waits for the provider", "standby takes over", "restore", ...
const char* to_string(Procedure p);

// One step of a plan. kTimed steps take `seconds`; kPeople is the on-call gate (page, respond,
// decide — shared by every procedure of a scenario, so its duration is the executor's to
// decide); kTransfer moves `bytes` from store `from_store` to the compute host of `to_site`;
// kWaitFor waits until every item of `needs` is up (an `any_of` item: one of its alternatives).
struct PlannedStep {
  enum class Type { kTimed, kPeople, kTransfer, kWaitFor };
  Type type = Type::kTimed;
  StepKind kind = StepKind::kDetect;
  double seconds = 0;
  std::string detail;
  std::string from_store, to_site;       // kTransfer
  double bytes = 0;                      // kTransfer
  double bandwidth = 0;                  // kTransfer: the route's bottleneck, bytes per second
  std::vector<model::Dependency> needs;  // kWaitFor
};

struct Plan {
  bool serving = true;                 // keeps serving: nothing goes down, no steps
  bool replace_in_background = false;  // serving, lost instances replaced (serving: true)
  Procedure procedure = Procedure::kNone;
  std::vector<PlannedStep> steps;  // starting with detection when not serving
  std::optional<RpoOutcome> rpo;   // the data recovery's point (stateful services that lost data)
  std::string blocked;             // why nothing can run (kNoRecoveryPoint, kNoSite)
  std::string live_zone;           // replace_in_background: the zone new instances start in
  ServiceState after;              // the state once every step has run
};

// Capacity and data of `s` in `state` given the lost domains (rule 1).
bool capacity_ok(const model::Model& m, const model::Service& s, const ServiceState& state,
                 const LostDomains& lost_domains);
bool data_ok(const model::Model& m, const model::Service& s, const ServiceState& state,
             const LostDomains& lost_domains);

// True if replica `i` of `s` can take writes: its zone is alive and its machine not lost.
bool replica_reachable(const model::Model& m, const model::Service& s, const ServiceState& st,
                       std::size_t i, const LostDomains& lost);

// THE RESYNC RULE. A replica of `s` other than the serving primary that is unreachable (its zone
// lost or its machine lost) at `now_s` misses writes from then on: it is out of sync until
// resynced, holds data only as of then (DataLoss::out_of_sync), competes with backups as the
// newest point rather than ahead of them, and is promoted only by a person. Marks such replicas
// in `st`.
void mark_out_of_sync(const model::Model& m, const model::Service& s, ServiceState& st,
                      const LostDomains& lost, double now_s);

// How out-of-sync replica `replica` becomes in sync once it is reachable again, at `now_s`: a
// replica that only fell behind catches up by itself; a diverged one (old primary) rejoins by
// recovery.resync — manual: the on-call person, then `root_cause`, then the resync. The resync
// takes resync.duration, or the writes missed (write_rate × time out of sync) at the bandwidth
// between the replica and the primary.
std::vector<PlannedStep> plan_resync(const model::Model& m, const model::Service& s,
                                     const ServiceState& st, std::size_t replica, double now_s,
                                     ResultDetail detail = ResultDetail::kFull);

// True if `s` keeps a hot spare: a replica other than the primary that is reachable and in sync.
// Data sets with fewer than two replicas never have one, and need none to be reported.
bool hot_spare(const model::Model& m, const model::Service& s, const ServiceState& st,
               const LostDomains& lost);

// True if `s` keeps serving in `state` under `situation`: its capacity and data are there and
// no logical damage is being handled. plan_recovery() then plans no steps (Plan::serving).
bool keeps_serving(const model::Model& m, const model::Service& s, const ServiceState& state,
                   const Situation& situation);

// The first step of every plan that does not keep serving: the loss noticed (health checks, or
// the damage's `detect_after`).
PlannedStep detection(const model::Service& s, const Situation& situation);

// The plan for `s` in `state` under `situation` (rules 1-5).
Plan plan_recovery(const model::Model& m, const model::Service& s, const ServiceState& state,
                   const Situation& situation);

// True if a procedure may use `p`: a replica only where the failover mode of its scope is not
// `none` (or, for object stores, key-value stores and queues, a synchronous copy, which serves
// without promotion); backups, log replay and object versions always.
bool promotable(const model::Model& m, const model::Service& s, const RecoveryPoint& p);

// The points a data recovery may use, in the order it tries them: `points` (usable_points(),
// newest first) without the replicas no procedure may promote (promotable()); with
// recovery.prefer `replica` (the default) every remaining replica comes before any backup, log
// replay or object versions, as a runbook promotes a replica seconds behind rather than restore
// a backup seconds newer; with `newest` the newest point wins.
std::vector<RecoveryPoint> recovery_candidates(const model::Model& m, const model::Service& s,
                                               std::vector<RecoveryPoint> points);

// THE RPO RULE over recovery_candidates(): what a data recovery restores.
RpoOutcome planned_rpo(const model::Model& m, const model::Service& s, const DataLoss& loss);

// The zone of `s`'s primary copy in normal operation (the primary replica, else the first
// replica, else the first placement zone; an external service's vendor): the reference for
// "same region" failover scopes, and the home whose zone, region and vendor analyze loses.
const std::string& primary_zone(const model::Service& s);

// Where `s` serves from in `st`: the first instance that serves in normal operation; by id, or
// by position in m.domains (site_position()).
std::string serving_site(const model::Model& m, const model::Service& s, const ServiceState& st);
std::size_t serving_position(const model::Model& m, const model::Service& s,
                             const ServiceState& st);

// True if `domain` (an id, or its position in m.domains) lies inside none of `lost`.
bool alive(const model::Model& m, const std::string& domain, const LostDomains& lost);
inline bool alive(const model::Model& m, std::size_t domain, const LostDomains& lost) {
  return lost.alive(m, domain);
}

// One term of an RTO lower bound, in seconds.
struct RtoTerm {
  StepKind step = StepKind::kDetect;
  double seconds = 0;
};

// The terms of the time from t0 until the plan has run, counting only what the scenario that
// produced the situation cannot shorten: fixed steps, transfers alone on their route (no
// latency), no waits; the people gate ends no earlier than `team_ready_s` after t0 (the earliest
// a decision can exist: the on-call team is paged once per scenario, by whichever procedure needs
// it first). Their sum is the RTO lower bound.
std::vector<RtoTerm> plan_terms(const model::Model& m, const Plan& plan, double team_ready_s);

// The earliest moment after t0 an on-call decision can exist in a scenario of `situation` alone:
// the shortest health-check detection of any service (logical damage: its detection delay)
// plus page, response and decision.
double team_ready_after(const model::Model& m, const Situation& situation);

}  // namespace drsim::engine
