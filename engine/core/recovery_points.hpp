// Recovery points of a data set and THE RPO RULE of DESIGN.md §4, as pure functions over the
// model (no SimGrid, no clock). Everything the simulator and `drsim analyze` say about data loss
// comes from achieved_rpo() / usable_points() below, so the rule exists exactly once.
//
// Time convention (shared with scenarios/): seconds since the simulation epoch, day 0 00:00.
// Backups run from the epoch on: run k of a backup starts at run_start(schedule, k)
// (schedule.hpp: `at + k * every`, or a weekday / day of the month of the model's calendar), is
// finished in its own store at start + `duration`, and arrives in each copy store at
// finished + `copy.delay` (each derived from the bytes and the route when the model leaves it at
// 0 s: backup_landing.hpp); it is a recovery point there only from then on. A run holds the data
// as of its START (a crash-consistent point), so its point time is the start. Faults on day 1 and
// later therefore have backup history. A run that would start while the backup's `run_by`
// scheduler is down (DataLoss::skipped_runs) is not taken at all.
//
// Kinds of recovery point (PointKind):
//  * kPrimary      — the primary copy survived and holds no logical damage: nothing lost (RPO 0).
//  * kSyncReplica  — a surviving synchronous replica: RPO 0.
//  * kAsyncReplica — a surviving asynchronous replica: RPO = its lag.
//  * kLogShipping  — a surviving log-shipping standby: RPO = its shipping interval (worst case).
//  * kBackup       — one run of a snapshot/dump/copy backup at one location (its own store or a
//                    copy store). Usable if it had arrived there by the time it is needed, its
//                    store survives, it is not expired and (logical damage) it predates the damage.
//                    An `incremental` backup gives CHAIN points: run k of it at one location
//                    restores together with the newest run of its `full` backup taken at or
//                    before it (usable at any surviving location) and every incremental run
//                    taken since that full (all at this location, none expired). The point is run
//                    k; the transfer is the data size plus each incremental's size (its `size`,
//                    else write_rate x the time since the chain's previous run). A missing link
//                    (expired, or the full lost) falls back to the newest complete chain before
//                    it; the full on its own is a point of the full backup.
//  * kLogReplay    — point-in-time recovery: a base backup (newest usable snapshot/dump/copy run)
//                    plus the log archive replayed up to the newest archived boundary (physical
//                    loss) or to just before the damage (logical loss). The archive's granularity
//                    is its schedule.every (archive interval); its reach back is its retention:
//                    the base run must not be older than that at DataLoss::needed_at(). A
//                    segment counts once archived (boundary + duration + copy delay). A data set
//                    with a log backup but no other backup treats the log archive as self-based
//                    (managed PITR keeps its own base).
//  * kVersioning   — object versions in the versioning backup's store (or, when it names no
//                    store, kept with the data in its primary zone and restored in place without
//                    a transfer): restore the version just before the damage if the version
//                    window (retention) still holds it.
//
// Survival of a location: a store/zone survives if its domain lies inside none of
// DataLoss::lost_domains (Model::within) and the store is not one of DataLoss::destroyed_stores
// (unless immutable or offline); a replica also dies if its index is in lost_replicas.
// Unusable runs (DataLoss::unusable) are skipped: a plain backup's newest N runs that would
// otherwise be usable anywhere, or every run; a marked log archive or version history as a
// whole. A log replay never starts from an unusable base run. Logical damage (corruption, deletion,
// ransomware) reaches the primary and EVERY replica (replication propagates it), so only
// backups/logs/versions help. Ransomware also encrypts every reachable mutable backup copy: only
// copies that are immutable (backup or store flag) or in an offline store survive.
//
// Retention (grandfather-father-son): run k is kept for the largest of keep_last runs (until run
// k + keep_last starts), `daily` days if it is the first run of its day, `weekly` weeks if the
// first run of its week, `monthly` months if the first run of its month, and `window`. Days,
// weeks and months are those of schedule.hpp: calendar weeks and months when the model has a
// calendar or the schedule is weekly/monthly, else 7-day and 30-day blocks from the epoch. The
// first run of a period is the scheduled one, taken or not. A backup with no retention rule at
// all is kept forever. Expiry = start + that age; it is checked at DataLoss::needed_at().
//
// Worked case 1 (DESIGN §4) with this rule: daily snapshot at 02:00, arriving cross-region 20 min
// later; region of the primary lost on day 1 at 01:00 -> day 0 02:00 run -> RPO 23 h; at 02:10 ->
// day 1's run has not arrived -> RPO 24 h 10 min; worst case (just before 02:20) 24 h 20 min.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace drsim::engine {

