#include "engine/core/recovery_points.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "engine/core/backup_landing.hpp"
#include "engine/core/planner.hpp"
#include "engine/core/schedule.hpp"
#include "engine/core/small_sort.hpp"
#include "model/units.hpp"

namespace drsim::engine {
namespace {

constexpr double kDay = 86400;
// Seconds of slack when a time lands exactly on a schedule boundary; far below the 1 ms steps
// the analytic sweep takes, and times are whole seconds in practice.
constexpr double kEps = 1e-6;

bool is_plain(model::BackupKind k) {
  return k != model::BackupKind::kLog && k != model::BackupKind::kVersioning;
}

// Newest run k whose start is <= `t` (may be negative = none).
long long newest_run_at_or_before(const model::Backup& b, double t) {
  return engine::newest_run_at_or_before(b.schedule, t);
}

// The newest run taken (not skipped under `loss`) whose start is <= `t`; negative if none.
long long newest_taken_at_or_before(const model::Backup& b, const DataLoss& loss, double t) {
  long long k = newest_run_at_or_before(b, t);
  auto it = loss.skipped_runs.find(b.id);
  if (it == loss.skipped_runs.end()) return k;
  for (bool moved = true; moved && k >= 0;) {
    moved = false;
    const double start = run_start(b, k);
    for (const auto& w : it->second) {
      if (start + kEps >= w.from_s && start < w.to_s) {
        k = newest_run_at_or_before(b, w.from_s - 2 * kEps);
        moved = true;
        break;
      }
    }
  }
  return k;
}

bool is_representative(const model::Backup& b, long long k, CalendarPeriod p) {
  return first_run_of_period(b.schedule, k, p) == k;
}

bool has_retention_rule(const model::Retention& r) {
  return r.keep_last > 0 || r.daily > 0 || r.weekly > 0 || r.monthly > 0 || r.window > 0;
}

// Seconds archived logs/versions are kept (continuous kinds use the uniform max_age).
double continuous_age(const model::Backup& b) {
  if (!has_retention_rule(b.retention)) return std::numeric_limits<double>::infinity();
  return b.retention.max_age(longest_gap(b.schedule));
}

// One location of a backup: its own store, a copy store, or — for object versions without a
// store — the data's own home zone (versions live with the data).
struct Location {
  std::string id;      // store id, or the home zone
  std::string domain;  // failure domain holding it
  double landing = 0;  // seconds from a run's start until it is usable here (backup_landing)
  bool copy = false;
  bool immutable = false;
  bool offline = false;
  double retrieval_delay = 0;
  bool in_place = false;  // versions kept with the data: restored without a transfer
};

Location at_store(const model::Store& s, double landing, bool copy) {
  return {s.id, s.domain, landing, copy, s.immutable, s.offline, s.retrieval_delay, false};
}

std::vector<Location> locations_of(const model::Model& m, const model::Service& service,
                                   const model::Backup& b) {
  std::vector<Location> out;
  const double finish = finish_after(m, service, b);
  if (const auto* s = m.find_store(b.store)) {
    out.push_back(at_store(*s, finish, false));
  } else if (b.store.empty() && b.kind == model::BackupKind::kVersioning) {
    const std::string home = primary_zone(service);
    out.push_back({home, home, finish, false, false, false, 0, true});
  }
  for (const auto& c : b.copies) {
    if (const auto* s = m.find_store(c.store)) {
      out.push_back(at_store(*s, finish + copy_after(m, service, b, c), true));
    }
  }
  return out;
}

bool location_survives(const model::Model& m, const Location& loc, bool backup_immutable,
                       const DataLoss& loss) {
  if (!domain_survives(m, loc.domain, loss)) return false;
  const bool locked = backup_immutable || loc.immutable || loc.offline;
  const auto& gone = loss.destroyed_stores;
  if (!locked && !loc.in_place && std::find(gone.begin(), gone.end(), loc.id) != gone.end()) {
    return false;
  }
  return !loss.ransomware || locked;
}

// True if run k of `b` is still kept by its retention at `t` (s since epoch).
bool retained_at(const model::Backup& b, long long k, double t) {
  return run_start(b, k) + retention_age(b, k) + kEps >= t;
}

// Fills `p`, a RecoveryPoint as default-constructed, with run k of plain backup `index` at `loc`
// (in place: a point holds seven strings, and the engine makes hundreds per trial).
void fill_backup_point(RecoveryPoint& p, const model::DataSet& data, std::size_t index, long long k,
                       const Location& loc) {
  const auto& b = data.backups[index];
  p.kind = PointKind::kBackup;
  p.backup_kind = b.kind;
  p.source = b.id;
  p.index = index;
  p.run = k;
  p.location = loc.id;
  p.domain = loc.domain;
  p.copy = loc.copy;
  p.point_s = run_start(b, k);
  p.available_s = p.point_s + loc.landing;
  p.expires_s = p.point_s + retention_age(b, k);
  p.immutable = b.immutable || loc.immutable;
  p.offline = loc.offline;
  p.needs_transfer = true;
  p.transfer_bytes = data.size;
  p.retrieval_delay_s = loc.retrieval_delay;
}

RecoveryPoint backup_point(const model::DataSet& data, std::size_t index, long long k,
                           const Location& loc) {
  RecoveryPoint p;
  fill_backup_point(p, data, index, k, loc);
  return p;
}

// The newest run of plain backup `index` at `loc` that arrived by `needed` (loss.needed_at()),
// holds data from no later than `limit`, and is still retained at `needed`.
// Runs above `max_run` are not considered (they turned out unusable). -1 if there is none.
long long newest_plain_run(const model::DataSet& data, std::size_t index, const Location& loc,
                           const DataLoss& loss, double needed, double limit, long long max_run) {
  const auto& b = data.backups[index];
  long long k0 =
      std::min(newest_taken_at_or_before(b, loss, std::min(needed - loc.landing, limit)), max_run);
  if (k0 < 0) return -1;
  // A run older than k0 is kept only by a rule that also keeps the newest representative of its
  // day/week/month (or by a uniform rule that keeps k0 too), so these candidates suffice.
  const long long candidates[] = {k0, first_run_of_period(b.schedule, k0, CalendarPeriod::kDay),
                                  first_run_of_period(b.schedule, k0, CalendarPeriod::kWeek),
                                  first_run_of_period(b.schedule, k0, CalendarPeriod::kMonth)};
  long long best = -1;
  for (long long k : candidates) {
    if (k <= best || run_skipped(b, k, loss)) continue;
    if (!retained_at(b, k, needed)) continue;
    best = k;
  }
  return best;
}

// A surviving location where run k of the full backup `full` had arrived by `needed` and is
// still retained: the store `prefer` if it qualifies, else the first in model order.
std::optional<Location> full_location(const model::Model& m, const model::Service& service,
                                      const model::Backup& full, long long k, const DataLoss& loss,
                                      double needed, const std::string& prefer) {
  if (!retained_at(full, k, needed)) return std::nullopt;
  const double start = run_start(full, k);
  std::optional<Location> out;
  for (const auto& loc : locations_of(m, service, full)) {
    if (!location_survives(m, loc, full.immutable, loss)) continue;
    if (start + loc.landing > needed + kEps) continue;
    if (!out || loc.id == prefer) out = loc;
    if (loc.id == prefer) break;
  }
  return out;
}

// The newest complete chain of incremental backup `index` at `loc` (see the header): its newest
// run that arrived by `needed` and predates `limit`, over the newest full taken before it, with
// every incremental since that full still retained; on a missing link the newest chain before it.
std::optional<RecoveryPoint> newest_chain(const model::Model& m, const model::Service& service,
                                          std::size_t index, const Location& loc,
                                          const DataLoss& loss, double needed, double limit,
                                          long long max_run) {
  const model::DataSet& data = *service.data;
  const auto& b = data.backups[index];
  const model::Backup* full = nullptr;
  for (const auto& c : data.backups) {
    if (c.id == b.full && c.kind != model::BackupKind::kIncremental) full = &c;
  }
  if (!full) return std::nullopt;
  // A bad incremental breaks every chain through it: only chains ending before it remain.
  long long k =
      std::min(newest_taken_at_or_before(b, loss, std::min(needed - loc.landing, limit)), max_run);
  // Each pass drops at least one broken link; a few passes reach any chain still retained.
  for (int pass = 0; k >= 0 && pass < 64; ++pass) {
    const double ti = run_start(b, k);
    const long long kf = newest_taken_at_or_before(*full, loss, ti);
    if (kf < 0) return std::nullopt;
    const double tf = run_start(*full, kf);
    if (tf >= ti - kEps) {  // nothing since the full: its own point; else an older chain
      k = newest_taken_at_or_before(b, loss, ti - 2 * kEps);
      continue;
    }
    auto full_loc = full_location(m, service, *full, kf, loss, needed, loc.id);
    if (!full_loc) {  // every incremental over this full is lost with it
      k = newest_taken_at_or_before(b, loss, tf - 2 * kEps);
      continue;
    }
    RecoveryPoint p = backup_point(data, index, k, loc);
    p.expires_s = std::min(p.expires_s, tf + retention_age(*full, kf));
    double bytes = 0, previous = tf;
    long long broken = -1;
    for (long long j = first_run_at_or_after(b.schedule, tf + 2 * kEps); j <= k; ++j) {
      if (run_skipped(b, j, loss)) continue;
      const double tj = run_start(b, j);
      const double expires = tj + retention_age(b, j);
      if (expires + kEps < needed) broken = j;
      p.expires_s = std::min(p.expires_s, expires);
      bytes += b.size > 0 ? b.size : data.write_rate * (tj - previous);
      previous = tj;
      ++p.chain_incrementals;
    }
    if (broken >= 0) {
      k = newest_taken_at_or_before(b, loss, run_start(b, broken) - 2 * kEps);
      continue;
    }
    p.transfer_bytes = data.size + bytes;
    p.immutable = p.immutable && (full->immutable || full_loc->immutable);
    p.retrieval_delay_s = std::max(p.retrieval_delay_s, full_loc->retrieval_delay);
    p.chain_full = full->id;
    p.chain_full_location = full_loc->id;
    p.chain_full_point_s = tf;
    return p;
  }
  return std::nullopt;
}

bool replica_survives(const model::Model& m, const model::DataSet& data, std::size_t i,
                      const DataLoss& loss) {
  if (std::find(loss.lost_replicas.begin(), loss.lost_replicas.end(), i) !=
      loss.lost_replicas.end())
    return false;
  return domain_survives(m, data.replicas[i].zone, loss);
}

const UnusableBackup* unusable_mark(const DataLoss& loss, const std::string& service,
                                    const std::string& backup) {
  for (const auto& u : loss.unusable) {
    if (u.service == service && u.backup == backup) return &u;
  }
  return nullptr;
}

// Which runs of plain backup `index` are unusable under `loss`: none, every run, or the runs
// from `first` to `newest` (the newest runs that would otherwise be usable somewhere).
struct BadRuns {
  bool any = false;
  bool all = false;
  long long first = std::numeric_limits<long long>::max();
  long long newest = -1;
};

BadRuns bad_runs(const model::Model& m, const model::Service& service, std::size_t index,
                 const std::vector<Location>& locs, const DataLoss& loss) {
  BadRuns out;
  const auto& b = service.data->backups[index];
  const UnusableBackup* mark = unusable_mark(loss, service.id, b.id);
  if (!mark) return out;
  out.any = true;
  out.all = mark->newest_runs <= 0;
  if (out.all) return out;
  for (const auto& loc : locs) {
    if (!location_survives(m, loc, b.immutable, loss)) continue;
    out.newest =
        std::max(out.newest, newest_plain_run(*service.data, index, loc, loss, loss.needed_at(),
                                              loss.fault_s, std::numeric_limits<long long>::max()));
  }
  if (out.newest < 0) {
    out.any = false;  // nothing would have been usable: nothing to turn out bad
    return out;
  }
  out.first = out.newest - mark->newest_runs + 1;
  return out;
}

std::string time_of_day(double t) {
  auto s = static_cast<long long>(std::llround(t));
  long long in_day = ((s % 86400) + 86400) % 86400;
  char buf[16];
  if (in_day % 60 == 0) {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", in_day / 3600, in_day / 60 % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", in_day / 3600, in_day / 60 % 60,
                  in_day % 60);
  }
  return buf;
}

// "today's 02:00", "yesterday's 02:00", "day 3 02:00" (days counted from the epoch).
std::string when(double point_s, double fault_s) {
  auto day_of = [](double t) { return static_cast<long long>(std::floor((t + kEps) / kDay)); };
  long long diff = day_of(fault_s) - day_of(point_s);
  if (diff == 0) return "today's " + time_of_day(point_s);
  if (diff == 1) return "yesterday's " + time_of_day(point_s);
  return "day " + std::to_string(day_of(point_s)) + " " + time_of_day(point_s);
}

std::string tier_note(const model::Model& m, const RecoveryPoint& p) {
  if (p.retrieval_delay_s <= 0) return "";
  const auto* s = m.find_store(p.location);
  std::string tier = s ? model::to_string(s->tier) : "cold";
  return " (" + tier + " tier, retrieval " + units::format_duration(p.retrieval_delay_s) + ")";
}

}  // namespace

