// The result shape shared by simulations and live drills (DESIGN.md §4, §6): per target the
// achieved RTO and RPO, the recovery path that explains them, and a verdict per objective.
// Reports read only this shape, so simulated and measured figures sit side by side.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace drsim {

enum class Verdict { kMet, kBreached, kNotApplicable, kMissingPolicy };
enum class Impact { kNone, kLimited, kSevere, kCatastrophic };

// What one step of a recovery path is. Simulated paths use every kind but kDrill; a drill's
// journal steps are kDrill and carry their own name. Writers turn kinds into text with
// to_string(); nothing else compares step names.
enum class StepKind {
  kDetect,        // health checks (or the damage) noticed
  kPage,          // on-call person paged
  kRespond,       // on-call person at a keyboard
  kDecide,        // decision to run a manual procedure
  kPromote,       // a standby replica promoted
  kReplace,       // new instances in a surviving zone
  kScaleUp,       // a standby or the surviving instances scaled to full capacity
  kRebuild,       // rebuild from infrastructure-as-code
  kRetrieve,      // cold-tier retrieval before a restore
  kRestore,       // restore from a backup (overhead and transfer)
  kReplay,        // log replay after a restore
  kDns,           // DNS / traffic switch
  kWait,          // waiting: for an outage to end, or for what a rebuild needs
  kDrain,         // queued work replayed once the provider is back
  kQueue,         // work queued while the provider is down
  kDepends,       // down or degraded through a hard dependency
  kRideThrough,   // a short hard-dependency outage ridden through by retries
  kBlocked,       // no procedure can run (no recovery point, no site)
  kDown,          // still down at the horizon
  kResync,        // a copy that missed writes brought back in sync (after a root cause, if manual)
  kNoHotSpare,    // no in-sync standby copy: the next loss of the primary loses data
  kFailbackSync,  // failback: the recovery side's data copied home while it still serves
  kFailback,      // failback: writes frozen, the last changes moved, home serves again
  kDrill,         // a live drill's own step (named in PathStep::drill_step)
};

enum class ObjectiveKind { kRto, kRpo };

const char* to_string(Verdict v);
const char* to_string(Impact v);
const char* to_string(StepKind v);  // "detect", "scale_up", "ride_through", ...; kDrill: "drill"
const char* to_string(ObjectiveKind v);  // "rto", "rpo"
bool parse_verdict(const std::string& text, Verdict& out);
bool parse_impact(const std::string& text, Impact& out);
bool parse_objective_kind(const std::string& text, ObjectiveKind& out);

// One step of a recovery path or drill journal, times in seconds after t0.
struct PathStep {
  PathStep() = default;
  PathStep(StepKind k, double begin, double end) : kind(k), begin_s(begin), end_s(end) {}
  PathStep(StepKind k, double begin, double end, std::string what, std::string drill = {})
      : kind(k),
        begin_s(begin),
        end_s(end),
        detail(std::move(what)),
        drill_step(std::move(drill)) {}

  StepKind kind = StepKind::kDrill;
  double begin_s = 0;
  double end_s = 0;
  std::string detail;
  std::string drill_step;  // kDrill only: the drill's step name ("base_backup", "verify", ...)

  // The step's name in files and reports: the kind, or a drill step's own name.
  std::string name() const;
};

// The step named `name` in a result file: a simulation step kind, else a drill step.
PathStep step_named(const std::string& name);

struct ObjectiveResult {
  ObjectiveKind kind = ObjectiveKind::kRto;
  std::optional<double> target_s;    // none: missing_policy
  std::optional<double> achieved_s;  // none: not recovered / no recovery point
  Verdict verdict = Verdict::kMissingPolicy;
};

// Judges one objective: not_applicable when the objective does not apply (a stateless service has
// no RPO), else missing_policy without a target, met when achieved <= target, else breached
// (an absent `achieved` — not recovered, no recovery point — is breached).
ObjectiveResult judge(ObjectiveKind kind, std::optional<double> target,
                      std::optional<double> achieved, bool applicable);