enum class PointKind {
  kPrimary,
  kSyncReplica,
  kAsyncReplica,
  kLogShipping,
  kBackup,
  kLogReplay,
  kVersioning,
};

// "primary", "sync_replica", "async_replica", "log_shipping", "backup", "log_replay", "versioning".
const char* to_string(PointKind k);

// The replica the model names primary (role `primary`), else the first; 0 without replicas.
std::size_t primary_replica(const model::DataSet& data);

// True for the points held by a live copy of the data (the primary and its replicas), which come
// back by promotion; false for backups, log replay and object versions, which need a restore.
bool held_by_replica(PointKind k);

// One concrete recovery point: where it is, what moment of the data it holds, what a restore
// from it costs. Replica points need no transfer (promotion); backup points need one.
struct RecoveryPoint {
  PointKind kind = PointKind::kBackup;
  model::BackupKind backup_kind = model::BackupKind::kSnapshot;  // backups/log/versioning only
  std::string source;     // backup id, or the replica's zone for replica points, "" for primary
  std::size_t index = 0;  // index into DataSet::backups or DataSet::replicas
  long long run = -1;     // backup run number k (start: schedule.hpp), -1 for replicas
  std::string location;   // store id (backups) or zone/datacenter id (replicas)
  std::string domain;     // failure domain holding `location` (store.domain or the zone)
  bool copy = false;      // true: a copy store of the backup, false: its own store
  // Replicas: it missed writes since stale_since_s (DataLoss::out_of_sync) and holds data only
  // as of then; promoting it needs a person.
  bool stale = false;
  double stale_since_s = 0;
  double point_s = 0;      // the moment (s since epoch) whose data this point holds
  double available_s = 0;  // when it became usable at `location` (finished or arrived)
  double expires_s = std::numeric_limits<double>::infinity();  // retention deletes it then
  bool immutable = false;                                      // backup or store object lock
  bool offline = false;                                        // store is air-gapped
  bool needs_transfer = false;   // a restore transfer from `location` is needed
  double transfer_bytes = 0;     // bytes to move (data size; + archived logs for log replay)
  double retrieval_delay_s = 0;  // cold/archive tier: seconds before the transfer can start
  double replay_bytes = 0;       // log bytes to replay after the base is restored
  std::string base_source;       // log replay: the base backup id
  std::string base_location;     // log replay: the base backup's store
  double base_point_s = 0;       // log replay: the base run's point time
  // Incremental chain: the full run it restores over, and how many incrementals follow it.
  std::string chain_full;            // the full backup's id
  std::string chain_full_location;   // the store the full run is restored from
  double chain_full_point_s = 0;     // the full run's point time
  long long chain_incrementals = 0;  // incremental runs restored after the full (this one too)
};

// [from_s, to_s) in seconds since the epoch.
struct TimeWindow {
  double from_s = 0;
  double to_s = 0;
};

// Runs of one backup that turn out unusable when a restore is attempted (a corrupt snapshot):
// the `newest_runs` newest runs that would otherwise have been usable at DataLoss::needed_at()
// (0 = every run). For a log archive or object versions any mark makes the whole chain unusable.
struct UnusableBackup {
  std::string service;  // service id
  std::string backup;   // backup id within the service's data set
  int newest_runs = 1;  // >= 0; 0 = every run
};

// What was lost, and when: the input of the RPO rule.
struct DataLoss {
  double fault_s = 0;  // t0: the fault (physical loss), or the moment of the damage (logical)
  // Corruption / deletion / ransomware: damage that replication propagates to every replica.
  bool logical = false;
  // Logical: when the damage is noticed; retention is checked then and backups must have
  // arrived by then. An earlier value counts as fault_s. Ignored for physical loss.
  double detected_s = 0;
  bool ransomware = false;  // only immutable or offline backup copies survive (implies logical)
  std::vector<std::string> lost_domains;  // domains (any level) unreachable at recovery time
  // The replica serving as primary now (after a failover during the run); -1 = the model's.
  int primary = -1;
  // Replicas that missed writes (lost while another copy served, or an old primary after a
  // failover) -> when they stopped receiving them; until resynced they hold data only as of
  // then, whatever their replication mode.
  std::map<std::size_t, double> out_of_sync;
  // Replica indices lost on their own (hardware fault). A data set without replicas keeps its
  // data with its first placement zone, which counts as replica 0.
  std::vector<std::size_t> lost_replicas;
  // Backup id -> windows in which runs of that backup are not taken (its `run_by` scheduler was
  // down when they would have started).
  std::map<std::string, std::vector<TimeWindow>> skipped_runs;
  // Backup runs that turn out unusable (bad-backup scenarios); recovery falls back to the next
  // usable point (an older run, another backup, a replica).
  std::vector<UnusableBackup> unusable;
  // Stores destroyed together with every object version in them (a bucket deleted or encrypted
  // by an attacker): no copy there survives unless it is immutable (backup or store object lock,
  // which a deletion attempt cannot remove) or the store is offline (out of the attacker's reach).
  std::vector<std::string> destroyed_stores;
  // False: RpoOutcome::explanation is left empty (a trial's plans word nothing, planner.hpp
  // ResultDetail::kFigures); the figures are the same.
  bool explain = true;

