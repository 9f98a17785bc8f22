#include "engine/core/executor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <set>

#include "engine/core/failback.hpp"
#include "engine/core/fault_injector.hpp"
#include "engine/core/planner.hpp"
#include "engine/core/scenario_run.hpp"
#include "engine/core/service_state.hpp"
#include "scenarios/outage_defaults.hpp"
namespace drsim::engine {
namespace {

using scenarios::Fault;
using scenarios::FaultKind;
using Type = PlannedStep::Type;

Damage damage_of(FaultKind k) {
  switch (k) {
    case FaultKind::kDeletion:
      return Damage::kDeletion;
    case FaultKind::kRansomware:
      return Damage::kRansomware;
    default:
      return Damage::kCorruption;
  }
}

// Every service's record. The executor reads any record but changes one only through touch(),
// which lists it, so that the next run on the same buffers resets only the records this run
// changed (RunBuffers): a const record cannot be changed by mistake.
class Records {
 public:
  Records(std::vector<ServiceRun>& runs, std::vector<std::size_t>& touched)
      : runs_(runs), touched_(touched) {}
  std::size_t size() const { return runs_.size(); }
  const ServiceRun& operator[](std::size_t i) const { return runs_[i]; }
  const std::vector<ServiceRun>& all() const { return runs_; }
  ServiceRun& touch(std::size_t i) {
    ServiceRun& r = runs_[i];
    if (!r.touched) {
      r.touched = true;
      touched_.push_back(i);
    }
    return r;
  }

 private:
  std::vector<ServiceRun>& runs_;
  std::vector<std::size_t>& touched_;
};

class Executor : public FaultSink {
 public:
  // `runs`: every service's record as the run starts (initial_runs()).
  Executor(const model::Model& m, const scenarios::Scenario& sc, Runtime& rt, ResultDetail detail,
           Records runs)
      : m_(m),
        sc_(sc),
        rt_(rt),
        detail_(detail),
        horizon_(sc.horizon_s),
        injector_(m, sc, rt, *this),
        runs_(runs) {
    for (const auto& s : m.services) {
      if (!s.data) continue;
      for (const auto& b : s.data->backups) {
        if (!b.run_by.empty()) schedulers_.insert(b.run_by);
      }
    }
  }

  void start() {
    rt_.spawn("faults", [this] { injector_.run(); });
  }

  void finish(ScenarioResult& out) {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      if (!runs_[i].no_spare_since && !runs_[i].away_since) continue;
      ServiceRun& r = runs_.touch(i);
      if (r.no_spare_since) {
        r.path.push_back({StepKind::kNoHotSpare, *r.no_spare_since, horizon_,
                          words("no in-sync standby until the horizon")});
      }
      if (r.away_since) {
        r.path.push_back({StepKind::kFailback, *r.away_since, horizon_,
                          texts() ? "serves from " + serving_site(m_, *r.svc, r.state) +
                                        "; failback to " + primary_zone(*r.svc) +
                                        " still due at the horizon"
                                  : ""});
      }
    }
    RunInfo info{sc_.id,   sc_.cls,           sc_.t0(),
                 horizon_, injector_.notes(), scenarios::fault_outages(sc_),
                 detail_};
    scenario_result(m_, info, runs_.all(), out);
  }

