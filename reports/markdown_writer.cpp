#include "reports/markdown_writer.hpp"

#include <string>

#include "reports/escape.hpp"

namespace drsim::reports {
namespace {

std::string when(const RunInfo& r) {
  return r.generated_at.empty() ? "not recorded" : r.generated_at;
}

std::string short_checksum(const std::string& c) {
  return c.size() > 19 ? c.substr(0, 19) + "…" : c;
}

std::string verdict_cell(Verdict v) {
  std::string text = std::string(verdict_symbol(v)) + " " + verdict_text(v);
  return v == Verdict::kBreached ? "**" + text + "**" : text;
}

void write_runs(const ReportModel& report, std::ostream& out) {
  out << "| Run | Kind | Model | Source | Model checksum | Tool version | Seed | When run |\n"
      << "|---|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    const RunInfo& r = report.runs[i];
    out << "| " << i + 1 << " | " << markdown_cell(r.kind) << " (" << run_kind_text(r.kind)
        << ") | " << markdown_cell(r.model) << " | " << markdown_cell(r.model_source) << " | "
        << markdown_cell(r.model_checksum) << " | " << markdown_cell(r.tool_version) << " | "
        << r.seed << " | " << markdown_cell(when(r)) << " |\n";
  }
}

// simulate --trials: the spread of RTO and RPO, P(objective met) and the most frequent paths.
void write_trials(const ScenarioSection& s, std::ostream& out) {
  out << "Trials: " << markdown_cell(s.trials)
      << ". The table above is the nominal run (every varying value at its median).\n\n";
  if (s.trial_rows.empty()) {
    out << "_No trial affected any service._\n\n";
    return;
  }
  out << "| Service | Affected | Objective | p50 | p90 | p99 | max | P(met), 95 % interval |\n"
      << "|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : s.trial_rows) {
    out << "| " << markdown_cell(r.service) << " | " << r.affected << " | RTO | " << r.rto_p50
        << " | " << r.rto_p90 << " | " << r.rto_p99 << " | " << r.rto_max << " | " << r.p_rto
        << " |\n";
    out << "| " << markdown_cell(r.service) << " | " << r.affected << " | RPO | " << r.rpo_p50
        << " | " << r.rpo_p90 << " | " << r.rpo_p99 << " | " << r.rpo_max << " | " << r.p_rpo
        << " |\n";
  }
  out << "\nMost frequent recovery paths over the trials:\n\n";
  for (const auto& r : s.trial_rows) {
    out << "- **" << markdown_cell(r.service) << "**: ";
    for (std::size_t i = 0; i < r.paths.size(); ++i) {
      out << (i ? "; " : "") << r.paths[i].share << " `" << markdown_cell(r.paths[i].steps) << "`";
    }
    out << "\n";
  }
  out << "\n";
}

void write_scenario(const ReportModel& report, const ScenarioSection& s, std::ostream& out) {
  out << "### " << markdown_cell(s.name) << " — " << to_string(s.impact) << "\n\n";
  out << "Fault at " << s.t0 << ", horizon " << s.horizon << "; " << s.down << " down, "
      << s.degraded << " degraded, " << s.unaffected << " unaffected";
  if (report.runs.size() > 1) out << " (run " << s.run + 1 << ")";
  out << ".\n\n";
  if (!s.phase.empty()) out << "Phase: " << markdown_cell(s.phase) << ".\n\n";
  if (!s.outage.empty()) out << "Outage: " << markdown_cell(s.outage) << ".\n\n";
  if (!s.services.empty()) {
    // The worst RPO belongs to the service's RPO row; results that do not say have no column.
    out << "| Service | State | Objective | Target | Achieved | Verdict |"
        << (s.worst_rpo_known ? " Worst RPO |" : "") << "\n"
        << "|---|---|---|---|---|---|" << (s.worst_rpo_known ? "---|" : "") << "\n";
    for (const auto& row : s.services) {
      for (auto index : {row.rto_objective, row.rpo_objective}) {
        if (!index) continue;
        const ObjectiveRow& o = s.objectives[*index];
        out << "| " << markdown_cell(row.id) << " | " << row.state << " | " << upper_name(o.kind)
            << " | " << o.target << " | " << o.achieved << " | " << verdict_cell(o.verdict) << " |";
        if (s.worst_rpo_known) {
          out << " " << (o.kind == ObjectiveKind::kRpo ? markdown_cell(row.rpo_worst) : "") << " |";
        }
        out << "\n";
      }
    }
    out << "\n";
  }
  if (s.services_omitted > 0) {
    out << "_… and "
        << plural(s.services_omitted, "more affected service", "more affected services")
        << " with milder verdicts, not listed here; the JSON and JUnit reports list every "
           "one._\n\n";
  }
  if (!s.hidden_note.empty()) out << "_" << s.hidden_note << "._\n\n";
  if (!s.trials.empty()) write_trials(s, out);
  if (!s.timeline.empty()) {
    out << "Recovery paths:\n\n";
    for (const auto& row : s.timeline) {
      out << "- **" << markdown_cell(row.service) << "**: ";
      for (std::size_t i = 0; i < row.bars.size(); ++i) {
        const auto& b = row.bars[i];
        out << (i ? " → " : "") << markdown_cell(b.label);
      }
      out << "\n";
    }
    if (s.timeline_omitted > 0) {
      out << "- _… and " << plural(s.timeline_omitted, "more service", "more services")
          << " (see the JSON report)_\n";
    }
    out << "\n";
  }
}

}  // namespace

