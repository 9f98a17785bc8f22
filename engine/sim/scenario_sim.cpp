#include "engine/sim/scenario_sim.hpp"

#include <xbt/log.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <set>

#include "engine/core/continuity.hpp"
#include "engine/core/recovery_points.hpp"
#include "engine/core/service_state.hpp"
#include "engine/core/timeline.hpp"
#include "engine/sim/platform.hpp"
#include "model/units.hpp"

namespace drsim::engine::sim {
namespace sg4 = simgrid::s4u;
namespace {

using model::Service;
using scenarios::Fault;
using scenarios::FaultKind;

// What the simulation knows about one service while it runs.
struct SvcState {
  const Service* svc = nullptr;
  std::vector<std::string> sites;     // where each instance runs (domain ids)
  std::vector<bool> hw_lost;          // instance lost by a hardware fault
  std::vector<std::size_t> hw_order;  // instances lost by hardware faults, in order
  std::vector<std::size_t> lost_replicas;
  int primary = -1;           // index of the current primary replica, -1 without replicas
  int dependency_faults = 0;  // active "dependency:<id>" faults
  bool impaired = false;      // own state not up
  bool logical = false;       // corruption/deletion/ransomware being handled
  bool back = false;          // came back by itself (outage ended) while impaired
  bool recovering = false;    // a recovery actor is running
  bool replacing = false;     // a background replacement is running
  double lost_at = 0;
  Timeline own;
  std::vector<PathStep> path;
  std::optional<double> rpo = 0.0;
  bool no_point = false;
};

class ScenarioSim {
 public:
  ScenarioSim(const model::Model& m, const scenarios::Scenario& sc, Platform& p)
      : m_(m), sc_(sc), p_(p), horizon_(sc.horizon_s) {
    mutex_ = sg4::Mutex::create();
    cv_ = sg4::ConditionVariable::create();
    for (const auto& s : m.services) {
      SvcState st;
      st.svc = &s;
      st.own = Timeline(horizon_);
      const auto& pl = s.placement;
      std::vector<std::string> zones = pl.zones;
      if (zones.empty() && s.data) {
        for (const auto& r : s.data->replicas) {
          if (r.role == model::ReplicaRole::kPrimary) zones.push_back(r.zone);
        }
      }
      if (zones.empty() && !s.vendor.empty()) zones.push_back(s.vendor);
      int n = std::max(pl.instances, 1);
      for (int i = 0; i < n && !zones.empty(); ++i) st.sites.push_back(zones[i % zones.size()]);
      st.hw_lost.assign(st.sites.size(), false);
      if (s.data) {
        for (std::size_t i = 0; i < s.data->replicas.size(); ++i) {
          if (s.data->replicas[i].role == model::ReplicaRole::kPrimary && st.primary < 0) {
            st.primary = static_cast<int>(i);
          }
        }
        if (st.primary < 0 && !s.data->replicas.empty()) st.primary = 0;
      }
      svc_.push_back(std::move(st));
    }
  }

  void start() {
    sg4::Actor::create("faults", p_.control, [this] { inject_faults(); });
  }

  ScenarioResult finish(SimStats* stats);

 private:
  double now() const { return sg4::Engine::get_clock(); }
  double abs_time(double rel) const { return sc_.t0() + rel; }

  // ------------------------------------------------------------------ failure-domain state
  bool alive(const std::string& domain) const {
    for (const auto& a : m_.ancestors(domain)) {
      auto it = lost_.find(a);
      if (it != lost_.end() && it->second > 0) return false;
    }
    auto it = lost_.find(domain);
    return it == lost_.end() || it->second <= 0;
  }

  std::vector<std::string> lost_domains() const {
    std::vector<std::string> out;
    for (const auto& [d, n] : lost_) {
      if (n > 0) out.push_back(d);
    }
    return out;
  }

  int alive_instances(const SvcState& s) const {
    int n = 0;
    for (std::size_t i = 0; i < s.sites.size(); ++i) {
      if (!s.hw_lost[i] && alive(s.sites[i])) ++n;
    }
    return n;
  }

  bool capacity_ok(const SvcState& s) const {
    if (s.dependency_faults > 0) return false;
    if (s.sites.empty()) return true;
    int need =
        std::min(std::max(s.svc->placement.min_healthy, 1), static_cast<int>(s.sites.size()));
    return alive_instances(s) >= need;
  }