const char* to_string(PointKind k) {
  switch (k) {
    case PointKind::kPrimary:
      return "primary";
    case PointKind::kSyncReplica:
      return "sync_replica";
    case PointKind::kAsyncReplica:
      return "async_replica";
    case PointKind::kLogShipping:
      return "log_shipping";
    case PointKind::kBackup:
      return "backup";
    case PointKind::kLogReplay:
      return "log_replay";
    case PointKind::kVersioning:
      return "versioning";
  }
  return "?";
}

std::size_t primary_replica(const model::DataSet& data) {
  for (std::size_t i = 0; i < data.replicas.size(); ++i) {
    if (data.replicas[i].role == model::ReplicaRole::kPrimary) return i;
  }
  return 0;
}

bool held_by_replica(PointKind k) {
  return k == PointKind::kPrimary || k == PointKind::kSyncReplica ||
         k == PointKind::kAsyncReplica || k == PointKind::kLogShipping;
}

bool domain_survives(const model::Model& m, const std::string& domain, const DataLoss& loss) {
  for (const auto& lost : loss.lost_domains) {
    if (domain == lost || m.within(domain, lost)) return false;
  }
  return true;
}

bool store_survives(const model::Model& m, const model::Store& store, bool backup_immutable,
                    const DataLoss& loss) {
  return location_survives(m, at_store(store, 0, false), backup_immutable, loss);
}

