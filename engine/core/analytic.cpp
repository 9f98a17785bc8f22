#include "engine/core/analytic.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace drsim::engine {
namespace {

constexpr double kDay = 86400;
constexpr double kMaxPeriod = 30 * kDay;
constexpr double kContinuous = 60;  // seconds: finer archive intervals are not swept one by one

double round_ms(double x) { return std::round(x * 1000) / 1000; }

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

// Where the service's primary data (or its first instance) lives.
std::string home_of(const model::Service& s) {
  if (s.data && !s.data->replicas.empty()) {
    for (const auto& r : s.data->replicas) {
      if (r.role == model::ReplicaRole::kPrimary) return r.zone;
    }
    return s.data->replicas.front().zone;
  }
  return s.placement.zones.empty() ? "" : s.placement.zones.front();
}

std::optional<double> eval(const model::Model& m, const model::Service& s, DataLoss loss, double t,
                           double gap, RpoOutcome* out = nullptr) {
  loss.fault_s = t;
  loss.detected_s = t + gap;
  if (out) {
    *out = achieved_rpo(m, s, loss);
    return out->rpo_s;
  }
  // The sweep's hot path: the same rule without formatting an explanation.
  auto points = usable_points(m, s, loss);
  if (points.empty()) return std::nullopt;
  return std::max(0.0, t - points.front().point_s);
}

double detection(const model::Service& s, const DataLoss& loss) {
  if (loss.logical || loss.ransomware) return loss.detected_s - loss.fault_s;
  return s.recovery.detect_interval * s.recovery.detect_threshold;
}

void add(LossBound& out, const char* step, double seconds) {
  out.rto_terms.push_back({step, seconds});
}

void human_terms(const model::Model& m, LossBound& out) {
  add(out, "page", m.people.page);
  add(out, "respond", m.people.response);
  add(out, "decide", m.people.decision);
}

// A rebuild needs its recovery site (or, with none named, any live zone of the model) and every
// service it needs (an external one is gone with its vendor).
bool rebuild_site_survives(const model::Model& m, const model::Service& s, const DataLoss& loss) {
  for (const auto& need : s.recovery.rebuild_needs) {
    const auto* n = m.find_service(need);
    if (n && n->kind == model::ServiceKind::kExternal && !domain_survives(m, n->vendor, loss)) {
      return false;
    }
  }
  if (!s.recovery.recovery_site.empty()) return domain_survives(m, s.recovery.recovery_site, loss);
  for (const auto& d : m.domains) {
    if (d.level == model::DomainLevel::kZone && domain_survives(m, d.id, loss)) return true;
  }
  return false;
}

}  // namespace

double bandwidth_between(const model::Model& m, const std::string& a, const std::string& b) {
  for (const auto& l : m.links) {
    bool joins = (m.within(a, l.a) && m.within(b, l.b)) || (m.within(a, l.b) && m.within(b, l.a));
    if (joins) return l.bandwidth;
  }
  auto chain_b = m.ancestors(b);
  for (const auto& id : m.ancestors(a)) {
    if (std::find(chain_b.begin(), chain_b.end(), id) == chain_b.end()) continue;
    const auto* d = m.find_domain(id);
    switch (d->level) {
      case model::DomainLevel::kZone:
      case model::DomainLevel::kDatacenter:
      case model::DomainLevel::kOffice:
        return m.link_defaults.zone_bandwidth;
      case model::DomainLevel::kRegion:
        return m.link_defaults.region_bandwidth;
      case model::DomainLevel::kVendor:
        return m.link_defaults.vendor_bandwidth;
    }
  }
  return m.link_defaults.internet_bandwidth;
}

double schedule_period(const model::Model& m) {
  long long lcm = 0;
  double longest = 0;
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) {
      double every = b.schedule.every > 0 ? b.schedule.every : kDay;
      longest = std::max(longest, every);
      long long e = std::max(1LL, std::llround(every));
      lcm = lcm == 0 ? e : std::lcm(lcm, e);
      if (lcm > static_cast<long long>(kMaxPeriod)) lcm = -1;
      if (lcm < 0) break;
    }
  }
  if (lcm == 0) return kDay;
  if (lcm < 0) return longest;
  return static_cast<double>(lcm);
}

