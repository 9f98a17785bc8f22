// Running a drill (DESIGN.md §6): preflight and safety checks, the opt-in heartbeat, the method
// (pitr, logical, failover), RPO measurement, verification, and cleanup that always runs. The
// outcome is the shared result shape (kind "drill": one scenario, one target with rto_s, rpo_s,
// the recovery path and judged objectives) plus the journal of every step.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "drills/drill_spec.hpp"
#include "drills/scratch.hpp"
#include "model/outcome.hpp"

namespace drsim::drills {

struct DrillOutcome;

struct DrillOptions {
  std::string journal_path;                          // "" = keep the journal in memory only
  std::function<void(const std::string&)> progress;  // one line per step event (may be empty)
  // Called with the outcome of a run that got past preflight and is about to throw (interrupted,
  // or stopped by an environment error), after its cleanup, so it can be recorded (the drill
  // history). An exception it throws becomes a journal note; the drill's own error is thrown.
  std::function<void(const DrillOutcome&)> on_stopped;
};

struct DrillOutcome {
  RunResult result;
  bool passed = false;                // verified and every objective met
  std::vector<std::string> findings;  // why it failed or stopped (empty when passed)
  nlohmann::ordered_json journal;     // its status: passed, failed, interrupted, error
};

// Runs a drill. Verification failures, breached objectives and restores that cannot complete
// are findings in the outcome (passed = false). Throws EnvironmentError (exit 4) when the
// source, tools or scratch target are unusable, and InterruptedError (exit 130/143) when
// SIGINT/SIGTERM interrupted the drill — in every case only after everything the drill started
// was stopped and removed, and (past preflight) after handing what it got to `on_stopped`.
DrillOutcome run_drill(const DrillSpec& spec, const DrillOptions& options = {});

// One step a drill would take: its name, its timeout in seconds and what it does.
struct PlannedStep {
  std::string name;
  double timeout_s = 0;
  std::string what;
};

// What `drsim drill plan` shows: every step the drill would take, with the commands it would
// run (never a password).
struct DrillPlan {
  std::string name, method, target, description;
  std::string source;                  // the source's connection string
  std::string password;                // where the password comes from, never the password
  std::string scratch;                 // what the scratch target will be
  std::optional<double> rto_s, rpo_s;  // objectives; none = missing_policy
  std::vector<PlannedStep> steps;
};

// The plan of a drill, from the spec alone. Touches nothing: no connection, no file.
DrillPlan make_plan(const DrillSpec& spec);
// The plan as text, one numbered line per step.
std::string plan_drill(const DrillSpec& spec);
// The plan as JSON ("drsim.drill-plan/1").
nlohmann::ordered_json to_json(const DrillPlan& plan);

// Removes what killed drill runs left under the spec's state directory (see reap_stale_runs).
ReapReport cleanup_drills(const std::string& state_dir);

}  // namespace drsim::drills