  // ------------------------------------------------------------------ FaultSink
  void hardware(const std::string& service, bool start) override {
    if (auto* r = touch(service)) hardware_fault(*r, start);
  }
  void dependency(const std::string& service, bool start) override {
    if (auto* r = touch(service)) r->state.dependency_faults += start ? 1 : -1;
  }
  void logical_damage(const Fault& f) override {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const auto& svc = *runs_[i].svc;
      if (!svc.data) continue;
      if (f.kind != FaultKind::kRansomware && svc.id != f.target) continue;
      ServiceRun* rp = &runs_.touch(i);
      Fault copy = f;
      rt_.spawn({"logical", svc.id}, [this, rp, copy] { logical(*rp, copy); });
    }
  }
  void copies_lost(const Fault& f) override {
    if (f.kind == FaultKind::kDestroy) {
      destroyed_.push_back(f.target);
    } else {
      unusable_.push_back({f.target, f.backup, f.unusable_runs});
    }
  }
  void changed(bool outage_ended) override {
    if (outage_ended) {
      for (std::size_t i = 0; i < runs_.size(); ++i) {
        const auto& r = runs_[i];
        if (r.impaired && !r.logical && serves(r)) come_back(runs_.touch(i));
      }
    }
    evaluate();
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      if (has_copies(runs_[i])) track_copies(runs_.touch(i));
    }
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      if (fail_back_ready(runs_[i])) maybe_fail_back(runs_.touch(i));
    }
    rt_.notify_all();
  }

 private:
  double now() const { return rt_.now(); }
  // True if the result keeps the steps' details (not a trial's ResultDetail::kFigures); words()
  // gives `text` then, else "".
  bool texts() const { return detail_ == ResultDetail::kFull; }
  std::string words(const char* text) const { return texts() ? text : ""; }
  double abs_time(double rel) const { return sc_.t0() + rel; }
  const LostDomains& lost() const { return injector_.lost_domains(); }

  // The record of service `id` to change, null for an id that names no service.
  ServiceRun* touch(const std::string& id) {
    const auto pos = m_.service_position(id);
    return pos < runs_.size() ? &runs_.touch(pos) : nullptr;
  }
  const ServiceRun* find(const std::string& id) const {
    const auto pos = m_.service_position(id);
    return pos < runs_.size() ? &runs_[pos] : nullptr;
  }

  // keeps_serving() without logical damage, without building a Situation.
  bool serves(const ServiceRun& r) const {
    return capacity_ok(m_, *r.svc, r.state, lost()) && data_ok(m_, *r.svc, r.state, lost());
  }

  // True if a machine or the zone of one of the service's instances is lost.
  bool lost_instances(const ServiceRun& r) const {
    const auto& st = r.state;
    for (std::size_t i = 0; i < st.sites.size(); ++i) {
      if (st.hw_lost[i] || !alive(m_, st.sites[i], lost())) return true;
    }
    return false;
  }

  Situation situation(double fault_rel) const {
    Situation s;
    s.lost_domains = lost();
    s.fault_s = abs_time(fault_rel);
    // Backups run by a scheduler service take no run while it is down (its timeline so far).
    for (const auto& id : schedulers_) {
      const auto pos = m_.service_position(id);
      if (pos >= runs_.size()) continue;
      for (const auto& i : runs_[pos].own.intervals()) {
        if (i.state == State::kDown)
          s.down_windows[id].push_back({abs_time(i.begin), abs_time(i.end)});
      }
    }
    s.unusable = unusable_;
    s.destroyed_stores = destroyed_;
    s.detail = detail_;
    return s;
  }

  // Down right now for anyone who needs it: its own state or a hard dependency's.
  bool effectively_down(const std::string& id, int depth = 0) {
    const auto* r = find(id);
    if (!r || depth > 64) return false;
    if (r->impaired && (r->own.at(now()) == State::kDown || !r->logical)) return true;
    for (const auto& d : r->svc->depends_on) {
      if (d.mode == model::DependencyMode::kHard &&
          item_out(d, [&](const std::string& alt) { return effectively_down(alt, depth + 1); })) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ copies in sync
  // Replicas that cannot receive writes fall out of sync; those reachable again are resynced;
  // the stretch without an in-sync standby goes into the path (planner.hpp, THE RESYNC RULE).
  // True if the service's data has copies to keep in sync.
  static bool has_copies(const ServiceRun& r) {
    return r.svc->data && r.svc->data->replicas.size() >= 2;
  }
  void track_copies(ServiceRun& r) {
    if (!has_copies(r)) return;
    mark_out_of_sync(m_, *r.svc, r.state, lost(), abs_time(now()));
    const auto home = home_replica(*r.svc);
    std::vector<std::size_t> start;
    for (const auto& [i, o] : r.state.out_of_sync) {
      // Home's own copy is what a failback that discards the recovery side's writes resumes from.
      if (r.away_since && failback_discards_writes(*r.svc) && home && i == *home) continue;
      if (!replica_reachable(m_, *r.svc, r.state, i, lost()) || !primary_serves(r) ||
          std::find(r.resyncing.begin(), r.resyncing.end(), i) != r.resyncing.end()) {
        continue;
      }
      start.push_back(i);
    }
    // Created after the walk: creating an actor may yield (SimGrid), and the new actor may run
    // (and change out_of_sync) before this one resumes.
    for (std::size_t replica : start) {
      r.resyncing.push_back(replica);
      ServiceRun* rp = &r;
      rt_.spawn({"resync", r.svc->id}, [this, rp, replica] { resync(*rp, replica); });
    }
    const bool spare = hot_spare(m_, *r.svc, r.state, lost());
    if (!spare && !r.no_spare_since) {
      r.no_spare_since = now();
    } else if (spare && r.no_spare_since) {
      r.path.push_back({StepKind::kNoHotSpare, *r.no_spare_since, now(),
                        words("no in-sync standby: the next loss of the primary loses data")});
      r.no_spare_since.reset();
    }
  }

  // True if the service serves from a primary replica a resync can copy from.
  bool primary_serves(const ServiceRun& r) const {
    return !r.impaired && r.state.primary >= 0 &&
           replica_reachable(m_, *r.svc, r.state, static_cast<std::size_t>(r.state.primary),
                             lost());
  }

  // Brings one out-of-sync replica back in sync, unless it is lost again meanwhile.
  void resync(ServiceRun& r, std::size_t replica) {
    const auto steps = plan_resync(m_, *r.svc, r.state, replica, abs_time(now()), detail_);
    std::size_t at = r.path.size();
    for (std::size_t k = 0; k < steps.size() && r.state.out_of_sync.count(replica); ++k) {
      if (steps[k].type == Type::kPeople) {
        const double decided = team_decides_at();
        if (decided > now()) {
          r.path.push_back(
              {StepKind::kDecide, now(), decided, words("on-call person decides to resync")});
          rt_.sleep_for(decided - now());
        }
        continue;
      }
      // The last step copies what was missed until now: planned when it starts.
      const PlannedStep step =
          k + 1 == steps.size()
              ? plan_resync(m_, *r.svc, r.state, replica, abs_time(now()), detail_).back()
              : steps[k];
      at = r.path.size();
      r.path.push_back({step.kind, now(), now() + step.seconds, step.detail});
      ++rt_.events;
      if (step.seconds > 0) rt_.sleep_for(step.seconds);
    }
    r.resyncing.erase(std::find(r.resyncing.begin(), r.resyncing.end(), replica));
    if (!r.state.out_of_sync.count(replica)) {
      // Promoted meanwhile: nothing left to resync.
    } else if (primary_serves(r) && replica_reachable(m_, *r.svc, r.state, replica, lost())) {
      r.state.out_of_sync.erase(replica);
    } else if (at < r.path.size() && texts()) {
      r.path[at].detail += " (abandoned: the primary or the copy is out)";
    }
    track_copies(r);
    rt_.notify_all();
  }

  // ------------------------------------------------------------------ state changes
  void go_down(ServiceRun& r, State st) {
    if (!r.impaired) {
      r.impaired = true;
      r.back = false;
      r.lost_at = now();
    }
    r.own.set_from(now(), st);
    rt_.notify_all();
  }

  void go_up(ServiceRun& r) {
    r.impaired = false;
    r.logical = false;
    r.own.set_from(now(), State::kUp);
    rt_.notify_all();
  }

  // An outage ended and the service's own places are back: up at once, its data intact.
  void come_back(ServiceRun& r) {
    rt_.raise(r.back);
    r.path.push_back({StepKind::kWait, r.lost_at, now(), words("back when the outage ended")});
    r.rpo = 0.0;
    r.no_point = false;
    go_up(r);
    note_home(r);
  }

  // Every service that stops serving gets a recovery actor; lost instances of one that keeps
  // serving are replaced in the background.
  void evaluate() {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const ServiceRun& seen = runs_[i];
      if (seen.recovering || (seen.impaired && seen.logical)) continue;
      const bool ok = serves(seen);  // what plan_recovery() would say of Plan::serving
      if (ok && !seen.impaired && (seen.replacing || !lost_instances(seen))) continue;  // usual
      if (!ok && seen.impaired) continue;  // a recovery or the outage's end brings it back
      ServiceRun& r = runs_.touch(i);
      if (!ok) {
        go_down(r, State::kDown);
        r.recovering = true;
        ServiceRun* rp = &r;
        rt_.spawn({"recover", r.svc->id}, [this, rp] {
          recover(*rp);
          rp->recovering = false;
          maybe_fail_back(*rp);
        });
        continue;
      }
      if (r.impaired) {
        come_back(r);
        continue;
      }
      // Serving with instances lost: replaced in the background?
      Plan plan = plan_recovery(m_, *r.svc, r.state, situation(now()));
      if (plan.replace_in_background && !r.replacing) {
        r.replacing = true;
        ServiceRun* rp = &r;
        rt_.spawn({"replace", r.svc->id}, [this, rp, plan] { replace_quietly(*rp, plan); });
      }
    }
  }

  // ------------------------------------------------------------------ executing plans
  // Sleeps `d` seconds unless the service comes back by itself; false if it did.
  bool timed_step(ServiceRun& r, StepKind kind, double d, const std::string& detail) {
    r.path.push_back({kind, now(), now() + d, detail});
    std::size_t at = r.path.size() - 1;
    ++rt_.events;
    bool came_back = rt_.wait_for_flag(r.back, d);
    if (came_back) r.path[at].end_s = now();
    return !came_back;
  }

  // Blocks until `pred` holds or the service came back; false if it came back first.
  template <class Pred>
  bool wait_until(ServiceRun& r, Pred pred) {
    rt_.wait_until([&r, &pred] { return r.back || pred(); });
    return !r.back;
  }

  bool people_can_work() const {
    const auto& pe = m_.people;
    if (pe.remote_work || pe.offices.empty()) return true;
    return std::any_of(pe.offices.begin(), pe.offices.end(),
                       [this](const std::string& o) { return alive(m_, o, lost()); });
  }

  // When the on-call team has decided: paged at the first need (now, if nobody needed it
  // before), then it responds and decides once per scenario.
  double team_decides_at() {
    if (!team_engaged_) {
      team_engaged_ = true;
      team_from_ = now();
    }
    const auto& pe = m_.people;
    return team_from_ + pe.page + pe.response + pe.decision;
  }

  // The on-call team: paged at the first need, then responds and decides once per scenario.
  bool human(ServiceRun& r) {
    if (!wait_until(r, [this] { return people_can_work(); })) return false;
    const auto& pe = m_.people;
    const double decided = team_decides_at();
    const double paged = team_from_ + pe.page, responded = paged + pe.response;
    if (now() >= decided) return true;
    auto add = [&](StepKind kind, double b, double e, const char* detail) {
      if (e > now() || b >= now()) r.path.push_back({kind, b, e, words(detail)});
    };
    add(StepKind::kPage, team_from_, paged, "on-call person paged");
    add(StepKind::kRespond, paged, responded, "on-call person at a keyboard");
    add(StepKind::kDecide, responded, decided, "decision to run the recovery procedure");
    ++rt_.events;
    return !rt_.wait_for_flag(r.back, decided - now());
  }

  bool transfer(ServiceRun& r, const PlannedStep& step) {
    if (!m_.find_store(step.from_store) || !m_.find_domain(step.to_site)) return true;
    r.path.push_back({step.kind, now(), -1, step.detail});
    std::size_t at = r.path.size() - 1;
    ++rt_.events;
    const bool done = rt_.transfer(step.from_store, step.to_site, step.bytes);
    r.path[at].end_s = now();
    // The source or target died under the transfer: this restore cannot finish.
    if (!done && texts()) r.path[at].detail += " (failed: a host on the route was lost)";
    return done;
  }

  bool wait_for_services(ServiceRun& r, const PlannedStep& step) {
    for (const auto& need : step.needs) {
      auto down = [this, &need] {
        return item_out(need, [this](const std::string& alt) { return effectively_down(alt); });
      };
      if (!down()) continue;
      r.path.push_back(
          {StepKind::kWait, now(), -1, texts() ? step.detail + " " + need.name() : ""});
      std::size_t at = r.path.size() - 1;
      if (!wait_until(r, [&down] { return !down(); })) return false;
      r.path[at].end_s = now();
    }
    return true;
  }

  // Runs steps[from..] of `plan`; true when every step ran and the service may serve again.
  bool execute(ServiceRun& r, const Plan& plan, std::size_t from) {
    for (std::size_t i = from; i < plan.steps.size(); ++i) {
      const auto& step = plan.steps[i];
      bool ok = true;
      switch (step.type) {
        case Type::kTimed:
          if (step.kind == StepKind::kBlocked) {
            r.path.push_back({StepKind::kBlocked, now(), now(), step.detail});
            return false;
          }
          ok = timed_step(r, step.kind, step.seconds, step.detail);
          break;
        case Type::kPeople:
          ok = human(r);
          break;
        case Type::kTransfer:
          ok = transfer(r, step);
          break;
        case Type::kWaitFor:
          ok = wait_for_services(r, step);
          break;
      }
      if (!ok) return false;
    }
    switch (plan.procedure) {
      case Procedure::kWaitForProvider:
      case Procedure::kWaitForOutage:
      case Procedure::kNoRecoveryPoint:
      case Procedure::kNoSite:
        return false;  // only the outage's end helps; come_back() records the wait
      default:
        return true;
    }
  }

  void record_rpo(ServiceRun& r, const Plan& plan) {
    if (!plan.rpo) return;
    r.rpo = plan.rpo->rpo_s;
    r.no_point = plan.rpo->catastrophic();
  }

  // Capacity or data lost: detect, then run what the planner says for the situation then.
  void recover(ServiceRun& r) {
    Situation loss;  // capacity or data, no damage
    loss.detail = detail_;
    const PlannedStep detect = detection(*r.svc, loss);
    if (!timed_step(r, detect.kind, detect.seconds, detect.detail)) return;
    Plan plan = plan_recovery(m_, *r.svc, r.state, situation(r.lost_at));
    if (plan.serving) return;  // back by itself: come_back() has run
    record_rpo(r, plan);
    if (execute(r, plan, 1) && !r.back) {
      r.state = std::move(plan.after);
      go_up(r);
      note_home(r);
      track_copies(r);
    }
  }

  // Corruption, deletion or ransomware: wrong data is served until noticed, then the service is
  // taken down and repaired from the newest point before the damage.
  void logical(ServiceRun& r, const Fault& f) {
    r.logical = true;
    go_down(r, State::kDegraded);
    Situation sit = situation(now());
    sit.damage = damage_of(f.kind);
    sit.detect_after_s = f.detect_after_s;
    const PlannedStep detect = detection(*r.svc, sit);
    r.path.push_back({detect.kind, now(), now() + detect.seconds, detect.detail});
    ++rt_.events;
    if (detect.seconds > 0) rt_.sleep_for(detect.seconds);
    go_down(r, State::kDown);
    sit.lost_domains = lost();
    sit.unusable = unusable_;
    sit.destroyed_stores = destroyed_;
    Plan plan = plan_recovery(m_, *r.svc, r.state, sit);
    record_rpo(r, plan);
    if (execute(r, plan, 1)) {
      r.state = std::move(plan.after);
      go_up(r);
      note_home(r);
      track_copies(r);
      maybe_fail_back(r);
    }
  }

  // ------------------------------------------------------------------ failback
  // Whether `r` now serves away from home with a failback due (failback.hpp), and since when.
  void note_home(ServiceRun& r) {
    if (!failback_due(m_, *r.svc, r.state)) {
      r.away_since.reset();
    } else if (!r.away_since) {
      r.away_since = now();
    }
  }

  // True if `r` serves away from home, home is back, and nothing else runs for it.
  bool fail_back_ready(const ServiceRun& r) const {
    return r.away_since && !r.failing_back && !r.impaired && !r.recovering &&
           home_is_back(m_, *r.svc, r.state, lost());
  }
  // Starts the failback of a service serving away from home once home is back.
  void maybe_fail_back(ServiceRun& r) {
    if (!fail_back_ready(r)) return;
    r.failing_back = true;
    ServiceRun* rp = &r;
    rt_.spawn({"failback", r.svc->id}, [this, rp] {
      fail_back(*rp);
      rp->failing_back = false;
    });
  }

  // Runs THE FAILBACK RULE's steps; abandoned when the service or its home is lost again.
  void fail_back(ServiceRun& r) {
    auto out_again = [this, &r] {
      return r.impaired || !home_is_back(m_, *r.svc, r.state, lost());
    };
    auto abandon = [this, &r] {
      r.path.push_back({StepKind::kFailback, now(), now(),
                        words("failback abandoned: the service or its home is out again")});
    };
    const auto home = home_replica(*r.svc);
    if (home && !r.state.restored && r.state.out_of_sync.count(*home) &&
        !failback_discards_writes(*r.svc)) {
      // The home replica is brought back in sync by the resync rule first.
      const double from = now();
      rt_.wait_until([&] { return out_again() || !r.state.out_of_sync.count(*home); });
      if (now() > from) {
        r.path.push_back(
            {StepKind::kFailback, from, now(),
             texts() ? "failback waits for " + primary_zone(*r.svc) + " to resync" : ""});
      }
    }
    FailbackPlan plan = plan_failback(m_, *r.svc, r.state, abs_time(now()), detail_);
    std::optional<double> down_from;
    for (std::size_t k = 0; k < plan.steps.size(); ++k) {
      const auto& step = plan.steps[k];
      if (out_again()) return abandon();
      if (step.type == Type::kPeople) {
        const double decided = std::max(now(), team_decides_at());
        r.path.push_back({StepKind::kDecide, now(), decided, step.detail});
        if (decided > now()) rt_.sleep_for(decided - now());
        continue;
      }
      if (k == plan.down_from) down_from = now();
      r.path.push_back({step.kind, now(), now() + step.seconds, step.detail});
      ++rt_.events;
      if (step.seconds > 0) rt_.sleep_for(step.seconds);
    }
    ServiceRun::FailbackDone done;
    done.downtime_s = down_from ? now() - *down_from : 0;
    if (plan.discards_writes) done.discarded_s = down_from.value_or(now()) - *r.away_since;
    r.failed_back = done;
    r.away_since.reset();
    const int dependency_faults = r.state.dependency_faults;
    r.state = std::move(plan.after);
    r.state.dependency_faults = dependency_faults;
    track_copies(r);
  }

  // Lost instances of a service that kept serving are replaced in the background.
  void replace_quietly(ServiceRun& r, const Plan& plan) {
    const auto& rec = r.svc->recovery;
    double detect = rec.detect_interval * rec.detect_threshold;
    r.path.push_back({StepKind::kDetect, now(), now() + detect, words("lost instances noticed")});
    r.path.push_back(
        {StepKind::kReplace, now() + detect, now() + detect + rec.replace_time,
         texts() ? "replacement instances in " + plan.live_zone + " (capacity never short)" : ""});
    rt_.events += 2;
    rt_.sleep_for(detect + rec.replace_time);
    if (!r.impaired) r.state = plan.after;
    r.replacing = false;
  }

  const model::Model& m_;
  const scenarios::Scenario& sc_;
  Runtime& rt_;
  ResultDetail detail_;
  double horizon_;
  FaultInjector injector_;
  Records runs_;
  std::set<std::string> schedulers_;      // services named by a backup's `run_by`
  std::vector<UnusableBackup> unusable_;  // bad-backup faults so far
  std::vector<std::string> destroyed_;    // stores destroyed so far
  bool team_engaged_ = false;
  double team_from_ = 0;
};

