// THE PHASE RULE: when a scenario's fault happens relative to the backup schedules decides how
// much data it loses, so a scenario that does not say when (no `--at`, no `at:` in its file)
// never quietly starts at a flattering moment. It starts at its WORST PHASE:
//  * the data at risk is found from the first fault (data_at_risk()): every stateful service
//    with a copy of its data (a replica, or its home zone without replicas) inside a lost
//    domain; the target of corruption or deletion; every stateful service under ransomware.
//    Hardware, dependency and office faults put no data at risk; backups that turn out unusable
//    and stores destroyed (bad-backup, destroy) count from the start;
//  * for each, the analytic sweep of `drsim analyze` (analytic.hpp sweep_rpo(), over one
//    schedule period in steady state, with the points the planner would use) gives its worst
//    RPO for this loss and where it is reached;
//  * the scenario starts at the worst phase of the service that loses the most — no recovery
//    point at some phase beats any finite loss, ties go to model order — 1 ms before the copy it
//    misses lands (so its simulated RPO rounds to the analytic worst case), every later fault
//    keeping its offset;
//  * when no phase of steady state loses data (a sync copy always survives, a log archive always
//    replays to the damage) it starts at the first moment of steady state, where that holds —
//    not on day 1, before the backups have history; with no data at risk at all the default
//    start (day 1 00:00) stays.
// Whatever the phase, every service at risk carries its own worst RPO in the result
// (TargetResult::rpo_worst) next to the simulated one, and the scenario says which phase it
// ran at and why (ScenarioResult::phase, phase_note), so no number reads as a best case.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/core/recovery_points.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::engine {

// One service whose data the first fault of a scenario puts at risk, and that loss.
struct DataAtRisk {
  const model::Service* service = nullptr;
  DataLoss loss;  // fault_s = the fault's start; detected_s after its detection delay
};

// The data at risk from the first fault of `sc`, in model order.
std::vector<DataAtRisk> data_at_risk(const model::Model& m, const scenarios::Scenario& sc);

struct PhaseAnalysis {
  FaultPhase phase = FaultPhase::kGiven;
  double start_s = 0;                     // when the first fault starts (s since the epoch)
  std::string note;                       // one line for reports
  std::map<std::string, WorstRpo> worst;  // per service at risk
};

// The schedule period the phase sweep covers, in steady state (analytic.hpp
// steady_state_start(), schedule_period()) for damage found `detect_after_s` after it happens.
// The same for every scenario with that detection delay: callers with many scenarios compute it
// once per delay.
struct SweepWindow {
  double from_s = 0;
  double period_s = 0;
};
SweepWindow sweep_window(const model::Model& m, double detect_after_s);

// The phase `sc` runs at (its own start when timed, else its worst phase) and the worst RPO of
// every service at risk, swept over `window` (sweep_window() of the first fault's detection
// delay).
PhaseAnalysis analyse_phase(const model::Model& m, const scenarios::Scenario& sc,
                            const SweepWindow& window);
PhaseAnalysis analyse_phase(const model::Model& m, const scenarios::Scenario& sc);

// `sc` with its first fault at `start_s`, every other fault keeping its offset.
scenarios::Scenario starting_at(scenarios::Scenario sc, double start_s);

// Writes the phase, its note and each service's worst RPO into the result of the scenario.
void record_phase(const PhaseAnalysis& phase, ScenarioResult& result);

}  // namespace drsim::engine
