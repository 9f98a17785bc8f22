// The format-independent report: everything a reader, a CI system or an auditor sees, built
// once from one or more results (a simulation and a live drill can sit side by side). Values
// are decided and worded here (durations via units::format_duration, failure messages, what is
// left out of big reports); the writers (markdown_writer, html_writer, junit_writer) only lay
// this out, so the formats can never disagree.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/outcome.hpp"
#include "reports/time_axis.hpp"

namespace drsim::reports {

// How much of a big run the human-readable formats show; JSON and JUnit always hold everything.
// Every number drawn in a chart is also in a table row.
struct ReportLimits {
  std::size_t timeline_rows = 40;  // services per scenario in the recovery timeline
  std::size_t bar_rows = 40;       // services per scenario in the achieved-vs-target bars
  std::size_t grid_columns = 120;  // services in the scenario x service grid
  std::size_t table_rows = 400;    // services per scenario in the objective tables
  // Rows over the whole report, handed out in scenario order as the scenarios arrive: each gets
  // the rows it needs (up to the caps above) while the budget lasts, then at least 5 chart rows
  // and 25 table rows, so a sweep of hundreds of scenarios still opens quickly in a browser and
  // prints, and a scenario's section is decided without waiting for the ones after it.
  std::size_t chart_rows_total = 2000;
  std::size_t table_rows_total = 6000;
  std::size_t chart_rows_min = 5;
  std::size_t table_rows_min = 25;
};

// Who produced a result and when: the evidence an auditor asks for.
struct RunInfo {
  std::string kind;  // "simulation" (predicted) or "drill" (measured)
  std::string model;
  std::string model_source;
  std::string model_checksum;
  std::string tool_version;
  std::string generated_at;  // "" in deterministic output; shown as "not recorded"
  long long seed = 0;
  // How rows name this run when several results are reported together: its model (or drill)
  // name, "shop #2" when another run has the same name (the number is its row in the runs table).
  std::string label;
};

// One objective of one service in one scenario.
struct ObjectiveRow {
  std::size_t run = 0;      // index into ReportModel::runs
  std::size_t section = 0;  // its scenario: index into ReportModel::scenarios
  std::string scenario;     // its ScenarioSection::name
  std::string service;
  ObjectiveKind kind = ObjectiveKind::kRto;
  std::optional<double> target_s;
  std::optional<double> achieved_s;
  Verdict verdict = Verdict::kMissingPolicy;
  std::string target;    // "1 h", or "none" without a target
  std::string achieved;  // "2 h 10 min", "not recovered", "no recovery point"
  std::string message;   // one line, e.g. "rto 2 h 10 min exceeds target 1 h"
  std::string path;      // breached only: the service's recovery path on one line
  // RPO of a service whose data the fault puts at risk: its worst case over every fault time,
  // "worst rpo over every fault time: 24 h 20 min (yesterday's 02:00 snapshot ...)"; else "".
  std::string worst;
};

// One service in one scenario, with its objectives (rows index ScenarioSection::objectives).
struct ServiceRow {
  std::string id;
  std::string state;  // "down", "degraded", "unaffected", "not recovered"
  std::string rto;    // formatted achieved RTO ("-" when never down)
  std::string rpo;    // formatted achieved RPO
  // Its worst RPO over every fault time (worst_rpo_text): "24 h 20 min", "no recovery point", "-"
  // when the fault puts none of its data at risk; "" when the result does not say (drills, older
  // results).
  std::string rpo_worst;
  std::optional<std::size_t> rto_objective;
  std::optional<std::size_t> rpo_objective;
  Verdict worst = Verdict::kNotApplicable;  // for the grid: breached > missing > met > n/a
};

// One step bar of a recovery timeline, seconds after t0.
struct TimelineBar {
  StepKind kind = StepKind::kDrill;
  std::string step;  // its name (PathStep::name())
  double begin_s = 0;
  double end_s = 0;
  std::string detail;
  std::string label;  // "restore 0 s - 2 h 10 min: <detail>"
};

struct TimelineRow {
  std::string service;
  std::vector<TimelineBar> bars;
  std::optional<double> rto_s;  // the mark where the service was up again; none: not recovered
};

// Achieved vs target for one objective kind of one service (one bar of the chart).
struct BarRow {
  std::string service;
  std::optional<double> target_s;
  std::optional<double> achieved_s;  // none: not recovered / no recovery point
  Verdict verdict = Verdict::kMissingPolicy;
  std::string label;  // "orders-db: achieved 24 h 10 min, target 1 h (breached)"
};

// One service over a scenario's trials (simulate --trials), worded once.
struct TrialRow {
  std::string service;
  std::string affected;  // trials that affected it: "1000"
  // Percentiles: "52 min", "not recovered" (RTO), "no recovery point" (RPO).
  std::string rto_p50, rto_p90, rto_p99, rto_max;
  std::string rpo_p50, rpo_p90, rpo_p99, rpo_max;
  // "93.1 % (91.4 % – 94.5 %)": P(objective met) and its 95 % interval; "-" without a target.
  std::string p_rto, p_rpo;
  std::string p_rto_only, p_rpo_only;  // "93.1 %", for chart labels; "" without a target
  struct Path {
    std::string share;  // "71.2 %" of the trials that affected the service
    std::string steps;  // "detect page respond decide restore", or "other paths"
  };
  std::vector<Path> paths;  // the most frequent first
  // For charts: the 0th to 100th percentile, the target of each objective, and an axis fitted
  // to the largest finite percentile or the target.
  std::vector<std::optional<double>> rto_percentiles, rpo_percentiles;
  std::optional<double> rto_target, rpo_target;
  TimeAxis rto_axis, rpo_axis;
  bool data_at_risk = false;  // some trial lost data (an RPO chart is worth drawing)
};

struct ScenarioSection {
  std::size_t run = 0;
  std::string run_label;  // RunInfo::label of its run
  std::string id;
  // How headings and rows name it: its id, or "<run label> / <id>" when several results are
  // reported together (scenarios of two runs may share ids) and the label is not the id itself.
  std::string name;
  std::string cls;
  Impact impact = Impact::kNone;
  std::string recovery_process;
  std::string data_loss;
  std::string t0;       // "02:10" on day 0, "day 2, 04:59:59"; cut to the second
  std::string horizon;  // "3 d"
  std::string outage;   // "12 h (default for region)"; "" for drills (outage_text)
  // When the fault happens and why (ScenarioResult::phase_note): "as given", "worst phase for
  // orders-db (RPO up to 24 h 20 min: ...); --at sets another"; "" for drills and older results.
  std::string phase;
  bool worst_rpo_known = false;  // simulations that say their phase: the Worst RPO column shows
  // Models with costs or likelihoods (else ""): how often it happens (frequency_text) and what
  // one such outage costs (money_text).
  std::string frequency;
  std::string outage_cost;
  std::size_t down = 0, degraded = 0, unaffected = 0;
  // Services shown in the tables: affected ones and any with a breached objective;
  // `hidden_unaffected` counts the others (unaffected, no objective breached; an objective may
  // still lack a policy) and `hidden_note` says so ("3 other services unaffected; no objective
  // breached", "" for none), `compacted` those of them a compact result did not list
  // (simulate --compact).
  std::vector<ServiceRow> services;
  std::size_t hidden_unaffected = 0;
  std::string hidden_note;
  std::size_t compacted = 0;
  // Affected services left out of the tables of a big sweep (those that met their objectives
  // first); the JSON and JUnit reports hold every one.
  std::size_t services_omitted = 0;
  std::vector<TimelineRow> timeline;  // services with a recovery path, worst first, capped
  std::size_t timeline_omitted = 0;
  // Fitted to the drawn rows: the last step end or recovery; when a drawn service is not
  // recovered, a break and then the horizon.
  TimeAxis timeline_axis;
  std::vector<BarRow> rto_bars, rpo_bars;  // capped, breached first
  TimeAxis rto_axis, rpo_axis;             // fitted to the largest achieved value or target drawn
  std::size_t bars_omitted = 0;
  // simulate --trials: trials_text() and a row per service some trial affected; the figures
  // above are then the nominal run's (every value at its median).
  std::string trials;
  std::vector<TrialRow> trial_rows;
  // Every objective of every service the result lists, in result order (a compact result's
  // unlisted services count in ReportModel::totals only); JUnit has a test case for each.
  std::vector<ObjectiveRow> objectives;
};

// One row of the compliance summary: an objective (service, kind) in one disruption class, over
// every scenario of that class that tested it, with the evidence for its worst outcome. The
// target is the one that applies to that class (a zone loss may allow 15 min where a region
// loss allows 4 h), so a service has a row per class.
struct ComplianceRow {
  std::string cls;  // the disruption class: "az", "region", ..., "drill"
  std::string service;
  ObjectiveKind kind = ObjectiveKind::kRto;
  std::size_t scenarios = 0;  // scenarios that judged this objective
  std::size_t met = 0, breached = 0, missing = 0;
  Verdict verdict = Verdict::kNotApplicable;  // worst over the scenarios
  std::string worst_scenario;                 // evidence: where (ScenarioSection::name)
  std::size_t section = 0;                    // that scenario: index into ReportModel::scenarios
  std::string target;
  std::string achieved;
  std::size_t run = 0;  // evidence: which run (when, tool version, seed, checksum)
};

// One disruption class of the report, in the order the classes first appear in the results:
// its scenarios and its compliance rows, counted by their worst verdict.
struct ClassSummary {
  std::string cls;
  std::vector<std::size_t> scenarios;                    // indexes into ReportModel::scenarios
  std::size_t compliance_begin = 0, compliance_end = 0;  // ReportModel::compliance[begin, end)
  std::size_t met = 0, breached = 0, missing = 0;        // compliance rows by verdict
  Verdict verdict = Verdict::kNotApplicable;             // the worst of them
};

// Predicted (worst simulated) next to measured (drill) for one service objective.
struct ComparisonRow {
  std::string service;
  ObjectiveKind kind = ObjectiveKind::kRto;
  std::string predicted;  // "24 h 10 min (region:eu-west-1)" or "not simulated"
  std::string measured;   // "1.4 s (pg-pitr)"
  std::string target;
  Verdict measured_verdict = Verdict::kMissingPolicy;
};

// The scenario x service grid: one cell per pair, the worst verdict of that service there.
struct Grid {
  std::vector<std::string> scenarios;  // ScenarioSection::name
  std::vector<std::string> services;
  std::vector<std::vector<std::optional<Verdict>>> cells;  // [scenario][service]; none: absent
  std::size_t services_omitted = 0;
};

struct Totals {
  std::size_t objectives = 0, met = 0, breached = 0, not_applicable = 0, missing_policy = 0;
};

struct ReportModel {
  std::string title;  // "DR report: shop (simulation)"
  std::vector<RunInfo> runs;
  // Built by ReportBuilder without keeping rows, only the section added last has its rows
  // (services, charts, trials, objectives); the others keep what names and sums them up.
  std::vector<ScenarioSection> scenarios;
  std::vector<ComplianceRow> compliance;  // grouped by class, in the order of `classes`
  std::vector<ClassSummary> classes;
  std::vector<ComparisonRow> comparison;  // empty unless simulations and drills are combined
  Grid grid;                              // empty unless there are at least two scenarios
  Totals totals;  // every objective, those a compact result counted without listing them too
  Totals listed;  // the objectives the runs list (ScenarioSection::objectives)
  bool any_breached = false;
  // Several results reported together: every row names its run (RunInfo::label, or a scenario
  // name that holds it).
  bool several_runs = false;
  bool costs = false;  // some scenario has a frequency and an outage cost
};

// A drill that failed — its verification failed or its restore never completed: impact
// catastrophic or its target not recovered (docs/drill-format.md) — is a failure whatever
// objectives it had: its RPO objective is breached with no usable recovery point (one is added
// if the result has none) and, if it never recovered, its RTO objective too. Simulations and
// drills that passed are left as they are; applying it twice changes nothing. build_report()
// applies it, so every writer, and `drsim report`'s JSON and exit code, agree.
void judge_drill_failures(RunResult& result);
// judge_drill_failures() of one scenario of a drill's result.
void judge_drill_scenario(ScenarioResult& scenario);

// A scenario's section before the report's row budget caps it: every row worded, the charts'
// rows sorted worst first and cut to the per-scenario caps (ReportLimits). ReportBuilder::draft()
// makes it, on any thread; ReportBuilder::add() caps it, in scenario order.
struct ScenarioDraft {
  std::size_t run = 0;
  ScenarioSection section;
  double horizon_s = 0;
  std::size_t timeline_needed = 0;  // services with a recovery path the timeline could draw
  std::size_t rto_bars_needed = 0, rpo_bars_needed = 0;
  std::vector<std::pair<std::string, Verdict>> grid;  // each listed service's worst verdict
  Totals unlisted;  // objectives a compact result counted without listing their services
  bool cost = false;
};

// Builds a report as its scenarios arrive, so a big sweep is never held whole (simulate
// --report, drsim report of a big result): a scenario's section is decided when it is added,
// its rows capped by ReportLimits and by what is left of the report's budget, and what needs
// every scenario (totals, classes, compliance, comparison, grid) is added up as they come and
// completed by finish(). build_report() is this builder over whole results.
class ReportBuilder {
 public:
  // `runs`: the results reported, in order; only their headers are read, not their scenarios.
  // `keep_rows`: every section keeps its rows; without it only the section added last does.
  ReportBuilder(const std::vector<const RunResult*>& runs, const ReportLimits& limits,
                bool keep_rows);
  ~ReportBuilder();
  ReportBuilder(const ReportBuilder&) = delete;
  ReportBuilder& operator=(const ReportBuilder&) = delete;