// Every service's record before a run of `horizon` seconds, in model order.
std::vector<ServiceRun> initial_runs(const model::Model& m, double horizon) {
  std::vector<ServiceRun> runs;
  runs.reserve(m.services.size());
  for (std::size_t i = 0; i < m.services.size(); ++i) runs.emplace_back(m, i, horizon);
  return runs;
}

void run(const model::Model& m, const scenarios::Scenario& scenario, Runtime& rt,
         ResultDetail detail, Records runs, ScenarioResult& out) {
  auto executor = std::make_unique<Executor>(m, scenario, rt, detail, runs);
  executor->start();
  rt.run_until(scenario.horizon_s);
  executor->finish(out);
  // Actors still blocked at the horizon refer to the executor: it may go only once they have.
  if (!rt.stop_actors()) executor.release();
}

}  // namespace

ScenarioResult execute(const model::Model& m, const scenarios::Scenario& scenario, Runtime& rt,
                       ResultDetail detail) {
  auto runs = initial_runs(m, scenario.horizon_s);
  std::vector<std::size_t> touched;
  ScenarioResult result;
  run(m, scenario, rt, detail, Records(runs, touched), result);
  return result;
}

const ScenarioResult& execute(const model::Model& m, const scenarios::Scenario& scenario,
                              Runtime& rt, ResultDetail detail, RunBuffers& buffers) {
  if (buffers.model != &m || buffers.horizon != scenario.horizon_s) {
    buffers.initial = initial_runs(m, scenario.horizon_s);
    buffers.model = &m;
    buffers.horizon = scenario.horizon_s;
    buffers.runs = buffers.initial;
  } else {
    for (const auto i : buffers.touched) buffers.runs[i] = buffers.initial[i];
  }
  buffers.touched.clear();
  run(m, scenario, rt, detail, Records(buffers.runs, buffers.touched), buffers.result);
  return buffers.result;
}

}  // namespace drsim::engine
