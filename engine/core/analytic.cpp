#include "engine/core/analytic.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "engine/core/backup_landing.hpp"
#include "engine/core/schedule.hpp"
#include "engine/core/service_state.hpp"

namespace drsim::engine {
namespace {

constexpr double kDay = 86400;
constexpr double kMaxPeriod = 30 * kDay;
constexpr double kLongestMonth = 31 * kDay;
constexpr double kContinuous = 60;  // seconds: finer schedules are not swept run by run

double round_ms(double x) { return std::round(x * 1000) / 1000; }
// A lower bound is cut, not rounded, to the millisecond: rounding up could pass the real value.
double floor_ms(double x) { return std::floor(x * 1000) / 1000; }

// The zone, region and vendor holding `location` (each "" if there is none).
struct Enclosing {
  std::string zone, region, vendor;
};

Enclosing enclosing(const model::Model& m, const std::string& location) {
  Enclosing e;
  for (const auto& id : m.ancestors(location)) {
    const auto* d = m.find_domain(id);
    if (!d) continue;
    if (d->level == model::DomainLevel::kZone && e.zone.empty()) e.zone = id;
    if (d->level == model::DomainLevel::kRegion && e.region.empty()) e.region = id;
    if (d->level == model::DomainLevel::kVendor && e.vendor.empty()) e.vendor = id;
  }
  return e;
}

std::optional<double> eval(const model::Model& m, const model::Service& s, DataLoss loss, double t,
                           double gap, RpoOutcome* out = nullptr,
                           std::optional<RecoveryPoint>* chosen = nullptr) {
  loss.fault_s = t;
  loss.detected_s = t + gap;
  if (out) {
    *out = planned_rpo(m, s, loss);
    return out->rpo_s;
  }
  // The sweep's hot path: the same rule without formatting an explanation.
  auto points = recovery_candidates(m, s, usable_points(m, s, loss));
  if (points.empty()) return std::nullopt;
  if (chosen) *chosen = points.front();
  return std::max(0.0, t - points.front().point_s);
}

// Which runs are kept repeats with every retention calendar in use (the first run of a day, of a
// week, of a month) — but that matters only when a run can expire before the next one has
// landed and the damage is found: otherwise the newest run is always there and the schedule
// alone repeats.
bool retention_calendars_matter(const model::Model& m, const model::Service& s,
                                const model::Backup& b, double detect_after_s) {
  const auto& r = b.retention;
  const double every = longest_gap(b.schedule);
  double kept = std::max(r.keep_last * every, r.window);
  if (r.daily > 0 && std::fmod(every, kDay) == 0) kept = std::max(kept, r.daily * kDay);
  if (r.weekly > 0 && std::fmod(every, 7 * kDay) == 0) kept = std::max(kept, r.weekly * 7 * kDay);
  return (r.daily > 0 || r.weekly > 0 || r.monthly > 0) &&
         kept < every + landed_after(m, s, b) + detect_after_s;
}

// The calendar of the first backup whose runs follow calendar months (a monthly schedule, or
// monthly retention on the calendar where it matters), or nullptr: the sweep is then periodic.
const model::Calendar* calendar_months(const model::Model& m, double detect_after_s) {
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) {
      if (!periodic(b.schedule)) return &b.schedule.calendar;
      if (b.retention.monthly > 0 && uses_calendar(b.schedule) &&
          retention_calendars_matter(m, s, b, detect_after_s)) {
        return &b.schedule.calendar;
      }
    }
  }
  return nullptr;
}

}  // namespace