  // The section of a scenario of run `run` (an index into `runs`) before the budget caps it; a
  // drill's scenario is judged first (judge_drill_failures). Safe to call on several threads at
  // once, and while add() runs.
  ScenarioDraft draft(std::size_t run, const ScenarioResult& scenario) const;
  // Adds the next scenario and returns its section (report().scenarios.back()).
  const ScenarioSection& add(ScenarioDraft&& draft);
  const ScenarioSection& add(std::size_t run, const ScenarioResult& scenario);
  // Completes the parts that need every scenario; call once, after the last add().
  const ReportModel& finish();
  const ReportModel& report() const { return report_; }
  // The finished report, moved out of the builder.
  ReportModel take() { return std::move(report_); }

 private:
  struct Sums;  // what finish() completes: compliance, comparison and grid so far
  ReportModel report_;
  ReportLimits limits_;
  bool keep_rows_;
  std::vector<std::string> currencies_;  // per run
  std::unique_ptr<Sums> sums_;
};

// Builds the report of one or more results (in the order given); deterministic for its input.
ReportModel build_report(const std::vector<RunResult>& results, const ReportLimits& limits = {});
ReportModel build_report(const RunResult& result, const ReportLimits& limits = {});

// units::format_duration, except that below a minute a fraction is kept ("1.4 s"): drills measure
// sub-second steps.
std::string duration_text(double seconds);
// How long the faults of a scenario last, on one line: "12 h (default for region)", "4 h",
// "does not end by itself (default for hardware)"; several faults are named:
// "region:eu-west-1 12 h (default for region); dependency:payments 4 h". "" without faults.
std::string outage_text(const std::vector<FaultOutage>& outages);
// A service's worst RPO over every fault time: "24 h 20 min", "no recovery point" (at some fault
// time none survives), "-" without one (the fault puts none of its data at risk).
std::string worst_rpo_text(const std::optional<WorstRpo>& worst);
// "1000 trials, seed 7; the fault at a uniform moment of 1 d from day 3, 00:00; 12 values drawn
// per trial": how a scenario's trials were run.
std::string trials_text(const TrialRun& run, long long seed);
// A service's trial summary, worded (the service must have TargetResult::trials).
TrialRow trial_row(const TargetResult& t);
// simulate --trials: the objective a scenario's trials met least often, "85.7 % (orders RTO)";
// "-" when no trial affected a service with a target; "" for a result without trials.
std::string lowest_odds_text(const ScenarioResult& s);
// simulate and merge --min-p-met: every objective whose share of met trials is below `min`
// (0..1], as "az:use1-az1 web RTO 80.0 % (65.2 % – 89.5 %)"; scenarios in run order, services in
// model order, RTO before RPO. Empty when none is, or the run has no trials.
std::vector<std::string> odds_below(const RunResult& run, double min);
// "93.1 % (91.4 % – 94.5 %)": P(objective met) over the trials and its 95 % interval.
std::string odds_text(const ObjectiveOdds& o);
// "93.1 %": a probability as a percentage with one decimal ("100 %", "0 %" at the ends).
std::string percent_text(double p);
// "1 scenario", "3 scenarios": a count and its noun.
std::string plural(std::size_t n, const char* one, const char* many);
// "12,345 EUR": an amount of money rounded to whole units, thousands separated by commas.
std::string money_text(double amount, const std::string& currency);
// "1 per 10 years (assumed)", "2 per year": how often a scenario happens, and whether the model
// said so or a documented default was assumed.
std::string frequency_text(double per_year, bool assumed);
// "met", "BREACHED", "missing policy", "n/a": how a verdict is shown to people.
std::string verdict_text(Verdict v);
// The marker that carries a verdict without colour: "✓", "✗", "?", "–".
const char* verdict_symbol(Verdict v);
// "RTO" or "RPO", as column headers and labels write an objective kind.
const char* upper_name(ObjectiveKind kind);

// "predicted" (simulation) or "measured" (drill) for a run kind.
std::string run_kind_text(const std::string& kind);

}  // namespace drsim::reports
