#include "cli/simulation_text.hpp"

#include <cstdio>
#include <vector>

#include "cli/run_summary.hpp"
#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/report_model.hpp"
#include "reports/text_table.hpp"

namespace drsim::cli {
namespace {

// A plain-text table: columns padded to their widest cell, two spaces apart, no trailing blanks.
using Table = reports::TextTable;

// "day 1 01:00:00" for seconds since the simulation epoch.
std::string clock_time(double s) {
  long long t = static_cast<long long>(s);
  char buf[64];
  std::snprintf(buf, sizeof buf, "day %lld %02lld:%02lld:%02lld", t / 86400, t % 86400 / 3600,
                t % 3600 / 60, t % 60);
  return buf;
}

// "(worst)", "(given)", "(no data at risk)": which phase a summary row is for.
std::string phase_label(FaultPhase p) {
  switch (p) {
    case FaultPhase::kWorst:
      return "(worst)";
    case FaultPhase::kNoDataAtRisk:
      return "(no data at risk)";
    case FaultPhase::kGiven:
      break;
  }
  return "(given)";
}

std::string opt_duration(const std::optional<double>& d, const char* none) {
  return d ? units::format_duration(*d) : none;
}

std::string verdicts(const TargetResult& t) {
  std::string out;
  for (const auto& o : t.objectives) {
    if (!out.empty()) out += ", ";
    out += std::string(to_string(o.kind)) + " " + to_string(o.verdict);
    if (o.target_s && o.verdict != Verdict::kNotApplicable) {
      out += " (target " + units::format_duration(*o.target_s) + ")";
    }
  }
  return out;
}

// The trial summary of a scenario run with --trials: RTO and RPO percentiles, P(met), paths.
void print_trials(const ScenarioResult& s, long long seed, std::ostream& out) {
  out << "\ntrials: " << reports::trials_text(*s.trials, seed)
      << "\n(the table above is the nominal run: every varying value at its median)\n";
  std::vector<reports::TrialRow> rows;
  for (const auto& t : s.services) {
    if (t.trials) rows.push_back(reports::trial_row(t));
  }
  if (rows.empty()) {
    out << "no trial affected any service\n";
    return;
  }
  Table rto(
      {"SERVICE", "AFFECTED", "RTO P50", "RTO P90", "RTO P99", "RTO MAX", "P(RTO MET), 95% CI"});
  Table rpo(
      {"SERVICE", "AFFECTED", "RPO P50", "RPO P90", "RPO P99", "RPO MAX", "P(RPO MET), 95% CI"});
  for (const auto& r : rows) {
    rto.add({r.service, r.affected, r.rto_p50, r.rto_p90, r.rto_p99, r.rto_max, r.p_rto});
    rpo.add({r.service, r.affected, r.rpo_p50, r.rpo_p90, r.rpo_p99, r.rpo_max, r.p_rpo});
  }
  out << "\n";
  rto.print(out);
  out << "\n";
  rpo.print(out);
  for (const auto& r : rows) {
    out << "\nrecovery paths of " << printable(r.service) << " over the trials that affected it:\n";
    Table p({"  SHARE", "STEPS"});
    for (const auto& path : r.paths) p.add({"  " + path.share, path.steps});
    p.print(out);
  }
}

void print_scenario(const ScenarioResult& s, long long seed, std::ostream& out) {
  out << "scenario " << printable(s.id) << " (" << s.cls << "), fault at " << clock_time(s.t0_s)
      << ", horizon " << units::format_duration(s.horizon_s) << "\n"
      << "phase: " << printable(s.phase_note) << "\n"
      << "outage: " << printable(reports::outage_text(s.outages)) << "\n"
      << "continuity impact: " << to_string(s.impact) << "\n"
      << "recovery process: " << printable(s.recovery_process) << "\n"
      << "data loss: " << printable(s.data_loss) << "\n\n";
  Table t({"SERVICE", "STATE", "RTO", "RPO", "WORST RPO", "OBJECTIVES"});
  for (const auto& r : s.services) {
    std::string state =
        r.down ? (r.recovered ? "down" : "down, not recovered") : (r.degraded ? "degraded" : "up");
    t.add({r.id, state, opt_duration(r.rto_s, "not recovered"),
           opt_duration(r.rpo_s, "no recovery point"), reports::worst_rpo_text(r.rpo_worst),
           verdicts(r)});
  }
  t.print(out);
  if (s.unaffected && s.unaffected->count > 0) {
    out << reports::plural(static_cast<std::size_t>(s.unaffected->count), "other service",
                           "other services")
        << " unaffected, not listed (compact result)\n";
  }
  for (const auto& r : s.services) {
    if (r.path.empty()) continue;
    out << "\nrecovery path of " << printable(r.id) << ":\n";
    Table p({"  FROM", "TO", "STEP", "DETAIL"});
    for (const auto& step : r.path) {
      p.add({"  " + units::format_duration(step.begin_s), units::format_duration(step.end_s),
             step.name(), step.detail});
    }
    p.print(out);
  }
  if (s.trials) print_trials(s, seed, out);
}

void print_summary(const RunResult& run, std::ostream& out) {
  // With --trials, the objective each scenario's trials met least often.
  const bool trials = !run.scenarios.empty() && run.scenarios.front().trials;
  std::vector<std::string> header{"SCENARIO", "FAULT AT", "CONTINUITY IMPACT", "RECOVERY PROCESS",
                                  "DATA LOSS"};
  if (trials) header.emplace_back("LOWEST P(MET)");
  Table t(header);
  for (const auto& s : run.scenarios) {
    std::vector<std::string> row{s.id, clock_time(s.t0_s) + " " + phase_label(s.phase),
                                 to_string(s.impact), s.recovery_process, s.data_loss};
    if (trials) row.push_back(reports::lowest_odds_text(s));
    t.add(row);
  }
  t.print(out);
}

void print_table(const RunResult& run, bool all, std::ostream& out) {
  out << "model " << printable(run.model) << " (" << printable(run.model_source) << "), seed "
      << run.seed << "\n\n";
  if (all || run.scenarios.size() > 1) {
    print_summary(run, out);
    if (all) return;
  }
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) {
    if (i > 0 || run.scenarios.size() > 1) out << "\n";
    print_scenario(run.scenarios[i], run.seed, out);
  }
}

}  // namespace

void print_simulation(const RunResult& run, bool all, const std::string& report_dir,
                      std::ostream& out) {
  print_table(run, all, out);
  out << "\n" << run_summary(run, report_dir);
}

void print_sweep(const RunResult& scenarios, const RunSummary& summary,
                 const std::string& report_dir, std::ostream& out) {
  print_table(scenarios, true, out);
  out << "\n" << summary.text(report_dir);
}

}  // namespace drsim::cli
