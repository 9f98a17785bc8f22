#include "engine/core/phase.hpp"

#include <algorithm>

#include "engine/core/analytic.hpp"
#include "model/units.hpp"

namespace drsim::engine {
namespace {

using scenarios::FaultKind;

// True if a copy of `s`'s data (a replica, or its home without replicas) lies in `domain`.
bool data_inside(const model::Model& m, const model::Service& s, const std::string& domain) {
  if (s.data->replicas.empty()) return m.within(primary_zone(s), domain);
  return std::any_of(s.data->replicas.begin(), s.data->replicas.end(),
                     [&](const model::Replica& r) { return m.within(r.zone, domain); });
}

}  // namespace

std::vector<DataAtRisk> data_at_risk(const model::Model& m, const scenarios::Scenario& sc) {
  std::vector<DataAtRisk> out;
  if (sc.faults.empty()) return out;
  const auto& f = sc.faults.front();
  for (const auto& s : m.services) {
    if (!s.data) continue;
    DataLoss loss;
    loss.fault_s = f.start_s;
    switch (f.kind) {
      case FaultKind::kDomainLoss:
        if (!data_inside(m, s, f.target)) continue;
        loss.lost_domains = {f.target};
        break;
      case FaultKind::kCorruption:
      case FaultKind::kDeletion:
      case FaultKind::kRansomware:
        if (f.kind != FaultKind::kRansomware && s.id != f.target) continue;
        loss.logical = true;
        loss.ransomware = f.kind == FaultKind::kRansomware;
        loss.detected_s = f.start_s + f.detect_after_s;
        break;
      case FaultKind::kHardware:
      case FaultKind::kDependency:
      case FaultKind::kBadBackup:
      case FaultKind::kDestroy:
        continue;
    }
    // Backups that turn out unusable and stores destroyed count from the start.
    for (const auto& g : sc.faults) {
      if (g.kind == FaultKind::kBadBackup)
        loss.unusable.push_back({g.target, g.backup, g.unusable_runs});
      if (g.kind == FaultKind::kDestroy) loss.destroyed_stores.push_back(g.target);
    }
    out.push_back({&s, loss});
  }
  return out;
}

SweepWindow sweep_window(const model::Model& m, double detect_after_s) {
  return {steady_state_start(m, detect_after_s), schedule_period(m, detect_after_s)};
}

PhaseAnalysis analyse_phase(const model::Model& m, const scenarios::Scenario& sc) {
  return analyse_phase(m, sc,
                       sweep_window(m, sc.faults.empty() ? 0 : sc.faults.front().detect_after_s));
}

PhaseAnalysis analyse_phase(const model::Model& m, const scenarios::Scenario& sc,
                            const SweepWindow& window) {
  PhaseAnalysis out;
  out.start_s = sc.t0();
  const auto at_risk = data_at_risk(m, sc);
  const model::Service* decisive = nullptr;
  for (const auto& r : at_risk) {
    LossBound b = sweep_rpo(m, *r.service, r.loss, window.from_s, window.period_s);
    WorstRpo w{b.rpo_worst_s, b.worst_phase_s, b.worst_explanation};
    auto loses_more = [](const WorstRpo& x, const WorstRpo& y) {
      if (!x.rpo_s || !y.rpo_s) return !x.rpo_s && y.rpo_s;
      return *x.rpo_s > *y.rpo_s;
    };
    const bool loses = !w.rpo_s || *w.rpo_s > 0;
    if (loses && (!decisive || loses_more(w, out.worst.at(decisive->id)))) decisive = r.service;
    out.worst.emplace(r.service->id, std::move(w));
  }
  if (!sc.untimed()) {
    out.phase = FaultPhase::kGiven;
    out.note = "as given";
    return out;
  }
  if (at_risk.empty()) {
    out.phase = FaultPhase::kNoDataAtRisk;
    out.note = "no data at risk: the default start";
    return out;
  }
  if (!decisive) {
    // Nothing is lost at any phase of steady state; before it (the first days, without backup
    // history) it may be: start where the sweep's claim holds.
    out.phase = FaultPhase::kWorst;
    out.start_s = window.from_s;
    out.note = "no phase loses data in steady state: its first moment";
    return out;
  }
  const WorstRpo& w = out.worst.at(decisive->id);
  out.phase = FaultPhase::kWorst;
  out.start_s = w.phase_s;
  out.note = "worst phase for " + decisive->id + " (" +
             (w.rpo_s ? "RPO up to " + units::format_duration(*w.rpo_s) + ": " + w.explanation
                      : w.explanation) +
             "); --at sets another";
  return out;
}

scenarios::Scenario starting_at(scenarios::Scenario sc, double start_s) {
  const double shift = start_s - sc.t0();
  for (auto& f : sc.faults) f.start_s += shift;
  return sc;
}

void record_phase(const PhaseAnalysis& phase, ScenarioResult& result) {
  result.phase = phase.phase;
  result.phase_note = phase.note;
  // A failback scenario judges the move back, whose data risk is not the incident's.
  if (result.cls == model::to_string(model::DisruptionClass::kFailback)) return;
  for (auto& t : result.services) {
    auto it = phase.worst.find(t.id);
    if (it != phase.worst.end()) t.rpo_worst = it->second;
  }
}

}  // namespace drsim::engine