LossBound sweep_rpo(const model::Model& m, const model::Service& service, const DataLoss& loss,
                    double from_s, double period_s) {
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
    double age = b.retention.max_age(b.schedule.every > 0 ? b.schedule.every : kDay);
    if (!plain && age > 0) log_ages.push_back(age);
  }
  const double longest_log =
      log_ages.empty() ? 0 : *std::max_element(log_ages.begin(), log_ages.end());
  for (std::size_t i = 0; i < data.backups.size(); ++i) {
    const auto& b = data.backups[i];
    bool plain = b.kind != model::BackupKind::kLog && b.kind != model::BackupKind::kVersioning;
    double delay = 0;
    for (const auto& c : b.copies) delay = std::max(delay, c.delay);
    // Archives or versions written more often than once a minute are treated as continuous:
    // their sawtooth is below a minute, and a per-second event list would be huge.
    if (!plain && b.schedule.every < kContinuous) continue;
    double lookback = period_s + b.duration + delay + gap;
    if (plain) {
      double age = b.retention.max_age(b.schedule.every > 0 ? b.schedule.every : kDay);
      lookback += std::max(logical ? age : 0.0, longest_log);
    }
    for (const auto& p : backup_points(m, data, i, from_s - lookback, to_s)) {
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
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    const double a = events[i], e = events[i + 1], len = e - a;
    // Evaluate inside the open interval and extrapolate to both ends: points that arrive are
    // usable from their event on, points that expire up to it, so the ends themselves may
    // belong to either side.
    const double delta = std::min(1e-3, len / 4);
    const double in_a = a + delta, in_b = e - delta;
    auto ra = eval(m, service, loss, in_a, gap);
    auto rb = eval(m, service, loss, in_b, gap);
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
    }
  }
  out.catastrophic_fraction = period_s > 0 ? lost / period_s : 0;
  if (!ever_lost) {
    out.rpo_worst_s = round_ms(worst);
    out.rpo_mean_s = round_ms(integral / period_s);
  }
  if (std::isfinite(best)) out.rpo_best_s = round_ms(std::max(0.0, best));
  return out;
}

void rto_lower_bound(const model::Model& m, const model::Service& s, const DataLoss& loss,
                     const RpoOutcome& rpo, LossBound& out) {
  out.rto_terms.clear();
  const auto& rec = s.recovery;
  const double detect = detection(s, loss);
  auto finish = [&](const char* via) {
    out.rto_via = via;
    double total = 0;
    for (const auto& t : out.rto_terms) total += t.seconds;
    out.rto_lower_s = total;
  };

  if (!s.stateful()) {
    if (s.kind == model::ServiceKind::kExternal) {
      bool down = !domain_survives(m, s.vendor, loss) ||
                  std::find(loss.lost_domains.begin(), loss.lost_domains.end(), s.id) !=
                      loss.lost_domains.end();
      if (!down) return finish("none needed");
      out.rto_lower_s.reset();
      out.rto_via = "waits for the vendor";
      return;
    }
    const auto& zones = s.placement.zones;
    int alive = 0;
    bool live_zone = false;
    for (int j = 0; j < s.placement.instances && !zones.empty(); ++j) {
      if (domain_survives(m, zones[static_cast<std::size_t>(j) % zones.size()], loss)) ++alive;
    }
    for (const auto& z : zones) live_zone = live_zone || domain_survives(m, z, loss);
    if (alive >= s.placement.min_healthy) return finish("none needed");
    if (rec.auto_replace && live_zone) {
      add(out, "detect", detect);
      add(out, "replace", rec.replace_time);
      return finish("replacement");
    }
    if (rec.rebuild && rebuild_site_survives(m, s, loss)) {
      add(out, "detect", detect);
      human_terms(m, out);  // a person starts the rebuild, as in the simulation
      add(out, "rebuild", *rec.rebuild);
      if (rec.dns_ttl > 0) add(out, "dns", rec.dns_ttl);  // traffic moves to the new site
      return finish("rebuild");
    }
    out.rto_lower_s.reset();
    out.rto_via = "no procedure";
    return;
  }

  if (!rpo.point) {
    out.rto_lower_s.reset();
    out.rto_via = "no recovery point";
    return;
  }
  const RecoveryPoint& p = *rpo.point;
  switch (p.kind) {
    case PointKind::kPrimary:
      return finish("none needed");
    case PointKind::kSyncReplica:
    case PointKind::kAsyncReplica:
    case PointKind::kLogShipping: {
      add(out, "detect", detect);
      // A standby without automation is promoted by a person.
      bool automatic = rec.failover == model::FailoverMode::kAutomatic;
      if (!automatic) human_terms(m, out);
      add(out, "promote", rec.promotion);
      if (rec.dns_ttl > 0) add(out, "dns", rec.dns_ttl);
      return finish(automatic ? "automatic failover" : "manual failover");
    }
    case PointKind::kBackup:
    case PointKind::kLogReplay:
    case PointKind::kVersioning: {
      add(out, "detect", detect);
      human_terms(m, out);
      if (p.retrieval_delay_s > 0) add(out, "retrieve", p.retrieval_delay_s);
      std::string site = rec.recovery_site;
      if (site.empty() || !domain_survives(m, site, loss)) site = p.domain;
      double bw = bandwidth_between(m, p.domain, site);
      if (const auto* st = m.find_store(p.location); st && st->bandwidth > 0) {
        bw = std::min(bw, st->bandwidth);
      }
      if (p.transfer_bytes > 0 && bw > 0) add(out, "restore", p.transfer_bytes / bw);
      if (rec.restore_overhead > 0) add(out, "overhead", rec.restore_overhead);
      if (p.replay_bytes > 0 && rec.replay_rate > 0) {
        add(out, "replay", p.replay_bytes / rec.replay_rate);
      }
      if (rec.dns_ttl > 0) add(out, "dns", rec.dns_ttl);
      return finish("restore");
    }
  }
}

