#include "engine/core/scenario_run.hpp"

#include <algorithm>

#include "engine/core/continuity.hpp"
#include "engine/core/service_state.hpp"
#include "engine/core/small_sort.hpp"
#include "model/units.hpp"

namespace drsim::engine {

void hardware_fault(ServiceRun& run, bool start) {
  ServiceState& st = run.state;
  if (start) {
    // A serving instance first; a standby only when no serving one is left.
    std::optional<std::size_t> pick;
    for (std::size_t i = st.hw_lost.size(); i-- > 0;) {
      if (st.hw_lost[i]) continue;
      if (!pick || (st.standby[*pick] && !st.standby[i])) pick = i;
      if (!st.standby[i]) break;
    }
    if (pick) {
      st.hw_lost[*pick] = true;
      run.hw_order.push_back(*pick);
    }
  } else if (!run.hw_order.empty()) {
    st.hw_lost[run.hw_order.back()] = false;
    run.hw_order.pop_back();
  }
  const auto& svc = *run.svc;
  // A data set without replicas keeps its data on durable storage that outlives one machine.
  if (!svc.data || svc.data->replicas.empty()) return;
  auto& lost = st.lost_replicas;
  if (!start) {
    if (!lost.empty()) lost.pop_back();
    return;
  }
  auto is_lost = [&lost](std::size_t i) {
    return std::find(lost.begin(), lost.end(), i) != lost.end();
  };
  const std::size_t n = svc.data->replicas.size();
  const std::size_t primary = st.primary >= 0 ? static_cast<std::size_t>(st.primary) : 0;
  for (std::size_t i = n; i-- > 0;) {
    if (i != primary && !is_lost(i)) {
      lost.push_back(i);
      return;
    }
  }
  if (!is_lost(primary)) lost.push_back(primary);
}

void dependency_steps(const model::Model& m, std::size_t service,
                      const std::vector<Timeline>& effective, double horizon, ResultDetail detail,
                      std::vector<PathStep>& out) {
  const bool texts = detail == ResultDetail::kFull;
  const model::Service& s = m.services.at(service);
  for (std::size_t k = 0; k < s.depends_on.size(); ++k) {
    const auto& d = s.depends_on[k];
    std::optional<Timeline> store;
    const Timeline& dt = item_timeline(
        m.dependency_positions(service, k),
        [&](std::size_t p) { return p < effective.size() ? &effective[p] : nullptr; }, horizon,
        store);
    if (dt.always_up()) continue;
    if (d.mode == model::DependencyMode::kHard) {
      dt.for_each_interval([&](const Interval& iv) {
        if (iv.state == State::kUp) return;
        if (iv.state == State::kDown && iv.end - iv.begin <= d.tolerate) {
          out.emplace_back(StepKind::kRideThrough, iv.begin, iv.end);
          if (texts) {
            out.back().detail = "hard dependency " + d.name() + " down for " +
                                units::format_duration(iv.end - iv.begin) +
                                ", ridden through by retries (tolerate " +
                                units::format_duration(d.tolerate) + ")";
          }
        } else {
          out.emplace_back(StepKind::kDepends, iv.begin, iv.end);
          if (texts) out.back().detail = "hard dependency " + d.name() + " " + to_string(iv.state);
        }
      });
      continue;
    }
    // Queued: one stretch per outage of the provider, degraded and down alike.
    const auto ivs = dt.intervals();
    for (std::size_t i = 0; i < ivs.size(); ++i) {
      if (ivs[i].state == State::kUp) continue;
      const double begin = ivs[i].begin;
      while (i + 1 < ivs.size() && ivs[i + 1].state != State::kUp) ++i;
      const double end = ivs[i].end;
      if (end < horizon) {
        out.emplace_back(StepKind::kDrain, end, end);
        if (texts) {
          out.back().detail =
              units::format_duration(end - begin) + " of queued work for " + d.name() + " replayed";
        }
      } else {
        out.emplace_back(StepKind::kQueue, begin, horizon);
        if (texts) out.back().detail = "work for " + d.name() + " queued";
      }
    }
  }
}

namespace {

// A failback scenario's figures (scenario_result()).
void judge_failback(const ServiceRun& run, TargetResult& r) {
  if (!r.rto_s) return;  // never recovered: nothing to move back
  const auto& done = run.failed_back;
  r.rto_s = run.away_since ? std::nullopt : std::optional<double>(done ? done->downtime_s : 0.0);
  r.recovered = r.rto_s.has_value();
  r.rpo_s = done && done->discarded_s ? *done->discarded_s : 0.0;
}

}  // namespace

void scenario_result(const model::Model& m, const RunInfo& info,
                     const std::vector<ServiceRun>& runs, ScenarioResult& out) {
  {
    auto services = std::move(out.services);
    services.resize(runs.size());
    out = ScenarioResult{};
    out.services = std::move(services);
  }
  out.id = info.id;
  out.cls = model::to_string(info.cls);
  out.t0_s = info.t0_s;
  out.horizon_s = info.horizon_s;
  out.outages = info.outages;
  const double horizon = info.horizon_s;
  const bool texts = info.detail == ResultDetail::kFull;
  // The timelines of the last run on this thread keep their allocations (trials).
  thread_local std::vector<Timeline> t_timelines;
  std::vector<Timeline> own = std::move(t_timelines);
  own.resize(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) own[i] = runs[i].own;
  auto eff = effective_timelines(m, std::move(own), horizon);
  std::vector<ServiceOutcome> outcomes;
  std::vector<bool> stateful;
  outcomes.reserve(runs.size());
  stateful.reserve(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& run = runs[i];
    const auto& svc = *run.svc;
    const auto& t = eff[i];
    TargetResult& r = out.services[i];
    // Every field is set below but these two, which only the phase rule and a trial summary
    // fill in afterwards; the path and objective buffers keep their allocations (trials).
    r.rpo_worst.reset();
    r.trials.reset();
    r.path.clear();
    r.id = svc.id;
    r.down = t.ever(State::kDown);
    r.degraded = !r.down && t.ever(State::kDegraded);
    r.rto_s = achieved_rto(t);
    r.recovered = r.rto_s.has_value();
    r.rpo_s = svc.data ? run.rpo : std::optional<double>(0.0);
    r.path.reserve(run.path.size() + 1 + svc.depends_on.size());  // own steps, `down`, dependencies
    if (texts) {
      r.path.assign(run.path.begin(), run.path.end());
    } else {
      for (const auto& p : run.path) r.path.emplace_back(p.kind, p.begin_s, p.end_s);
    }
    if (run.impaired && run.own.at(horizon) == State::kDown) {
      r.path.emplace_back(StepKind::kDown, run.lost_at, horizon);
      if (texts) {
        r.path.back().detail = run.state.dependency_faults > 0
                                   ? "provider still unavailable at the horizon"
                                   : "still down at the horizon";
      }
    }
    for (auto& p : r.path) {
      if (p.end_s < 0) {
        p.end_s = horizon;
        if (texts) p.detail += " (still running at the horizon)";
      }
    }
    dependency_steps(m, i, eff, horizon, info.detail, r.path);
    stable_sort_small(r.path.begin(), r.path.end(),
                      [](const PathStep& a, const PathStep& b) { return a.begin_s < b.begin_s; });
    if (info.cls == model::DisruptionClass::kFailback) judge_failback(run, r);
    judge_service(m.objectives, svc, info.cls, r.rto_s, r.rpo_s, r.objectives);
    ServiceOutcome o;
    o.user_facing = svc.user_facing && svc.kind != model::ServiceKind::kExternal;
    o.down = r.down;
    o.degraded = r.degraded;
    o.recovered = r.recovered;
    o.no_recovery_point = svc.data && run.no_point;
    outcomes.push_back(o);
    stateful.push_back(svc.data.has_value());
  }
  t_timelines = std::move(eff);
  out.impact = continuity_impact(outcomes);
  if (texts) {
    out.recovery_process = recovery_process(out.services, info.notes);
    out.data_loss = data_loss(out.services, stateful);
  }
}

}  // namespace drsim::engine