double run_start(const model::Backup& b, long long k) { return run_start(b.schedule, k); }

bool run_skipped(const model::Backup& b, long long k, const DataLoss& loss) {
  auto it = loss.skipped_runs.find(b.id);
  if (it == loss.skipped_runs.end()) return false;
  const double start = run_start(b, k);
  return std::any_of(it->second.begin(), it->second.end(), [start](const TimeWindow& w) {
    return start + kEps >= w.from_s && start < w.to_s;
  });
}

double retention_age(const model::Backup& b, long long k) {
  const auto& r = b.retention;
  const auto& s = b.schedule;
  if (!has_retention_rule(r)) return std::numeric_limits<double>::infinity();
  double age = r.window;
  if (r.keep_last > 0) {
    age = std::max(age, periodic(s) ? r.keep_last * longest_gap(s)
                                    : run_start(s, k + r.keep_last) - run_start(s, k));
  }
  for (auto [count, period] :
       {std::pair{r.daily, CalendarPeriod::kDay}, std::pair{r.weekly, CalendarPeriod::kWeek},
        std::pair{r.monthly, CalendarPeriod::kMonth}}) {
    if (count > 0 && is_representative(b, k, period)) {
      age = std::max(age, kept_for(s, k, period, count));
    }
  }
  return age;
}