void write_markdown(const ReportModel& report, std::ostream& out) {
  write_markdown_head(report, out);
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) write_markdown_scenario(report, i, out);
  write_markdown_tail(report, out);
}

void write_markdown_scenario(const ReportModel& report, std::size_t index, std::ostream& out) {
  write_scenario(report, report.scenarios[index], out);
}

void write_markdown_head(const ReportModel& report, std::ostream& out) {
  const Totals& t = report.totals;
  out << "# " << markdown_cell(report.title) << "\n\n";
  out << "**" << (report.any_breached ? "✗ Objectives breached" : "✓ No objective breached")
      << "** — " << plural(report.scenarios.size(), "scenario", "scenarios") << ", "
      << plural(t.objectives, "objective", "objectives") << ": " << t.met << " met, " << t.breached
      << " breached, " << t.missing_policy << " missing policy, " << t.not_applicable
      << " not applicable.\n\n";
  write_runs(report, out);
  // Several results name each row's run; models with costs add what it costs.
  out << "\n## Scenarios\n\n|" << (report.several_runs ? " Run |" : "")
      << " Scenario | Continuity impact | Recovery process | Data loss |"
      << (report.costs ? " Frequency | Outage cost |" : "") << "\n"
      << (report.several_runs ? "|---" : "") << "|---|---|---|---|"
      << (report.costs ? "---|---|" : "") << "\n";
  for (const auto& s : report.scenarios) {
    out << "| ";
    if (report.several_runs) out << markdown_cell(s.run_label) << " | ";
    out << markdown_cell(s.id) << " | " << to_string(s.impact) << " | "
        << markdown_cell(s.recovery_process) << " | " << markdown_cell(s.data_loss) << " |";
    if (report.costs) out << " " << s.frequency << " | " << s.outage_cost << " |";
    out << "\n";
  }
  out << "\n## Objectives by scenario\n\n";
}

void write_markdown_tail(const ReportModel& report, std::ostream& out) {
  if (!report.comparison.empty()) {
    out << "## Predicted vs measured\n\n"
        << "| Service | Objective | Target | Predicted (worst simulated) | Measured (drill) | "
           "Verdict (measured) |\n"
        << "|---|---|---|---|---|---|\n";
    for (const auto& c : report.comparison) {
      out << "| " << markdown_cell(c.service) << " | " << upper_name(c.kind) << " | " << c.target
          << " | " << markdown_cell(c.predicted) << " | " << markdown_cell(c.measured) << " | "
          << verdict_cell(c.measured_verdict) << " |\n";
    }
    out << "\n";
  }

  out << "## Compliance summary\n\n"
      << "Each objective per disruption class, with the target that applies to that class and "
         "the evidence for its worst outcome: the scenario, and the run that produced it (when, "
         "tool version, seed, model checksum).\n\n"
      << "| Class | Service | Objective | Target | Worst achieved | Verdict | Scenarios (met / "
         "breached / missing) | Evidence scenario | When run | Tool version | Seed | Model "
         "checksum |\n"
      << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& c : report.compliance) {
    const RunInfo& r = report.runs[c.run];
    out << "| " << markdown_cell(c.cls) << " ";
    out << "| " << markdown_cell(c.service) << " | " << upper_name(c.kind)
        << (r.kind == kDrillRun ? " (measured)" : "") << " | " << c.target << " | " << c.achieved
        << " | " << verdict_cell(c.verdict) << " | " << c.scenarios << " (" << c.met << " / "
        << c.breached << " / " << c.missing << ") | " << markdown_cell(c.worst_scenario) << " | "
        << markdown_cell(when(r)) << " | " << markdown_cell(r.tool_version) << " | " << r.seed
        << " | " << markdown_cell(short_checksum(r.model_checksum)) << " |\n";
  }
  out << "\n";
}

}  // namespace drsim::reports