double schedule_period(const model::Model& m, double detect_after_s) {
  long long lcm = 0;
  double longest = 0;
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) {
      const double every = longest_gap(b.schedule);
      std::vector<double> periods = {every};
      const auto& r = b.retention;
      const bool calendars_matter = retention_calendars_matter(m, s, b, detect_after_s);
      if (calendars_matter && r.daily > 0) periods.push_back(kDay);
      if (calendars_matter && r.weekly > 0) periods.push_back(7 * kDay);
      if (calendars_matter && r.monthly > 0) {
        periods.push_back(uses_calendar(b.schedule) ? kLongestMonth : kMaxPeriod);
      }
      for (double period : periods) {
        longest = std::max(longest, period);
        long long e = std::max(1LL, std::llround(period));
        if (lcm >= 0) lcm = lcm == 0 ? e : std::lcm(lcm, e);
        if (lcm > static_cast<long long>(kMaxPeriod)) lcm = -1;
      }
    }
  }
  if (lcm == 0) return kDay;
  if (lcm < 0) return longest;
  return static_cast<double>(lcm);
}

double steady_state_start(const model::Model& m, double detect_after_s, double not_before_s) {
  // Every schedule has run and landed at least once before this moment.
  double warmup = std::max(kDay + detect_after_s, not_before_s);
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) {
      warmup = std::max(warmup, run_start(b.schedule, 1) + landed_after(m, s, b) + detect_after_s);
    }
  }
  const double period = schedule_period(m, detect_after_s);
  if (const model::Calendar* c = calendar_months(m, detect_after_s)) {
    // Calendar months differ in length: sweep a January, the second of two 31-day months, so the
    // swept 31 days hold the longest gap of every monthly schedule whatever its day.
    CivilDate d = local_date(*c, warmup);
    d = {d.year + 1, 1, 1};
    return static_cast<double>(days_from_civil(d) - c->epoch_day) * kDay;
  }
  return std::ceil(warmup / period) * period;
}