std::vector<RecoveryPoint> backup_points(const model::Model& m, const model::Service& service,
                                         std::size_t backup_index, double from_s, double to_s) {
  std::vector<RecoveryPoint> out;
  if (!service.data || backup_index >= service.data->backups.size() || to_s < from_s) return out;
  const model::DataSet& data = *service.data;
  const auto& b = data.backups[backup_index];
  auto locs = locations_of(m, service, b);
  long long first = std::max(0LL, newest_run_at_or_before(b, from_s - kEps * 2) + 1);
  long long last = newest_run_at_or_before(b, to_s);
  for (long long k = first; k <= last; ++k) {
    for (const auto& loc : locs) out.push_back(backup_point(data, backup_index, k, loc));
  }
  return out;
}

std::vector<RecoveryPoint> usable_points(const model::Model& m, const model::Service& service,
                                         const DataLoss& loss) {
  std::vector<RecoveryPoint> out;
  if (!service.data) return out;
  const model::DataSet& data = *service.data;
  const bool logical = loss.logical || loss.ransomware;
  const double needed = loss.needed_at();
  std::size_t most = data.replicas.size() + 1;  // at most one point per copy and location
  for (const auto& b : data.backups) most += 1 + b.copies.size();
  out.reserve(most);

  // Primary and replicas: logical damage reaches all of them.
  if (!logical) {
    if (data.replicas.empty()) {
      // No replicas listed: the data lives with the first placement zone, as replica 0.
      std::string zone = service.placement.zones.empty() ? "" : service.placement.zones.front();
      bool lost_itself = std::find(loss.lost_replicas.begin(), loss.lost_replicas.end(),
                                   std::size_t{0}) != loss.lost_replicas.end();
      if (!lost_itself && domain_survives(m, zone, loss)) {
        RecoveryPoint& p = out.emplace_back();
        p.kind = PointKind::kPrimary;
        p.location = p.domain = zone;
        p.point_s = p.available_s = loss.fault_s;
      }
    }
    const std::size_t model_primary = primary_replica(data);
    const std::size_t primary =
        loss.primary >= 0 ? static_cast<std::size_t>(loss.primary) : model_primary;
    for (std::size_t i = 0; i < data.replicas.size(); ++i) {
      if (!replica_survives(m, data, i, loss)) continue;
      // The model's primary replicates from a promoted one the way that one did from it.
      const auto& r = data.replicas[i == model_primary && primary != model_primary ? primary : i];
      RecoveryPoint& p = out.emplace_back();
      p.index = i;
      p.source = p.location = p.domain = data.replicas[i].zone;
      p.available_s = loss.fault_s;
      if (i == primary) {
        p.kind = PointKind::kPrimary;
        p.point_s = loss.fault_s;
      } else if (r.mode == model::ReplicationMode::kSync) {
        p.kind = PointKind::kSyncReplica;
        p.point_s = loss.fault_s;
      } else if (r.mode == model::ReplicationMode::kAsync) {
        p.kind = PointKind::kAsyncReplica;
        p.point_s = loss.fault_s - r.lag;
      } else {
        p.kind = PointKind::kLogShipping;
        p.point_s = loss.fault_s - r.interval;
      }
      if (auto it = loss.out_of_sync.find(i); it != loss.out_of_sync.end()) {
        p.kind = PointKind::kAsyncReplica;
        p.stale = true;
        p.stale_since_s = it->second;
        p.point_s = std::min(p.point_s, it->second);
      }
    }
  }

  // Plain backups: the newest usable run per location (out[plain_begin, plain_end)).
  const std::size_t plain_begin = out.size();
  bool has_plain_backup = false;
  for (std::size_t i = 0; i < data.backups.size(); ++i) {
    const auto& b = data.backups[i];
    if (!is_plain(b.kind)) continue;
    has_plain_backup = true;
    const auto locs = locations_of(m, service, b);
    const BadRuns bad = bad_runs(m, service, i, locs, loss);
    if (bad.all) continue;
    const long long max_run = bad.any ? bad.first - 1 : std::numeric_limits<long long>::max();
    for (const auto& loc : locs) {
      if (!location_survives(m, loc, b.immutable, loss)) continue;
      if (b.kind == model::BackupKind::kIncremental) {
        auto p = newest_chain(m, service, i, loc, loss, needed, loss.fault_s, max_run);
        if (p) out.push_back(std::move(*p));
      } else if (const long long k =
                     newest_plain_run(data, i, loc, loss, needed, loss.fault_s, max_run);
                 k >= 0) {
        fill_backup_point(out.emplace_back(), data, i, k, loc);
      }
    }
  }
  const std::size_t plain_end = out.size();

  // Log archives and object versions: replay to the newest archived boundary, or to just before
  // the damage once the segment holding it has been archived.
  for (std::size_t i = 0; i < data.backups.size(); ++i) {
    const auto& b = data.backups[i];
    if (is_plain(b.kind) || unusable_mark(loss, service.id, b.id)) continue;
    const bool versioning = b.kind == model::BackupKind::kVersioning;
    const double age = continuous_age(b);
    for (const auto& loc : locations_of(m, service, b)) {
      if (!location_survives(m, loc, b.immutable, loss)) continue;
      long long k = newest_run_at_or_before(b, needed - loc.landing);
      if (k < 0) continue;
      double boundary = run_start(b, k);
      double point = std::min(boundary, loss.fault_s);
      RecoveryPoint p;
      p.kind = versioning ? PointKind::kVersioning : PointKind::kLogReplay;
      p.backup_kind = b.kind;
      p.source = b.id;
      p.index = i;
      p.run = k;
      p.location = loc.id;
      p.domain = loc.domain;
      p.copy = loc.copy;
      p.point_s = point;
      p.available_s = boundary + loc.landing;
      p.expires_s = point + age;
      p.immutable = b.immutable || loc.immutable;
      p.offline = loc.offline;
      p.needs_transfer = true;
      p.transfer_bytes = data.size;
      p.retrieval_delay_s = loc.retrieval_delay;
      if (loc.in_place) {
        p.needs_transfer = false;
        p.transfer_bytes = 0;
      }
      if (versioning || !has_plain_backup) {
        // Self-based: versions, or managed PITR that keeps its own base. The archive must still
        // hold the point when recovery starts.
        if (needed - point > age + kEps) continue;
        p.base_point_s = point;
      } else {
        // Needs a base run at or before the replay target, not older than the archive's reach.
        const RecoveryPoint* base = nullptr;
        bool plain_is_newer = false;
        for (std::size_t j = plain_begin; j < plain_end; ++j) {
          const RecoveryPoint& c = out[j];
          if (c.point_s > point - kEps) plain_is_newer = true;
          if (c.point_s <= point + kEps && c.point_s + age + kEps >= needed &&
              (!base || c.point_s > base->point_s)) {
            base = &c;
          }
        }
        if (plain_is_newer || !base) continue;  // a plain run is at least as new: no replay
        p.base_source = base->source;
        p.base_location = base->location;
        p.base_point_s = base->point_s;
        p.replay_bytes = data.write_rate * (point - base->point_s);
        p.transfer_bytes = base->transfer_bytes + p.replay_bytes;
        p.retrieval_delay_s = std::max(p.retrieval_delay_s, base->retrieval_delay_s);
      }
      out.push_back(std::move(p));
    }
  }

  const auto newer_first = [](const RecoveryPoint& a, const RecoveryPoint& b) {
    if (std::abs(a.point_s - b.point_s) > kEps) return a.point_s > b.point_s;
    return std::make_tuple(a.needs_transfer, a.retrieval_delay_s, static_cast<int>(a.kind)) <
           std::make_tuple(b.needs_transfer, b.retrieval_delay_s, static_cast<int>(b.kind));
  };
  stable_sort_small(out.begin(), out.end(), newer_first);
  return out;
}