Analysis analyze(const model::Model& m, const AnalyzeOptions& options) {
  Analysis a;
  a.period_s = schedule_period(m);
  a.detect_after_s = options.detect_after_s;
  // Steady state: every schedule has run and landed at least once before the swept period.
  double warmup = kDay + options.detect_after_s;
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) {
      double delay = 0;
      for (const auto& c : b.copies) delay = std::max(delay, c.delay);
      warmup = std::max(
          warmup, b.schedule.at + b.schedule.every + b.duration + delay + options.detect_after_s);
    }
  }
  a.steady_from_s = std::ceil(warmup / a.period_s) * a.period_s;

  for (const auto& s : m.services) {
    ServiceBounds sb;
    sb.service = s.id;
    sb.stateful = s.stateful();
    std::vector<std::pair<std::string, std::string>> losses;
    if (s.kind == model::ServiceKind::kExternal) {
      if (!s.vendor.empty()) losses.emplace_back("vendor", s.vendor);
    } else {
      Enclosing e = enclosing(m, home_of(s));
      if (!e.zone.empty()) losses.emplace_back("zone", e.zone);
      if (!e.region.empty()) losses.emplace_back("region", e.region);
      if (!e.vendor.empty()) losses.emplace_back("vendor", e.vendor);
    }
    for (const auto& [kind, target] : losses) {
      DataLoss loss;
      loss.lost_domains = {target};
      LossBound b = sweep_rpo(m, s, loss, a.steady_from_s, a.period_s);
      b.loss = kind;
      b.target = target;
      DataLoss at = loss;
      at.fault_s = b.rpo_applicable ? b.worst_phase_s : a.steady_from_s;
      rto_lower_bound(m, s, at, achieved_rpo(m, s, at), b);
      sb.losses.push_back(std::move(b));
    }
    if (s.stateful()) {
      DataLoss loss;
      loss.logical = true;
      loss.fault_s = 0;
      loss.detected_s = options.detect_after_s;
      LossBound b = sweep_rpo(m, s, loss, a.steady_from_s, a.period_s);
      b.loss = "corruption";
      b.target = s.id;
      DataLoss at = loss;
      at.fault_s = b.worst_phase_s;
      at.detected_s = at.fault_s + options.detect_after_s;
      rto_lower_bound(m, s, at, achieved_rpo(m, s, at), b);
      sb.losses.push_back(std::move(b));
    }
    a.services.push_back(std::move(sb));
  }
  return a;
}

}  // namespace drsim::engine