LossBound sweep_rpo(const model::Model& m, const model::Service& service, const DataLoss& loss,
                    double from_s, double period_s,
                    const std::function<void(double, const RecoveryPoint*)>& visit) {
  LossBound out;
  if (!service.data) return out;
  out.rpo_applicable = true;
  const model::DataSet& data = *service.data;
  const bool logical = loss.logical || loss.ransomware;
  const double gap = logical ? loss.detected_s - loss.fault_s : 0;
  const double to_s = from_s + period_s;

  // Events: fault times at which the set of usable points changes. For logical loss a run
  // becomes usable when its start passes the corruption time, and arrival/expiry are checked
  // `gap` later.
  std::vector<double> events = {from_s, to_s};
  // Log archives reach back their retention age: a base run falls out of reach `age` after it
  // started, which is an event too.
  std::vector<double> log_ages;
  for (const auto& b : data.backups) {
    bool plain = b.kind != model::BackupKind::kLog && b.kind != model::BackupKind::kVersioning;
    double age = b.retention.max_age(longest_gap(b.schedule));
    if (!plain && age > 0) log_ages.push_back(age);
  }
  const double longest_log =
      log_ages.empty() ? 0 : *std::max_element(log_ages.begin(), log_ages.end());
  for (std::size_t i = 0; i < data.backups.size(); ++i) {
    const auto& b = data.backups[i];
    bool plain = b.kind != model::BackupKind::kLog && b.kind != model::BackupKind::kVersioning;
    // Archives or versions written more often than once a minute are treated as continuous:
    // their sawtooth is below a minute, and a per-second event list would be huge.
    if (b.schedule.every < kContinuous) continue;
    double lookback = period_s + landed_after(m, service, b) + gap;
    if (plain) {
      // Calendar months run up to 31 days; a chain link that expires breaks the chain even when
      // the loss is physical.
      double age = b.retention.max_age(longest_gap(b.schedule)) +
                   (uses_calendar(b.schedule) ? b.retention.monthly * kDay : 0);
      const bool chained =
          b.kind == model::BackupKind::kIncremental ||
          std::any_of(data.backups.begin(), data.backups.end(), [&b](const model::Backup& c) {
            return c.kind == model::BackupKind::kIncremental && c.full == b.id;
          });
      lookback += std::max(logical || chained ? age : 0.0, longest_log);
    }
    for (const auto& p : backup_points(m, service, i, from_s - lookback, to_s)) {
      std::vector<double> times = {p.point_s, p.available_s - gap, p.expires_s - gap};
      if (plain) {
        for (double age : log_ages) times.push_back(p.point_s + age - gap);
      }
      for (double t : times) {
        if (t > from_s && t < to_s && std::isfinite(t)) events.push_back(t);
      }
    }
  }
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end(),
                           [](double x, double y) { return std::abs(x - y) < 1e-6; }),
               events.end());

  double worst = -1, best = std::numeric_limits<double>::infinity(), integral = 0, lost = 0;
  bool ever_lost = false;
  std::optional<RecoveryPoint> worst_point;  // the point restored at the worst phase
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    const double a = events[i], e = events[i + 1], len = e - a;
    // Evaluate inside the open interval and extrapolate to both ends: points that arrive are
    // usable from their event on, points that expire up to it, so the ends themselves may
    // belong to either side.
    const double delta = std::min(1e-3, len / 4);
    const double in_a = a + delta, in_b = e - delta;
    std::optional<RecoveryPoint> pa, pb;
    auto ra = eval(m, service, loss, in_a, gap, nullptr, visit ? &pa : nullptr);
    auto rb = eval(m, service, loss, in_b, gap, nullptr, visit ? &pb : nullptr);
    if (visit) {
      visit(in_a, pa ? &*pa : nullptr);
      visit(in_b, pb ? &*pb : nullptr);
    }
    if (!ra || !rb) {
      if (!ever_lost) {  // the first phase without a recovery point is the worst case
        RpoOutcome r;
        out.worst_phase_s = ra ? in_b : in_a;
        eval(m, service, loss, out.worst_phase_s, gap, &r);
        out.worst_explanation = r.explanation;
      }
      ever_lost = true;
      lost += len;
      continue;
    }
    const double slope = (*rb - *ra) / (in_b - in_a);
    const double first = *ra - slope * delta;  // the value just after `a`
    const double last = *rb + slope * delta;   // the value approached just before `e`
    integral += (first + last) / 2 * len;
    best = std::min({best, first, last});
    if (!ever_lost && std::max(first, last) > worst) {
      worst = std::max(first, last);
      out.worst_phase_s = last >= first ? in_b : in_a;
      RpoOutcome r;
      eval(m, service, loss, out.worst_phase_s, gap, &r);
      out.worst_explanation = r.explanation;
      worst_point = r.point;
    }
  }
  out.catastrophic_fraction = period_s > 0 ? lost / period_s : 0;
  if (!ever_lost) {
    // A snapshot/dump/copy schedule under a minute is swept as continuous, like a log archive:
    // its runs are not events, so the values sampled sit anywhere on its sawtooth. One period
    // more keeps the worst case a bound (the RPO rises by at most `every` before the next run
    // lands) and half a period centres the mean, in constant time whatever the frequency.
    double allowance = 0;
    if (worst_point && worst_point->kind == PointKind::kBackup) {
      const auto& b = data.backups[worst_point->index];
      if (b.schedule.every < kContinuous) allowance = b.schedule.every;
    }
    out.rpo_worst_s = round_ms(worst + allowance);
    out.rpo_mean_s = round_ms(integral / period_s + allowance / 2);
  }
  if (std::isfinite(best)) out.rpo_best_s = round_ms(std::max(0.0, best));
  return out;
}

void rto_lower_bound(const model::Model& m, const model::Service& s, const Situation& situation,
                     LossBound& out) {
  Plan plan = plan_recovery(m, s, initial_state(m, m.service_position(s.id)), situation);
  out.rto_via = plan.procedure;
  out.rto_terms.clear();
  out.rto_lower_s.reset();
  if (plan.serving) {
    out.rto_lower_s = 0;
    return;
  }
  switch (plan.procedure) {
    case Procedure::kWaitForProvider:
    case Procedure::kWaitForOutage:
    case Procedure::kNoRecoveryPoint:
    case Procedure::kNoSite:
      return;  // back only when the outage ends, if ever
    default:
      break;
  }
  // A rebuild that needs something which cannot come back (every alternative) never finishes.
  auto never_back = [&](const std::string& id) {
    const auto* n = m.find_service(id);
    if (!n) return false;
    Plan np = plan_recovery(m, *n, initial_state(m, m.service_position(id)), situation);
    return !np.serving &&
           (np.procedure == Procedure::kWaitForProvider ||
            np.procedure == Procedure::kWaitForOutage ||
            np.procedure == Procedure::kNoRecoveryPoint || np.procedure == Procedure::kNoSite);
  };
  for (const auto& step : plan.steps) {
    for (const auto& need : step.needs) {
      if (item_out(need, never_back)) return;
    }
  }
  out.rto_terms = plan_terms(m, plan, team_ready_after(m, situation));
  double total = 0;
  for (const auto& t : out.rto_terms) total += t.seconds;
  out.rto_lower_s = floor_ms(total);
}