RpoOutcome achieved_rpo(const model::Model& m, const model::Service& service,
                        const DataLoss& loss) {
  return achieved_rpo(m, service, loss, [](std::vector<RecoveryPoint> p) { return p; });
}

RpoOutcome achieved_rpo(const model::Model& m, const model::Service& service, const DataLoss& loss,
                        const PointSelection& select) {
  RpoOutcome out;
  if (!service.data) {
    out.explanation = "holds no data";
    return out;
  }
  out.applicable = true;
  auto surviving = usable_points(m, service, loss);
  std::optional<RecoveryPoint> refused;  // only its description is used
  if (loss.explain && !surviving.empty()) refused = surviving.front();
  auto points = select(std::move(surviving));
  if (!points.empty()) {
    out.point = std::move(points.front());
    out.rpo_s = std::max(0.0, loss.fault_s - out.point->point_s);
  }
  if (!loss.explain) return out;
  const auto skipped = skipped_points(m, service, loss);
  if (points.empty() && refused) {
    out.explanation = "no recovery point: the surviving " + describe(m, *refused, loss.fault_s) +
                      " is never promoted (failover mode none) and no backup survives";
    return out;
  }
  if (points.empty()) {
    const bool logical = loss.logical || loss.ransomware;
    if (!skipped.empty()) {
      std::string what;
      for (const auto& x : skipped) what += (what.empty() ? "" : "; ") + x;
      out.explanation = "no recovery point: " + what + ", and no other point survives";
    } else if (service.data->backups.empty()) {
      out.explanation = logical
                            ? "no recovery point: replication copies the damage and there is "
                              "no backup"
                            : "no recovery point: every replica was lost and there is no backup";
    } else if (loss.ransomware) {
      out.explanation = "no recovery point: no immutable or offline copy predates the attack";
    } else if (logical) {
      out.explanation =
          "no recovery point: no backup from before the damage is still retained when it is "
          "detected " +
          units::format_duration(loss.detected_s - loss.fault_s) + " later";
    } else {
      out.explanation = "no recovery point: every replica and backup copy was lost";
    }
    return out;
  }
  out.explanation = describe(m, *out.point, loss.fault_s);
  for (auto it = skipped.rbegin(); it != skipped.rend(); ++it) {
    out.explanation = *it + "; " + out.explanation;
  }
  return out;
}