// The worst RPO of a service over every moment its scenario's fault could happen (the analytic
// sweep `drsim analyze` runs, engine/core/phase.hpp): the supremum, approached just before a
// copy lands.
struct WorstRpo {
  std::optional<double> rpo_s;  // none: at some moment no recovery point survives
  double phase_s = 0;           // a fault time (s since the epoch) where it is reached
  std::string explanation;      // the recovery point used there
};

// When a simulated scenario's fault happens, and why then.
enum class FaultPhase {
  kGiven,         // the scenario says when (--at, `at:` in a scenario file)
  kWorst,         // untimed: the worst phase for the data at risk (engine/core/phase.hpp)
  kNoDataAtRisk,  // untimed, and no data at risk: the default start, day 1 00:00
};

const char* to_string(FaultPhase v);  // "given", "worst", "no_data_at_risk"
bool parse_fault_phase(const std::string& text, FaultPhase& out);

// ---------------------------------------------------------------- trials (simulate --trials)

// Percentiles of one figure over a service's trials (nearest rank); none = beyond the horizon
// (not recovered) or no recovery point in that share of the trials.
struct Spread {
  std::optional<double> p50_s, p90_s, p99_s, max_s;
  // The 0th to 100th percentile, 101 values, for charts.
  std::vector<std::optional<double>> percentiles_s;
};

// How often one objective was met over the trials, with its Wilson 95 % interval.
struct ObjectiveOdds {
  ObjectiveKind kind = ObjectiveKind::kRto;
  double target_s = 0;
  long long met = 0;  // trials
  double p_met = 0, ci_low = 0, ci_high = 0;
};

// One recovery path (its step names in order, "detect page respond decide restore") and the
// number of trials that took it.
struct PathShare {
  std::string steps;
  long long trials = 0;
};

// A service over the trials of a scenario.
struct TargetTrials {
  long long affected = 0;  // trials in which it was down or degraded
  Spread rto, rpo;
  std::vector<ObjectiveOdds> odds;  // objectives with a target, RTO first
  std::vector<PathShare> paths;     // the most frequent first, at most 5
  long long other_paths = 0;        // trials whose path is not among `paths`
};

// A scenario run as trials: how many, and when each trial's first fault happened.
struct TrialRun {
  long long count = 0;
  // Each trial's first fault happens uniformly over [start_from_s, start_from_s + start_span_s)
  // (seconds since the epoch: one schedule period in steady state); span 0: at t0, as given.
  double start_from_s = 0, start_span_s = 0;
  long long varying = 0;  // values drawn per trial (durations, throughputs, outages, backups)
};

// The outcome for one service (simulation) or one drill target.
struct TargetResult {
  std::string id;
  bool down = false;            // lost its capacity or a hard dependency at some point
  bool degraded = false;        // only degraded (a queued dependency was down)
  bool recovered = true;        // up again by the horizon
  std::optional<double> rto_s;  // null when not recovered
  std::optional<double> rpo_s;  // null when no usable recovery point; 0 when nothing lost
  // Simulations: present for a service whose data the fault puts at risk.
  std::optional<WorstRpo> rpo_worst;
  std::vector<PathStep> path;
  std::vector<ObjectiveResult> objectives;
  // simulate --trials: the distribution over the trials (the fields above: the nominal run, every
  // value at its median). Absent for a service no trial affected.
  std::optional<TargetTrials> trials;
};

// How long one fault of a simulated scenario lasts before the failed thing comes back by itself
// (docs/scenario-format.md "Default outage durations").
struct FaultOutage {
  std::string fault;                 // the fault's id, "region:eu-west-1"
  std::string cls;                   // its disruption class, "region"
  std::optional<double> duration_s;  // none: does not end by itself within the horizon
  bool is_default = false;           // the class default applied (no --duration, no `duration`)
};

