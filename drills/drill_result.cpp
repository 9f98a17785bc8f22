// A drill's outcome in the shared result shape (kind "drill"): one scenario, one target with
// rto_s, rpo_s, the recovery path from t0 and the judged objectives.
#include <algorithm>

#include "drills/run_state.hpp"
#include "drsim/version.hpp"
#include "model/units.hpp"

namespace drsim::drills {

RunResult build_result(const RunState& c, bool failed, const std::string& stopped) {
  const auto& spec = c.spec;
  RunResult run;
  run.kind = kDrillRun;
  run.model = spec.name;
  run.model_source = spec.file;
  run.model_checksum = spec.checksum;
  run.tool_version = kVersion;
  run.generated_at = c.journal.started_at().substr(0, 19) + "Z";
  run.seed = 0;
  ScenarioResult sc;
  sc.id = spec.name;
  sc.cls = kDrillRun;
  double t0 = c.t0.value_or(0);
  sc.t0_s = t0;
  sc.horizon_s = std::max(0.0, c.journal.now_s() - t0);
  TargetResult t;
  t.id = spec.service;
  t.down = true;
  t.recovered = c.writable.has_value();
  if (c.writable) t.rto_s = std::max(0.0, *c.writable - t0);
  t.rpo_s = failed ? std::nullopt : c.rpo_s;
  for (const auto& s : c.journal.steps()) {
    if (!c.t0 || s.end_at.empty() || s.end_s < t0 || s.name == "cleanup") continue;
    PathStep p = step_named(s.name);
    p.begin_s = std::max(0.0, s.begin_s - t0);
    p.end_s = std::max(p.begin_s, s.end_s - t0);
    p.detail =
        s.status == "ok" ? s.detail : s.status + ": " + (s.error.empty() ? s.detail : s.error);
    t.path.push_back(p);
  }
  t.objectives.push_back(judge(ObjectiveKind::kRto, spec.objectives.rto_s, t.rto_s, true));
  t.objectives.push_back(judge(ObjectiveKind::kRpo, spec.objectives.rpo_s, t.rpo_s, true));
  // A restore that failed verification is no usable recovery point, with or without an RPO
  // objective: breached, so every report (Markdown, HTML, JUnit) shows the failure.
  if (failed) t.objectives.back().verdict = Verdict::kBreached;
  sc.impact = failed || !t.recovered ? Impact::kCatastrophic : Impact::kSevere;
  sc.recovery_process = c.restored_how() + " into " + c.restored_into() +
                        (c.writable ? ", writable after " + units::format_measured(*c.writable - t0)
                                    : ", never writable");
  if (!stopped.empty()) {
    sc.data_loss = "not measured: the drill stopped: " + stopped;
  } else if (failed) {
    sc.data_loss = "verification failed: " + (c.findings.empty() ? "" : c.findings.front());
  } else if (c.rpo_s) {
    sc.data_loss = *c.rpo_s == 0 ? "none (heartbeat)" : "up to " + c.rpo_detail;
  } else {
    sc.data_loss = "not measured (no heartbeat)";
  }
  sc.services.push_back(t);
  run.scenarios.push_back(sc);
  return run;
}

}  // namespace drsim::drills