std::vector<std::string> skipped_points(const model::Model& m, const model::Service& service,
                                        const DataLoss& loss) {
  std::vector<std::string> out;
  if (!service.data) return out;
  const auto& data = *service.data;
  for (std::size_t i = 0; i < data.backups.size(); ++i) {
    const auto& b = data.backups[i];
    const std::string name = std::string(model::to_string(b.kind)) + " " + b.id;
    if (!is_plain(b.kind)) {
      if (unusable_mark(loss, service.id, b.id)) out.push_back(name + " unusable");
      continue;
    }
    const BadRuns bad = bad_runs(m, service, i, locations_of(m, service, b), loss);
    if (bad.all) {
      out.push_back("every run of " + name + " unusable");
    } else if (bad.any && bad.first == bad.newest) {
      out.push_back(when(run_start(b, bad.newest), loss.fault_s) + " " + name + " unusable");
    } else if (bad.any) {
      out.push_back("the " + std::to_string(bad.newest - std::max(0LL, bad.first) + 1) +
                    " newest runs of " + name + " unusable (newest " +
                    when(run_start(b, bad.newest), loss.fault_s) + ")");
    }
  }
  for (const auto& id : loss.destroyed_stores) {
    const auto* store = m.find_store(id);
    if (!store || store->immutable || store->offline) continue;
    bool holds = false;
    for (const auto& b : data.backups) {
      if (b.immutable) continue;
      holds = holds || b.store == id;
      for (const auto& c : b.copies) holds = holds || c.store == id;
    }
    if (holds) out.push_back("copies in " + id + " destroyed");
  }
  return out;
}