// What one simulated scenario costs and how often it happens (engine/core/economics.hpp), in
// the run's currency. Present when the model has `costs:` or `likelihoods:`.
struct ScenarioCost {
  double annual_frequency = 0;    // faults per year
  bool frequency_assumed = true;  // a documented default, not given by the model
  double downtime = 0;            // every service's time down or degraded at its hourly cost
  double data_loss = 0;           // every data set's lost writes at its hourly cost
  double total() const { return downtime + data_loss; }
};

// The services a compact result leaves out (`simulate --compact`): those the scenario did not
// touch (untouched()). Their objectives are counted per kind and verdict; no other figure of
// theirs differs from one service to the next (RTO 0, RPO 0, no path).
struct UnaffectedServices {
  long long count = 0;
  // [kind: rto, rpo][verdict: met, breached, not_applicable, missing_policy] -> objectives
  long long verdicts[2][4] = {};
  long long objectives(ObjectiveKind kind, Verdict v) const {
    return verdicts[static_cast<int>(kind)][static_cast<int>(v)];
  }
  // Their breached objectives, RTO and RPO (none in what drsim writes; a file may say otherwise).
  long long breached() const {
    return objectives(ObjectiveKind::kRto, Verdict::kBreached) +
           objectives(ObjectiveKind::kRpo, Verdict::kBreached);
  }
};

// One scenario (simulation) or one drill run.
struct ScenarioResult {
  std::string id;   // "region:ap-southeast-2", or the drill's name
  std::string cls;  // "region", ..., or kDrillRun
  Impact impact = Impact::kNone;
  std::string recovery_process;  // one line: what recovery looks like
  std::string data_loss;         // one line: "none", "up to 24 h (last snapshot)", ...
  double t0_s = 0;               // fault start, seconds after the simulation epoch (00:00)
  FaultPhase phase = FaultPhase::kGiven;
  std::string phase_note;  // one line: why the fault starts at t0 ("worst phase for orders-db...")
  double horizon_s = 0;
  std::vector<FaultOutage> outages;  // simulations: one per fault, in fault order; drills: none
  // Every service of the model in model order, or with `unaffected` (a compact result) only the
  // services the scenario touched, still in model order.
  std::vector<TargetResult> services;
  std::optional<UnaffectedServices> unaffected;
  std::optional<ScenarioCost> cost;  // simulations of models with costs or likelihoods
  std::optional<TrialRun> trials;    // simulate --trials
};

// RunResult::kind of a simulation (predicted values) and of a drill (measured values); a
// drill's one scenario has the class kDrillRun too.
inline constexpr const char* kSimulationRun = "simulation";
inline constexpr const char* kDrillRun = "drill";

// A whole run: what `drsim simulate` or `drsim drill run` produced ("drsim.result/1").
struct RunResult {
  std::string schema = "drsim.result/1";
  std::string kind = kSimulationRun;  // kSimulationRun or kDrillRun
  std::string model;                  // model name (drills: drill name)
  std::string model_source;           // file path
  std::string model_checksum;         // "sha256:<hex>"
  std::string tool_version;
  std::string generated_at;  // ISO 8601 UTC; "" in deterministic golden output
  long long seed = 0;
  // Simulations of models with `costs:` or `likelihoods:`: the currency of every cost and the
  // design's running cost per month.
  std::string currency;
  std::optional<double> running_cost_monthly;
  std::vector<ScenarioResult> scenarios;
};

// True when a scenario left `t` as it was: never down or degraded, recovered, RTO and RPO 0, no
// worst-phase RPO, no path, no trial figures (its objectives then hold no news either).
bool untouched(const TargetResult& t);

// Makes `s` compact: its untouched services leave `services` and are counted in `unaffected`
// (a compact result stays compact; compacting it again changes nothing).
void compact(ScenarioResult& s);

// True if any objective of the scenario, or of the run, is breached (exit code 1).
bool any_breached(const ScenarioResult& s);
bool any_breached(const RunResult& r);

}  // namespace drsim