  // The time at which points must be available and unexpired: detected_s for logical damage,
  // fault_s otherwise (anything still in flight when the source dies is lost with it).
  double needed_at() const {
    return logical || ransomware ? std::max(fault_s, detected_s) : fault_s;
  }
};

// Result of the RPO rule for one service.
struct RpoOutcome {
  bool applicable = false;      // false: the service holds no data (stateless, external)
  std::optional<double> rpo_s;  // achieved RPO in seconds; nullopt = no usable recovery point
  std::optional<RecoveryPoint> point;  // the point used (the newest surviving one)
  // One line for reports: "yesterday's 02:00 snapshot nightly in s3-apse1",
  // "sync replica in apse2-az2", "no recovery point: ...".
  std::string explanation;
  bool catastrophic() const { return applicable && !rpo_s; }
};

// True if a location in `domain` is outside every lost domain of `loss`.
bool domain_survives(const model::Model& m, const std::string& domain, const DataLoss& loss);

// True if the store's copies survive `loss`: its domain survives and, under ransomware or when
// the store is destroyed, the copy is immutable (backup flag or store flag) or the store is
// offline.
bool store_survives(const model::Model& m, const model::Store& store, bool backup_immutable,
                    const DataLoss& loss);

// Start time (s since epoch) of run k >= 0 of a backup (schedule.hpp).
double run_start(const model::Backup& b, long long k);

// True if run k of `b` is not taken under `loss`: it would start in a skipped_runs window.
bool run_skipped(const model::Backup& b, long long k, const DataLoss& loss);

// Seconds run `k` of `b` is kept by its retention (GFS rules above); infinity if no rule is set.
double retention_age(const model::Backup& b, long long k);

// Every location of runs of backup `backup_index` of `data` whose start lies in [from_s, to_s]:
// one point per run and location (own store first, then copies in model order), runs ascending.
// Unknown store ids are skipped (the loader has validated them). Intended for timelines/charts;
// the RPO rule below does not enumerate history, it computes the relevant runs directly.
std::vector<RecoveryPoint> backup_points(const model::Model& m, const model::Service& service,
                                         std::size_t backup_index, double from_s, double to_s);

// Every recovery point of `service` usable after `loss`, newest point first; ties prefer no
// transfer, then no retrieval delay, then model order. Empty if none (or no data set).
std::vector<RecoveryPoint> usable_points(const model::Model& m, const model::Service& service,
                                         const DataLoss& loss);

// THE RPO RULE (DESIGN §4): the newest usable point; RPO = fault_s - point_s (>= 0).
// A stateless service gives applicable = false. A service's RPO is the worst of its data sets
// (one data set per service in the current model).
RpoOutcome achieved_rpo(const model::Model& m, const model::Service& service, const DataLoss& loss);

// The same rule over the points `select` keeps, taking the first in the order it returns them
// (the planner's recovery_candidates(): what a procedure may use, in the order a runbook would);
// when it keeps none, the explanation names the newest surviving point it refused.
using PointSelection = std::function<std::vector<RecoveryPoint>(std::vector<RecoveryPoint>)>;
RpoOutcome achieved_rpo(const model::Model& m, const model::Service& service, const DataLoss& loss,
                        const PointSelection& select);

// What `loss` made unusable for `service`, one phrase each, for explanations: "today's 02:00
// snapshot nightly unusable", "the 2 newest runs of snapshot nightly unusable (newest today's
// 02:00)", "every run of dump weekly unusable", "copies in s3-apse1 destroyed". Empty if none.
std::vector<std::string> skipped_points(const model::Model& m, const model::Service& service,
                                        const DataLoss& loss);

// One line describing `p` relative to the fault day of `fault_s`: "yesterday's 02:00 snapshot
// nightly in s3-apse1", "async replica in apse1-az1 (lag 30 s)".
std::string describe(const model::Model& m, const RecoveryPoint& p, double fault_s);

}  // namespace drsim::engine