std::string describe(const model::Model& m, const RecoveryPoint& p, double fault_s) {
  switch (p.kind) {
    case PointKind::kPrimary:
      return "primary in " + p.location + " intact";
    case PointKind::kSyncReplica:
      return "sync replica in " + p.location;
    case PointKind::kAsyncReplica:
      if (p.stale) {
        return "stale replica in " + p.location + " (missed every write since " +
               when(p.stale_since_s, fault_s) + ")";
      }
      return "async replica in " + p.location + " (lag " +
             units::format_duration(fault_s - p.point_s) + ")";
    case PointKind::kLogShipping:
      return "log-shipping standby in " + p.location + " (interval " +
             units::format_duration(fault_s - p.point_s) + ")";
    case PointKind::kBackup: {
      std::string out = when(p.point_s, fault_s) + " " + model::to_string(p.backup_kind) + " " +
                        p.source + " in " + p.location;
      if (!p.chain_full.empty()) {
        out += ": full " + p.chain_full + " (" + when(p.chain_full_point_s, fault_s) + ", in " +
               p.chain_full_location + ") + " + std::to_string(p.chain_incrementals) +
               (p.chain_incrementals == 1 ? " incremental" : " incrementals");
      }
      return out + tier_note(m, p);
    }
    case PointKind::kLogReplay: {
      std::string target = p.point_s >= fault_s - kEps ? "just before " + time_of_day(fault_s)
                                                       : when(p.point_s, fault_s);
      std::string out = "log archive " + p.source + " in " + p.location + " replayed to " + target;
      if (!p.base_source.empty()) {
        out += " over " + when(p.base_point_s, fault_s) + " " + p.base_source + " in " +
               p.base_location;
      }
      return out + tier_note(m, p);
    }
    case PointKind::kVersioning: {
      std::string target = p.point_s >= fault_s - kEps ? "just before " + time_of_day(fault_s)
                                                       : when(p.point_s, fault_s);
      return "object versions " + p.source + " in " + p.location + " from " + target +
             tier_note(m, p);
    }
  }
  return "?";
}

}  // namespace drsim::engine
