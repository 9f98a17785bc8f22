// The result shape shared by simulations and live drills (DESIGN.md §4, §6): per target the
// achieved RTO and RPO, the recovery path that explains them, and a verdict per objective.
// Reports read only this shape, so simulated and measured figures sit side by side.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace drsim {

enum class Verdict { kMet, kBreached, kNotApplicable, kMissingPolicy };
enum class Impact { kNone, kLimited, kSevere, kCatastrophic };

const char* to_string(Verdict v);
const char* to_string(Impact v);
bool parse_verdict(const std::string& text, Verdict& out);
bool parse_impact(const std::string& text, Impact& out);

// One step of a recovery path or drill journal, times in seconds after t0.
struct PathStep {
  std::string step;  // detect, page, respond, decide, failover, promote, rebuild, retrieve,
                     // restore, replay, dns, scale_up, replace, drain, ... (drills: their own)
  double begin_s = 0;
  double end_s = 0;
  std::string detail;
};

struct ObjectiveResult {
  std::string kind;                  // "rto" or "rpo"
  std::optional<double> target_s;    // none: missing_policy
  std::optional<double> achieved_s;  // none: not recovered / no recovery point
  Verdict verdict = Verdict::kMissingPolicy;
};

// Judges one objective: not_applicable when the objective does not apply (a stateless service has
// no RPO), else missing_policy without a target, met when achieved <= target, else breached
// (an absent `achieved` — not recovered, no recovery point — is breached).
ObjectiveResult judge(const std::string& kind, std::optional<double> target,
                      std::optional<double> achieved, bool applicable);

// The outcome for one service (simulation) or one drill target.
struct TargetResult {
  std::string id;
  bool down = false;            // lost its capacity or a hard dependency at some point
  bool degraded = false;        // only degraded (a queued dependency was down)
  bool recovered = true;        // up again by the horizon
  std::optional<double> rto_s;  // null when not recovered
  std::optional<double> rpo_s;  // null when no usable recovery point; 0 when nothing lost
  std::vector<PathStep> path;
  std::vector<ObjectiveResult> objectives;
};

// One scenario (simulation) or one drill run.
struct ScenarioResult {
  std::string id;   // "region:ap-southeast-2", or the drill's name
  std::string cls;  // "region", ..., or "drill"
  Impact impact = Impact::kNone;
  std::string recovery_process;  // one line: what recovery looks like
  std::string data_loss;         // one line: "none", "up to 24 h (last snapshot)", ...
  double t0_s = 0;               // fault start, seconds after the simulation epoch (00:00)
  double horizon_s = 0;
  std::vector<TargetResult> services;
};

// A whole run: what `drsim simulate` or `drsim drill run` produced ("drsim.result/1").
struct RunResult {
  std::string schema = "drsim.result/1";
  std::string kind = "simulation";  // "simulation" or "drill"
  std::string model;                // model name (drills: drill name)
  std::string model_source;         // file path
  std::string model_checksum;       // "sha256:<hex>"
  std::string tool_version;
  std::string generated_at;  // ISO 8601 UTC; "" in deterministic golden output
  long long seed = 0;
  std::vector<ScenarioResult> scenarios;
};

// True if any objective in the run is breached (exit code 1).
bool any_breached(const RunResult& r);

}  // namespace drsim
