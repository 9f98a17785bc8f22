// `drsim simulate MODEL (--scenario ID... | --all | --file FILE) [--at T] [--duration D]
// [--horizon H] [--detect-after D] [--seed N] [-f text|json] [-o FILE] [--report DIR]`:
// put the estate through outage scenarios on the SimGrid engine and print, per service, whether
// it went down, its achieved RTO and RPO, the verdicts and the recovery path; with several
// scenarios one summary table (scenario, impact, recovery process, data loss) comes first, and
// the text ends with the run's summary (cli/run_summary.hpp). Exit 1 if any objective is
// breached, 0 otherwise.
#include <algorithm>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/output_options.hpp"
#include "cli/progress.hpp"
#include "cli/run_summary.hpp"
#include "cli/scenario_selection.hpp"
#include "engine/core/trials.hpp"
#include "engine/sim/simulator.hpp"
#include "model/errors.hpp"
#include "model/loader.hpp"
#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/json_writer.hpp"
#include "reports/report_model.hpp"
#include "reports/result_json.hpp"
#include "reports/text_table.hpp"
#include "reports/write_reports.hpp"
#include "scenarios/time_options.hpp"

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

struct Options {
  std::string model;
  ScenarioSelection scenarios;
  std::string report;
  int jobs = 2;
  bool quiet = false;
  long long trials = 0;
};

}  // namespace

void add_simulate_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "simulate", "Put the estate through outage scenarios: achieved RTO, RPO and recovery paths");
  auto o = std::make_shared<Options>();
  cmd->add_option("MODEL", o->model, "Estate model (YAML or JSON)")->required();
  add_scenario_options(cmd, o->scenarios);
  auto output = add_output_options(*cmd, {"text", "json"}, {{"table", "text"}});
  cmd->add_option("--report", o->report, "Also write JSON, Markdown, HTML and JUnit reports here");
  cmd->add_option("-j,--jobs", o->jobs, "Scenarios simulated at once (default 2)")
      ->check(CLI::Range(1, 64));
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on standard error during long runs");
  cmd->add_option("--trials", o->trials,
                  "Also run N trials per scenario with values drawn from the model's "
                  "distributions: RTO/RPO percentiles and P(objective met)")
      ->type_name("N")
      ->check(CLI::Range(1LL, 1000000LL));
  cmd->callback([o, output, &action, io]() {
    action = [o, output, io]() {
      if (o->scenarios.empty()) {
        throw UsageError("simulate: give --scenario ID, --all or --file FILE");
      }
      const auto times = selected_times(o->scenarios);
      auto loaded = model::load_model(o->model);
      const auto& m = loaded.model;
      const std::vector<scenarios::Scenario> list = select_scenarios(m, o->scenarios);
      const auto services = static_cast<long long>(std::max<std::size_t>(m.services.size(), 1));
      if (o->trials > engine::kMaxTrialFigures / services) {
        throw UsageError(
            "simulate: --trials " + std::to_string(o->trials) + " on " + std::to_string(services) +
            " services would keep " + std::to_string(o->trials * services) +
            " figures per scenario, over the " + "limit of " +
            std::to_string(engine::kMaxTrialFigures) + " (about 1.6 GB); run at most " +
            std::to_string(engine::kMaxTrialFigures / services) + " trials on this model");
      }
      engine::SimulateOptions so;
      so.jobs = o->jobs;
      so.seed = times.seed;
      so.trials = o->trials;
      RunResult run;
      {
        Progress progress(io.err, progress_style(io.err, o->quiet), "simulate",
                          o->trials > 0 ? "trials" : "scenarios");
        so.progress = [&progress](std::size_t done, std::size_t total) {
          progress.update(done, total);
        };
        run = engine::simulate_run(m, list, so);
      }
      run.generated_at = run_timestamp();
      if (!o->report.empty()) reports::write_reports(run, o->report);
      if (output->json()) {
        emit(
            *output, [&](std::ostream& out) { reports::write_json(run, out); }, io.out);
        // Standard output is the JSON document: say where the reports went on stderr.
        if (!o->report.empty()) io.err << reports_line(o->report);
      } else {
        std::ostringstream text;
        print_table(run, o->scenarios.all, text);
        text << "\n" << run_summary(run, o->report);
        emit(*output, text.str(), io.out);
      }
      return static_cast<int>(any_breached(run) ? ExitCode::kFinding : ExitCode::kOk);
    };
  });
}

}  // namespace drsim::cli