Analysis analyze(const model::Model& m, const AnalyzeOptions& options) {
  Analysis a;
  a.period_s = schedule_period(m, options.detect_after_s);
  a.detect_after_s = options.detect_after_s;
  a.steady_from_s = steady_state_start(m, options.detect_after_s);

  for (const auto& s : m.services) {
    ServiceBounds sb;
    sb.service = s.id;
    sb.stateful = s.stateful();
    std::vector<std::pair<std::string, std::string>> losses;
    if (s.kind == model::ServiceKind::kExternal) {
      if (!s.vendor.empty()) losses.emplace_back("vendor", s.vendor);
    } else {
      Enclosing e = enclosing(m, primary_zone(s));
      if (!e.zone.empty()) losses.emplace_back("zone", e.zone);
      if (!e.region.empty()) losses.emplace_back("region", e.region);
      if (!e.vendor.empty()) losses.emplace_back("vendor", e.vendor);
    }
    // The RPO sweep, then the smallest RTO lower bound over the phases it evaluated. A plan's
    // fixed terms depend on the phase only through the point it restores: which one (its
    // location sets retrieval and bandwidth) and how much log comes with it. So the plan is
    // made once per point, at the phase where that point carries the least log.
    auto bound = [&](const std::string& kind, const std::string& target, const DataLoss& loss,
                     Situation sit) {
      std::optional<LossBound> best;
      auto try_phase = [&](double t) {
        sit.fault_s = t;
        LossBound candidate;
        rto_lower_bound(m, s, sit, candidate);
        bool better =
            !best || (candidate.rto_lower_s &&
                      (!best->rto_lower_s || *candidate.rto_lower_s < *best->rto_lower_s));
        if (better) best = candidate;
      };
      using Key = std::tuple<int, std::string, std::string>;  // kind, source, location
      std::map<Key, std::pair<double, double>> cheapest;      // -> (log bytes, phase)
      auto visit = [&](double t, const RecoveryPoint* p) {
        if (!p) return;
        Key key{static_cast<int>(p->kind), p->source, p->location};
        const double bytes = p->replay_bytes + p->transfer_bytes;
        auto it = cheapest.find(key);
        if (it == cheapest.end() || bytes < it->second.first) cheapest[key] = {bytes, t};
      };
      LossBound b = sweep_rpo(m, s, loss, a.steady_from_s, a.period_s, visit);
      for (const auto& [key, c] : cheapest) try_phase(c.second);
      if (!best) try_phase(a.steady_from_s);
      b.loss = kind;
      b.target = target;
      b.rto_lower_s = best->rto_lower_s;
      b.rto_terms = best->rto_terms;
      b.rto_via = best->rto_via;
      sb.losses.push_back(std::move(b));
    };
    for (const auto& [kind, target] : losses) {
      DataLoss loss;
      loss.lost_domains = {target};
      Situation sit;
      sit.lost_domains = {target};
      bound(kind, target, loss, sit);
    }
    if (s.stateful()) {
      DataLoss loss;
      loss.logical = true;
      loss.fault_s = 0;
      loss.detected_s = options.detect_after_s;
      Situation sit;
      sit.damage = Damage::kCorruption;
      sit.detect_after_s = options.detect_after_s;
      bound("corruption", s.id, loss, sit);
    }
    a.services.push_back(std::move(sb));
  }
  return a;
}

}  // namespace drsim::engine