  bool replica_alive(const SvcState& s, std::size_t idx) const {
    if (std::find(s.lost_replicas.begin(), s.lost_replicas.end(), idx) != s.lost_replicas.end()) {
      return false;
    }
    return alive(s.svc->data->replicas[idx].zone);
  }

  bool data_ok(const SvcState& s) const {
    if (!s.svc->data || s.primary < 0) return true;
    if (replica_alive(s, static_cast<std::size_t>(s.primary))) return true;
    // Object stores, key-value stores and queues without a failover procedure serve from every
    // synchronous copy (S3 across zones, an etcd quorum, mirrored RabbitMQ queues): a surviving
    // sync copy carries on, nothing is promoted.
    const auto& svc = *s.svc;
    if (svc.recovery.failover == model::FailoverMode::kNone &&
        (svc.kind == model::ServiceKind::kObjectStore || svc.kind == model::ServiceKind::kKvStore ||
         svc.kind == model::ServiceKind::kQueue)) {
      const auto& reps = svc.data->replicas;
      for (std::size_t i = 0; i < reps.size(); ++i) {
        if (reps[i].mode == model::ReplicationMode::kSync && replica_alive(s, i)) return true;
      }
    }
    return false;
  }

  // Down right now for anyone who needs it: its own state or a hard dependency's.
  bool effectively_down(const std::string& id, int depth = 0) const {
    const auto* s = find(id);
    if (!s || depth > 64) return false;
    if (s->impaired && s->own.at(now()) == State::kDown) return true;
    if (s->impaired && !s->logical) return true;
    for (const auto& d : s->svc->depends_on) {
      if (d.mode == model::DependencyMode::kHard && effectively_down(d.service, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  const SvcState* find(const std::string& id) const {
    for (const auto& s : svc_) {
      if (s.svc->id == id) return &s;
    }
    return nullptr;
  }

  // ------------------------------------------------------------------ waiting and steps
  // Sleeps `d` seconds unless the service comes back by itself; false if it did.
  bool timed_step(SvcState& s, const std::string& name, double d, const std::string& detail) {
    s.path.push_back({name, now(), now() + d, detail});
    std::size_t at = s.path.size() - 1;
    ++events_;
    std::unique_lock<sg4::Mutex> lock(*mutex_);
    bool came_back = cv_->wait_for(lock, d, [&s] { return s.back; });
    if (came_back) s.path[at].end_s = now();
    return !came_back;
  }

  // Blocks until `pred` holds or the service came back; false if it came back first.
  template <class Pred>
  bool wait_until(SvcState& s, Pred pred) {
    std::unique_lock<sg4::Mutex> lock(*mutex_);
    while (!s.back && !pred()) cv_->wait(lock);
    return !s.back;
  }

  void changed() { cv_->notify_all(); }

  // The on-call team: paged at the first need, then responds and decides once per scenario.
  bool people_can_work() const {
    if (m_.people.remote_work || m_.people.offices.empty()) return true;
    return std::any_of(m_.people.offices.begin(), m_.people.offices.end(),
                       [this](const std::string& o) { return alive(o); });
  }

  bool human(SvcState& s) {
    if (!wait_until(s, [this] { return people_can_work(); })) return false;
    const auto& pe = m_.people;
    if (!team_engaged_) {
      team_engaged_ = true;
      team_from_ = now();
    }
    double paged = team_from_ + pe.page, responded = paged + pe.response,
           decided = responded + pe.decision;
    if (now() >= decided) return true;
    auto add = [&](const char* name, double b, double e, const std::string& detail) {
      if (e > now() || b >= now()) s.path.push_back({name, b, e, detail});
    };
    add("page", team_from_, paged, "on-call person paged");
    add("respond", paged, responded, "on-call person at a keyboard");
    add("decide", responded, decided, "decision to run the recovery procedure");
    ++events_;
    std::unique_lock<sg4::Mutex> lock(*mutex_);
    return !cv_->wait_for(lock, decided - now(), [&s] { return s.back; });
  }

  // ------------------------------------------------------------------ recovery sites
  std::string recovery_site(const SvcState& s) const {
    const auto& want = s.svc->recovery.recovery_site;
    if (!want.empty() && alive(want)) return want;
    for (const auto& z : s.svc->placement.zones) {
      if (alive(z)) return z;
    }
    std::vector<std::string> scopes;
    if (!s.sites.empty()) {
      auto chain = m_.ancestors(s.sites.front());  // site, zone, region, vendor
      for (std::size_t i = 1; i < chain.size(); ++i) scopes.push_back(chain[i]);
    }
    scopes.push_back("");
    for (const auto& scope : scopes) {
      for (const auto& d : m_.domains) {
        if (d.level != model::DomainLevel::kZone && d.level != model::DomainLevel::kDatacenter) {
          continue;
        }
        if (d.vendor_kind == model::VendorKind::kSaas) continue;
        if (!scope.empty() && !m_.within(d.id, scope)) continue;
        if (alive(d.id)) return d.id;
      }
    }
    return "";
  }

  // ------------------------------------------------------------------ state changes
  void go_down(SvcState& s, State st) {
    if (!s.impaired) {
      s.impaired = true;
      s.back = false;
      s.lost_at = now();
    }
    s.own.set_from(now(), st);
    changed();
  }

  void go_up(SvcState& s) {
    s.impaired = false;
    s.logical = false;
    s.own.set_from(now(), State::kUp);
    changed();
  }

  // Every service whose capacity or data is lost now gets a recovery actor.
  void evaluate() {
    for (auto& s : svc_) {
      bool ok = capacity_ok(s) && data_ok(s);
      if (!ok && !s.impaired) {
        go_down(s, State::kDown);
        if (!s.recovering) {
          s.recovering = true;
          SvcState* sp = &s;
          sg4::Actor::create("recover:" + s.svc->id, p_.control, [this, sp] {
            recover(*sp);
            sp->recovering = false;
          });
        }
      } else if (ok && s.impaired && !s.logical && !s.recovering) {
        come_back(s);
      } else if (ok && !s.impaired && !s.replacing && s.svc->recovery.auto_replace &&
                 alive_instances(s) < static_cast<int>(s.sites.size()) &&
                 s.dependency_faults == 0) {
        s.replacing = true;
        SvcState* sp = &s;
        sg4::Actor::create("replace:" + s.svc->id, p_.control,
                           [this, sp] { replace_quietly(*sp); });
      }
    }
  }

  // Called when an outage ends: impaired services whose own places are back recover by waiting.
  void come_back(SvcState& s) {
    s.back = true;
    s.path.push_back({"wait", s.lost_at, now(), "back when the outage ended"});
    s.rpo = 0.0;
    s.no_point = false;
    go_up(s);
  }

  void outage_ended() {
    for (auto& s : svc_) {
      if (s.impaired && !s.logical && capacity_ok(s) && data_ok(s)) come_back(s);
    }
    evaluate();
  }

  // ------------------------------------------------------------------ fault injection
  struct FaultEvent {
    double t;
    bool start;
    std::size_t fault;
  };

  void inject_faults() {
    std::vector<FaultEvent> ev;
    for (std::size_t i = 0; i < sc_.faults.size(); ++i) {
      const Fault& f = sc_.faults[i];
      double b = f.start_s - sc_.t0();
      ev.push_back({b, true, i});
      if (std::isfinite(f.duration_s) && b + f.duration_s < horizon_) {
        ev.push_back({b + f.duration_s, false, i});
      }
    }
    std::stable_sort(ev.begin(), ev.end(), [](const FaultEvent& a, const FaultEvent& b) {
      return a.t < b.t || (a.t == b.t && !a.start && b.start);
    });
    for (const auto& e : ev) {
      if (e.t > now()) sg4::this_actor::sleep_until(e.t);
      ++events_;
      apply(sc_.faults[e.fault], e.start);
    }
  }

  void apply(const Fault& f, bool start) {
    switch (f.kind) {
      case FaultKind::kDomainLoss: {
        lost_[f.target] += start ? 1 : -1;
        for (auto* h : p_.hosts_in[f.target]) {
          if (start) {
            h->turn_off();
          } else if (alive(p_.domain_of.at(h))) {  // an enclosing domain may still be lost
            h->turn_on();
          }
        }
        for (auto* l : p_.links_in[f.target]) start ? l->turn_off() : l->turn_on();
        if (start && !m_.people.offices.empty() &&
            std::find(m_.people.offices.begin(), m_.people.offices.end(), f.target) !=
                m_.people.offices.end() &&
            m_.people.remote_work && notes_.empty()) {
          notes_.push_back("people work remotely");
        }
        break;
      }
      case FaultKind::kHardware:
        if (auto* s = find_mut(f.target)) hardware(*s, start);
        break;
      case FaultKind::kDependency:
        if (auto* s = find_mut(f.target)) s->dependency_faults += start ? 1 : -1;
        break;
      case FaultKind::kCorruption:
      case FaultKind::kDeletion:
      case FaultKind::kRansomware:
        if (start) start_logical(f);
        break;
    }
    start ? evaluate() : outage_ended();
    changed();
  }

  SvcState* find_mut(const std::string& id) {
    for (auto& s : svc_) {
      if (s.svc->id == id) return &s;
    }
    return nullptr;
  }

  // One machine is lost: the last instance still running and the last copy of the data that is
  // not the primary (the primary itself once it is the only copy left), so repeated hardware
  // faults take the copies one by one and the primary last. The fault's end gives back the
  // machine lost most recently.
  void hardware(SvcState& s, bool start) {
    if (start) {
      for (std::size_t i = s.hw_lost.size(); i-- > 0;) {
        if (!s.hw_lost[i]) {
          s.hw_lost[i] = true;
          s.hw_order.push_back(i);
          break;
        }
      }
    } else if (!s.hw_order.empty()) {
      s.hw_lost[s.hw_order.back()] = false;
      s.hw_order.pop_back();
    }
    if (!s.svc->data || s.svc->data->replicas.empty()) return;
    auto& lost = s.lost_replicas;
    if (!start) {
      if (!lost.empty()) lost.pop_back();
      return;
    }
    auto is_lost = [&lost](std::size_t i) {
      return std::find(lost.begin(), lost.end(), i) != lost.end();
    };
    std::size_t n = s.svc->data->replicas.size();
    for (std::size_t i = n; i-- > 0;) {
      if (static_cast<int>(i) != s.primary && !is_lost(i)) {
        lost.push_back(i);
        return;
      }
    }
    if (s.primary >= 0 && !is_lost(static_cast<std::size_t>(s.primary))) {
      lost.push_back(static_cast<std::size_t>(s.primary));
    }
  }

  void start_logical(const Fault& f) {
    for (auto& s : svc_) {
      if (!s.svc->data) continue;
      if (f.kind != FaultKind::kRansomware && s.svc->id != f.target) continue;
      SvcState* sp = &s;
      Fault copy = f;
      sg4::Actor::create("logical:" + s.svc->id, p_.control,
                         [this, sp, copy] { logical(*sp, copy); });
    }
  }

  // ------------------------------------------------------------------ procedures
  void record_rpo(SvcState& s, const RpoOutcome& r) {
    s.rpo = r.rpo_s;
    s.no_point = r.catastrophic();
  }

  // Corruption, deletion or ransomware: wrong data is served until noticed, then the service is
  // taken down and restored from the newest point before the damage.
  void logical(SvcState& s, const Fault& f) {
    s.logical = true;
    go_down(s, State::kDegraded);
    double damaged = now();
    s.path.push_back({"detect", now(), now() + f.detect_after_s,
                      std::string(f.kind == FaultKind::kDeletion ? "deletion" : "corruption") +
                          " noticed after " + units::format_duration(f.detect_after_s)});
    ++events_;
    if (f.detect_after_s > 0) sg4::this_actor::sleep_for(f.detect_after_s);
    go_down(s, State::kDown);
    if (!human(s)) return;
    DataLoss loss;
    loss.fault_s = abs_time(damaged);
    loss.logical = true;
    loss.detected_s = abs_time(now());
    loss.ransomware = f.kind == FaultKind::kRansomware;
    loss.lost_domains = lost_domains();
    auto r = achieved_rpo(m_, *s.svc, loss);
    record_rpo(s, r);
    if (!r.point) {
      s.path.push_back({"blocked", now(), now(), r.explanation});
      return;
    }
    if (restore(s, *r.point, r.explanation)) go_up(s);
  }

  void recover(SvcState& s) {
    const auto& rec = s.svc->recovery;
    double detect = rec.detect_interval * rec.detect_threshold;
    if (!timed_step(s, "detect", detect,
                    std::to_string(rec.detect_threshold) + " failed health checks every " +
                        units::format_duration(rec.detect_interval))) {
      return;
    }
    // An unavailable provider: only its return helps; come_back() records the wait.
    if (s.dependency_faults > 0) return;
    if (!data_ok(s)) {
      DataLoss loss;
      loss.fault_s = abs_time(s.lost_at);
      loss.lost_domains = lost_domains();
      loss.lost_replicas = s.lost_replicas;
      auto r = achieved_rpo(m_, *s.svc, loss);
      record_rpo(s, r);
      if (!r.point) {
        s.path.push_back({"blocked", now(), now(), r.explanation});
        return;
      }
      auto k = r.point->kind;
      if (k != PointKind::kPrimary) {
        bool replica = k == PointKind::kSyncReplica || k == PointKind::kAsyncReplica ||
                       k == PointKind::kLogShipping;
        bool ok = replica ? failover(s, *r.point, r.explanation)
                          : (human(s) && restore(s, *r.point, r.explanation));
        if (ok && !s.back) go_up(s);
        return;
      }
    }
    if (capacity(s) && !s.back) go_up(s);
  }

  bool failover(SvcState& s, const RecoveryPoint& p, const std::string& why) {
    const auto& rec = s.svc->recovery;
    if (rec.failover != model::FailoverMode::kAutomatic && !human(s)) return false;
    if (!timed_step(s, "promote", rec.promotion, "promote " + why)) return false;
    std::string old_zone = s.svc->data->replicas[static_cast<std::size_t>(s.primary)].zone;
    s.primary = static_cast<int>(p.index);
    for (std::size_t i = 0; i < s.sites.size(); ++i) {
      if (s.hw_lost[i] || !alive(s.sites[i])) {
        s.sites[i] = p.location;
        s.hw_lost[i] = false;
      }
    }
    if (rec.dns_ttl > 0 && region_of(old_zone) != region_of(p.location)) {
      if (!timed_step(s, "dns", rec.dns_ttl, "traffic switched to " + p.location)) return false;
    }
    return true;
  }

  std::string region_of(const std::string& d) const {
    for (const auto& a : m_.ancestors(d)) {
      const auto* dom = m_.find_domain(a);
      if (dom && dom->level == model::DomainLevel::kRegion) return a;
    }
    return d;
  }

  bool restore(SvcState& s, const RecoveryPoint& p, const std::string& why) {
    const auto& rec = s.svc->recovery;
    std::string site = recovery_site(s);
    if (site.empty()) {
      s.path.push_back({"blocked", now(), now(), "no surviving site to restore into"});
      return false;
    }
    if (p.retrieval_delay_s > 0 &&
        !timed_step(s, "retrieve", p.retrieval_delay_s, "retrieval from " + p.location)) {
      return false;
    }
    if (rec.restore_overhead > 0 &&
        !timed_step(s, "restore", rec.restore_overhead, "fixed restore overhead")) {
      return false;
    }
    auto src = p_.store_host.find(p.location);
    auto dst = p_.site_host.find(site);
    if (p.needs_transfer && p.transfer_bytes > 0 && src != p_.store_host.end() &&
        dst != p_.site_host.end()) {
      s.path.push_back({"restore", now(), -1,
                        units::format_bytes(p.transfer_bytes) + " from " + p.location + " to " +
                            site + " (" + why + ")"});
      std::size_t at = s.path.size() - 1;
      ++events_;
      try {
        sg4::Comm::sendto_async(src->second, dst->second,
                                static_cast<std::uint64_t>(std::llround(p.transfer_bytes)))
            ->wait();
      } catch (const simgrid::Exception&) {
        // The source or target died under the transfer: this restore cannot finish.
        s.path[at].end_s = now();
        s.path[at].detail += " (failed: a host on the route was lost)";
        return false;
      }
      s.path[at].end_s = now();
    }
    if (p.replay_bytes > 0 && rec.replay_rate > 0 &&
        !timed_step(s, "replay", p.replay_bytes / rec.replay_rate,
                    units::format_bytes(p.replay_bytes) + " of log replayed")) {
      return false;
    }
    if (rec.dns_ttl > 0 && !timed_step(s, "dns", rec.dns_ttl, "traffic switched to " + site)) {
      return false;
    }
    for (auto& x : s.sites) x = site;
    s.hw_lost.assign(s.sites.size(), false);
    s.lost_replicas.clear();
    s.primary = -1;  // the restored copy is the data now
    return true;
  }

  // Brings capacity back: scale up what survived, replace instances in a live zone, or rebuild.
  bool capacity(SvcState& s) {
    const auto& rec = s.svc->recovery;
    int alive_n = alive_instances(s);
    if (alive_n > 0 && rec.scale_up > 0) {
      return timed_step(s, "scale_up", rec.scale_up,
                        "scale up " + std::to_string(alive_n) + " surviving instances") &&
             fill(s);
    }
    std::string live;
    for (const auto& z : s.svc->placement.zones) {
      if (alive(z)) {
        live = z;
        break;
      }
    }
    if (rec.auto_replace && !live.empty() && s.svc->kind != model::ServiceKind::kExternal) {
      return timed_step(s, "replace", rec.replace_time, "new instances in " + live) && fill(s);
    }
    if (rec.rebuild) {
      std::string site = recovery_site(s);
      if (site.empty() || s.svc->kind == model::ServiceKind::kExternal) {
        s.path.push_back({"blocked", now(), now(), "no surviving site to rebuild in"});
        return false;
      }
      if (!human(s)) return false;
      for (const auto& need : rec.rebuild_needs) {
        if (!effectively_down(need)) continue;
        double from = now();
        s.path.push_back({"wait", from, -1, "rebuild needs " + need});
        std::size_t at = s.path.size() - 1;
        if (!wait_until(s, [this, &need] { return !effectively_down(need); })) return false;
        s.path[at].end_s = now();
      }
      if (!timed_step(s, "rebuild", *rec.rebuild, "rebuild from IaC in " + site)) return false;
      if (rec.dns_ttl > 0 && !timed_step(s, "dns", rec.dns_ttl, "traffic switched to " + site)) {
        return false;
      }
      for (auto& x : s.sites) x = site;
      s.hw_lost.assign(s.sites.size(), false);
      return true;
    }
    return false;  // nothing to do but wait for the outage to end
  }

  // After scale-up or replacement the lost instances run in the first live zone.
  bool fill(SvcState& s) {
    std::string live;
    for (const auto& x : s.sites) {
      if (alive(x)) {
        live = x;
        break;
      }
    }
    for (std::size_t i = 0; i < s.sites.size(); ++i) {
      if ((s.hw_lost[i] || !alive(s.sites[i])) && !live.empty()) {
        s.sites[i] = live;
        s.hw_lost[i] = false;
      }
    }
    return true;
  }

  // Lost instances of a service that stayed up are replaced in the background (autoscaling).
  void replace_quietly(SvcState& s) {
    const auto& rec = s.svc->recovery;
    std::string live;
    for (const auto& x : s.sites) {
      if (alive(x)) {
        live = x;
        break;
      }
    }
    double detect = rec.detect_interval * rec.detect_threshold;
    s.path.push_back({"detect", now(), now() + detect, "lost instances noticed"});
    s.path.push_back({"replace", now() + detect, now() + detect + rec.replace_time,
                      "replacement instances in " + live + " (capacity never short)"});
    events_ += 2;
    sg4::this_actor::sleep_for(detect + rec.replace_time);
    if (!s.impaired) fill(s);
    s.replacing = false;
  }

  const model::Model& m_;
  const scenarios::Scenario& sc_;
  Platform& p_;
  double horizon_;
  std::vector<SvcState> svc_;
  std::map<std::string, int> lost_;
  sg4::MutexPtr mutex_;
  sg4::ConditionVariablePtr cv_;
  bool team_engaged_ = false;
  double team_from_ = 0;
  std::vector<std::string> notes_;
  long long events_ = 0;
};

ScenarioResult ScenarioSim::finish(SimStats* stats) {
  if (stats) stats->events = events_;
  ScenarioResult out;
  out.id = sc_.id;
  out.cls = model::to_string(sc_.cls);
  out.t0_s = sc_.t0();
  out.horizon_s = horizon_;
  std::map<std::string, Timeline> own;
  for (const auto& s : svc_) own.emplace(s.svc->id, s.own);
  auto eff = effective_timelines(m_, own, horizon_);
  std::vector<ServiceOutcome> outcomes;
  std::vector<bool> stateful;
  for (const auto& s : svc_) {
    const auto& t = eff.at(s.svc->id);
    TargetResult r;
    r.id = s.svc->id;
    r.down = t.ever(State::kDown);
    r.degraded = !r.down && t.ever(State::kDegraded);
    r.rto_s = achieved_rto(t);
    r.recovered = r.rto_s.has_value();
    r.rpo_s = s.svc->data ? s.rpo : std::optional<double>(0.0);
    r.path = s.path;
    if (s.impaired && s.own.at(horizon_) == State::kDown) {
      if (s.dependency_faults > 0) {
        r.path.push_back(
            {"wait", s.lost_at, horizon_, "provider still unavailable at the horizon"});
      } else {
        r.path.push_back({"down", s.lost_at, horizon_, "still down at the horizon"});
      }
    }
    for (auto& p : r.path) {
      if (p.end_s < 0) {
        p.end_s = horizon_;
        p.detail += " (still running at the horizon)";
      }
    }
    // Explain stretches down or degraded through dependencies, and queued work replayed.
    for (const auto& d : s.svc->depends_on) {
      const auto& dt = eff.at(d.service);
      for (const auto& iv : dt.intervals()) {
        if (iv.state == State::kUp) continue;
        if (d.mode == model::DependencyMode::kHard && iv.state == State::kDown &&
            iv.end - iv.begin <= d.tolerate) {
          r.path.push_back({"ride_through", iv.begin, iv.end,
                            "hard dependency " + d.service + " down for " +
                                units::format_duration(iv.end - iv.begin) +
                                ", ridden through by retries (tolerate " +
                                units::format_duration(d.tolerate) + ")"});
        } else if (d.mode == model::DependencyMode::kHard) {
          r.path.push_back({"depends", iv.begin, iv.end,
                            "hard dependency " + d.service + " " + to_string(iv.state)});
        } else if (iv.end < horizon_) {
          r.path.push_back({"drain", iv.end, iv.end,
                            units::format_duration(iv.end - iv.begin) + " of queued work for " +
                                d.service + " replayed"});
        } else {
          r.path.push_back({"queue", iv.begin, horizon_, "work for " + d.service + " queued"});
        }
      }
    }
    std::stable_sort(r.path.begin(), r.path.end(),
                     [](const PathStep& a, const PathStep& b) { return a.begin_s < b.begin_s; });
    r.objectives = judge_service(m_.objectives, *s.svc, sc_.cls, r.rto_s, r.rpo_s);
    ServiceOutcome o;
    o.user_facing = s.svc->user_facing && s.svc->kind != model::ServiceKind::kExternal;
    o.down = r.down;
    o.degraded = r.degraded;
    o.recovered = r.recovered;
    o.no_recovery_point = s.svc->data && s.no_point;
    outcomes.push_back(o);
    stateful.push_back(s.svc->data.has_value());
    out.services.push_back(std::move(r));
  }
  out.impact = continuity_impact(outcomes);
  out.recovery_process = recovery_process(out.services, notes_);
  out.data_loss = data_loss(out.services, stateful);
  return out;
}

}  // namespace

ScenarioResult simulate_in_this_process(const model::Model& m, const scenarios::Scenario& scenario,
                                        SimStats* stats) {
  xbt_log_control_set("root.thresh:critical");
  char name[] = "drsim";
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer cannot follow SimGrid's hand-made stack switches and floods stderr with
  // warnings; actors on threads run in the same deterministic order. The context factory is
  // chosen when the Engine starts, so it has to come in through the arguments.
  char factory[] = "--cfg=contexts/factory:thread";
  char* argv[] = {name, factory, nullptr};
  int argc = 2;
#else
  char* argv[] = {name, nullptr};
  int argc = 1;
#endif
  // The engine and the simulation are never destroyed: at the horizon actors may still be
  // blocked on the condition variable, and SimGrid aborts when such objects are torn down. The
  // caller is a child process that exits right after (simulator.cpp).
  // Wall-clock figures feed benchmarks only; nothing in the result depends on them.
  auto wall0 = std::chrono::steady_clock::now();
  auto* engine = new sg4::Engine(&argc, argv);
  configure_network_model();
  auto* platform = new Platform(build_platform(m));
  auto* sim = new ScenarioSim(m, scenario, *platform);
  sim->start();
  auto wall1 = std::chrono::steady_clock::now();
  engine->run_until(scenario.horizon_s);
  auto wall2 = std::chrono::steady_clock::now();
  auto result = sim->finish(stats);
  if (stats) {
    stats->build_s = std::chrono::duration<double>(wall1 - wall0).count();
    stats->run_s = std::chrono::duration<double>(wall2 - wall1).count();
  }
  return result;
}

}  // namespace drsim::engine::sim
