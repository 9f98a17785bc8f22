#include "reports/html_writer.hpp"

#include <string>

#include "reports/escape.hpp"
#include "reports/html_charts.hpp"
#include "reports/html_page.hpp"

namespace drsim::reports {
namespace {

// Groups longer than these start collapsed (<details>), so a sweep of hundreds of scenarios
// opens on its answer; find-in-page still searches them and links still open them.
constexpr std::size_t kOpenRows = 40;       // rows of a compliance or breaches table
constexpr std::size_t kOpenScenarios = 12;  // scenario links of one class in the contents

std::string esc(const std::string& s) { return xml_escape(s); }

std::string verdict_cell(Verdict v) {
  return std::string("<td class=\"verdict ") + verdict_class(v) + "\">" + verdict_symbol(v) + " " +
         verdict_text(v) + "</td>";
}

std::string when(const RunInfo& r) {
  return r.generated_at.empty() ? "not recorded" : r.generated_at;
}

const char* open_if(bool small) { return small ? " open" : ""; }

// "region: 3 scenarios · 8 objectives: ✓ 6 met · ✗ 2 breached · ? 0 missing policy"
std::string class_counts(const ClassSummary& c) {
  return plural(c.scenarios.size(), "scenario", "scenarios") + " · " +
         plural(c.compliance_end - c.compliance_begin, "objective", "objectives") + ": ✓ " +
         std::to_string(c.met) + " met · ✗ " + std::to_string(c.breached) + " breached · ? " +
         std::to_string(c.missing) + " missing policy";
}

// A link to a scenario's section, named by its id (`name` false: a column names the run) or by
// ScenarioSection::name (which names the run too when several are reported together).
std::string scenario_link(const ReportModel& report, std::size_t section, bool name = true) {
  const ScenarioSection& s = report.scenarios[section];
  return "<a href=\"#s" + std::to_string(section + 1) + "\">" + html_name(name ? s.name : s.id) +
         "</a>";
}

void write_header(const ReportModel& report, std::ostream& out) {
  const Totals& t = report.totals;
  out << "<header><h1>" << html_name(report.title) << "</h1>\n<p class=\"status"
      << (report.any_breached ? " bad" : "") << "\"><strong>"
      << (report.any_breached ? "✗ Objectives breached" : "✓ No objective breached")
      << "</strong> — " << report.scenarios.size()
      << (report.scenarios.size() == 1 ? " scenario, " : " scenarios, ") << t.objectives
      << " objectives: " << t.met << " met, " << t.breached << " breached, " << t.missing_policy
      << " missing policy, " << t.not_applicable << " not applicable.</p>\n";
  out << "<table class=\"runs\"><thead><tr><th>Run</th><th>Kind</th><th>Model</th>"
         "<th>Source</th><th>Model checksum</th><th>Tool version</th><th>Seed</th>"
         "<th>When run</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    const RunInfo& r = report.runs[i];
    out << "<tr id=\"run-" << i + 1 << "\"><td class=\"num\">" << i + 1 << "</td><td>"
        << esc(r.kind) << " (" << run_kind_text(r.kind) << ")</td><td>" << html_name(r.model)
        << "</td><td>" << html_name(r.model_source) << "</td><td><code>" << esc(r.model_checksum)
        << "</code></td><td>" << esc(r.tool_version) << "</td><td class=\"num\">" << r.seed
        << "</td><td>" << esc(when(r)) << "</td></tr>\n";
  }
  out << "</tbody></table></header>\n";
}

// The answer first: per disruption class, how many objectives were met, breached or lack a policy.
void write_class_summary(const ReportModel& report, std::ostream& out) {
  out << "<section id=\"summary\"><h2>Compliance by disruption class</h2>\n<p class=\"meta\">"
         "Each objective is judged against the target of its disruption class (a zone loss may "
         "have to be recovered sooner than a region loss), so a service counts once per class "
         "it was tested in.</p>\n<table class=\"classes\"><thead><tr><th>Disruption class</th>"
         "<th>Scenarios</th><th>Objectives</th><th>✓ Met</th><th>✗ Breached</th>"
         "<th>? Missing policy</th><th>Worst verdict</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < report.classes.size(); ++i) {
    const ClassSummary& c = report.classes[i];
    out << "<tr><td><a href=\"#class-" << i + 1 << "\">" << html_name(c.cls)
        << "</a></td><td class=\"num\">" << c.scenarios.size() << "</td><td class=\"num\">"
        << c.compliance_end - c.compliance_begin << "</td><td class=\"num\">" << c.met
        << "</td><td class=\"num\">" << c.breached << "</td><td class=\"num\">" << c.missing
        << "</td>" << verdict_cell(c.verdict) << "</tr>\n";
  }
  out << "</tbody></table></section>\n";
}

// Every breached objective, by class, with the scenario that shows its worst outcome.
void write_breaches(const ReportModel& report, std::ostream& out) {
  out << "<section id=\"breaches\"><h2>Breaches</h2>\n";
  if (!report.any_breached) {
    out << "<p>✓ No objective breached.</p></section>\n";
    return;
  }
  out << "<p class=\"meta\">Each breached objective with its class's target and its worst "
         "outcome; the evidence scenario links to its timeline and table.</p>\n";
  for (const ClassSummary& c : report.classes) {
    if (c.breached == 0) continue;
    out << "<details class=\"group\"" << open_if(c.breached <= kOpenRows) << "><summary><h3>"
        << html_name(c.cls) << ": " << plural(c.breached, "objective", "objectives")
        << " breached</h3></summary>\n<table class=\"breaches\"><thead><tr><th>Service</th>"
           "<th>Objective</th><th>Target</th><th>Worst achieved</th><th>Scenarios breached</th>"
           "<th>Evidence scenario</th></tr></thead><tbody>\n";
    for (std::size_t i = c.compliance_begin; i < c.compliance_end; ++i) {
      const ComplianceRow& row = report.compliance[i];
      if (row.verdict != Verdict::kBreached) continue;
      out << "<tr><td>" << html_name(row.service) << "</td><td>" << upper_name(row.kind)
          << "</td><td class=\"num\">" << row.target << "</td><td class=\"num\">" << row.achieved
          << "</td><td class=\"num\">" << row.breached << " of " << row.scenarios << "</td><td>"
          << scenario_link(report, row.section) << "</td></tr>\n";
    }
    out << "</tbody></table></details>\n";
  }
  out << "</section>\n";
}

void write_compliance(const ReportModel& report, std::ostream& out) {
  // A run's evidence (when, tool version, seed, checksum) is said once, not on every row: above
  // the tables for one run, in the runs table (a Run column links its row) for several.
  const bool one_run = report.runs.size() == 1;
  out << "<section id=\"compliance\"><h2>Compliance summary</h2>\n<p class=\"meta\">Each "
         "objective per disruption class, with the target that applies to that class and the "
         "evidence for its worst outcome: the scenario, and the run that produced it";
  if (one_run) {
    const RunInfo& r = report.runs.front();
    out << ": run 1, " << esc(when(r)) << ", drsim " << esc(r.tool_version) << ", seed " << r.seed
        << ", model checksum <code>" << esc(r.model_checksum) << "</code>.</p>\n";
  } else {
    out << " (its row in the runs table says when, with which tool version, seed and model "
           "checksum).</p>\n";
  }
  for (std::size_t i = 0; i < report.classes.size(); ++i) {
    const ClassSummary& c = report.classes[i];
    const std::size_t rows = c.compliance_end - c.compliance_begin;
    out << "<details class=\"group\" id=\"class-" << i + 1 << "\"" << open_if(rows <= kOpenRows)
        << "><summary><h3>" << html_name(c.cls) << " — " << class_counts(c) << "</h3></summary>\n";
    if (rows == 0) {
      out << "<p class=\"note\">No objective applies to this class.</p></details>\n";
      continue;
    }
    out << "<table><thead><tr><th>Service</th><th>Objective</th><th>Target</th>"
           "<th>Worst achieved</th><th>Verdict</th><th>Scenarios met / breached / missing</th>"
           "<th>Evidence scenario</th>"
        << (one_run ? "" : "<th>Run</th>") << "</tr></thead><tbody>\n";
    for (std::size_t k = c.compliance_begin; k < c.compliance_end; ++k) {
      const ComplianceRow& row = report.compliance[k];
      const RunInfo& r = report.runs[row.run];
      out << "<tr><td>" << html_name(row.service) << "</td><td>" << upper_name(row.kind)
          << (r.kind == kDrillRun ? " (measured)" : "") << "</td><td class=\"num\">" << row.target
          << "</td><td class=\"num\">" << row.achieved << "</td>" << verdict_cell(row.verdict)
          << "<td class=\"num\">" << row.met << " / " << row.breached << " / " << row.missing
          << "</td><td>" << scenario_link(report, row.section, one_run) << "</td>";
      if (!one_run) {
        out << "<td><a href=\"#run-" << row.run + 1 << "\">" << html_name(r.label) << "</a></td>";
      }
      out << "</tr>\n";
    }
    out << "</tbody></table></details>\n";
  }
  out << "</section>\n";
}

void write_comparison(const ReportModel& report, std::ostream& out) {
  if (report.comparison.empty()) return;
  out << "<section id=\"comparison\"><h2>Predicted vs measured</h2>\n<table><thead><tr>"
         "<th>Service</th><th>Objective</th><th>Target</th><th>Predicted (worst simulated)"
         "</th><th>Measured (drill)</th><th>Verdict (measured)</th></tr></thead><tbody>\n";
  for (const auto& c : report.comparison) {
    out << "<tr><td>" << html_name(c.service) << "</td><td>" << upper_name(c.kind)
        << "</td><td class=\"num\">" << c.target << "</td><td>" << html_name(c.predicted)
        << "</td><td>" << html_name(c.measured) << "</td>" << verdict_cell(c.measured_verdict)
        << "</tr>\n";
  }
  out << "</tbody></table></section>\n";
}

// The contents: the report's parts, then the scenarios grouped by class. A long name is cut with
// an ellipsis by CSS and is whole in the link's tooltip.
void write_contents(const ReportModel& report, std::ostream& out) {
  out << "<nav id=\"contents\"><h2>Contents</h2><ul class=\"parts\">"
         "<li><a href=\"#summary\">Compliance by disruption class</a></li>"
         "<li><a href=\"#breaches\">Breaches</a></li>"
         "<li><a href=\"#compliance\">Compliance summary</a></li>";
  if (!report.comparison.empty()) {
    out << "<li><a href=\"#comparison\">Predicted vs measured</a></li>";
  }
  out << "<li><a href=\"#scenarios\">Scenarios</a></li>";
  if (!report.grid.scenarios.empty()) out << "<li><a href=\"#grid\">Verdict grid</a></li>";
  out << "</ul>\n";
  for (const ClassSummary& c : report.classes) {
    out << "<details class=\"toc\"" << open_if(c.scenarios.size() <= kOpenScenarios) << "><summary>"
        << html_name(c.cls) << " (" << plural(c.scenarios.size(), "scenario", "scenarios")
        << ")</summary><ul>";
    for (std::size_t i : c.scenarios) {
      const std::string& name = report.scenarios[i].name;
      out << "<li><a href=\"#s" << i + 1 << "\" title=\"" << esc(name) << "\">" << html_name(name)
          << "</a></li>";
    }
    out << "</ul></details>\n";
  }
  out << "</nav>\n";
}

void write_scenario_table(const ReportModel& report, std::ostream& out) {
  out << "<section id=\"scenarios\"><h2>Scenarios</h2>\n<table><thead><tr>"
      << (report.several_runs ? "<th>Run</th>" : "")
      << "<th>Scenario</th><th>Continuity impact</th><th>Recovery process</th><th>Data loss</th>"
      << (report.costs ? "<th>Frequency</th><th>Outage cost</th>" : "") << "</tr></thead><tbody>\n";
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) {
    const auto& s = report.scenarios[i];
    out << "<tr>";
    if (report.several_runs) out << "<td>" << html_name(s.run_label) << "</td>";
    out << "<td class=\"id\">" << scenario_link(report, i, false) << "</td><td><span "
        << "class=\"impact impact-" << to_string(s.impact) << "\">" << to_string(s.impact)
        << "</span></td><td>" << html_name(s.recovery_process) << "</td><td>"
        << html_name(s.data_loss) << "</td>";
    if (report.costs) {
      out << "<td>" << esc(s.frequency) << "</td><td class=\"num\">" << esc(s.outage_cost)
          << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table></section>\n";
}

// One row per service (RTO and RPO side by side) keeps big sweeps compact; findings are written
// out only for breached objectives, the rest is in the verdict cells.
void write_objective_table(const ScenarioSection& s, std::ostream& out) {
  if (s.services.empty()) return;
  // A simulation that says its phase adds the worst RPO over every fault time to the RPO group.
  const bool worst = s.worst_rpo_known;
  out << "<table class=\"objectives\"><thead><tr><th rowspan=\"2\">Service</th>"
         "<th rowspan=\"2\">State</th><th colspan=\"3\">RTO</th><th colspan=\""
      << (worst ? 4 : 3)
      << "\">RPO</th><th rowspan=\"2\">Finding</th></tr><tr><th>Target</th><th>Achieved</th>"
         "<th>Verdict</th><th>Target</th><th>Achieved</th><th>Verdict</th>"
      << (worst ? "<th>Worst (any phase)</th>" : "") << "</tr></thead><tbody>\n";
  for (const auto& row : s.services) {
    out << "<tr><td>" << html_name(row.id) << "</td><td>" << row.state << "</td>";
    std::string findings;
    for (auto index : {row.rto_objective, row.rpo_objective}) {
      if (!index) {
        out << "<td></td><td></td><td></td>";
        continue;
      }
      const ObjectiveRow& o = s.objectives[*index];
      out << "<td class=\"num\">" << o.target << "</td><td class=\"num\">" << o.achieved << "</td>"
          << verdict_cell(o.verdict);
      if (o.verdict == Verdict::kBreached) {
        findings += (findings.empty() ? "" : "; ") + o.message;
      }
    }
    if (worst) out << "<td class=\"num\">" << esc(row.rpo_worst) << "</td>";
    out << "<td>" << (findings.empty() ? "" : html_name(findings)) << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
}

// simulate --trials: the spread per service and objective, then its distribution as charts.
void write_trials(const ScenarioSection& s, std::ostream& out) {
  out << "<h3>Trials</h3>\n<p>" << html_name(s.trials)
      << ". The figures above are the nominal run (every varying value at its median).</p>\n";
  if (s.trial_rows.empty()) {
    out << "<p class=\"note\">No trial affected any service.</p>\n";
    return;
  }
  out << "<table class=\"trials\"><thead><tr><th>Service</th><th>Affected</th><th>Objective</th>"
         "<th>p50</th><th>p90</th><th>p99</th><th>max</th><th>P(met), 95 % interval</th>"
         "</tr></thead><tbody>\n";
  for (const auto& r : s.trial_rows) {
    out << "<tr><td rowspan=\"2\">" << html_name(r.service)
        << "</td><td rowspan=\"2\" class=\"num\">" << r.affected
        << "</td><td>RTO</td><td class=\"num\">" << r.rto_p50 << "</td><td class=\"num\">"
        << r.rto_p90 << "</td><td class=\"num\">" << r.rto_p99 << "</td><td class=\"num\">"
        << r.rto_max << "</td><td class=\"num\">" << r.p_rto
        << "</td></tr>\n<tr><td>RPO</td><td class=\"num\">" << r.rpo_p50
        << "</td><td class=\"num\">" << r.rpo_p90 << "</td><td class=\"num\">" << r.rpo_p99
        << "</td><td class=\"num\">" << r.rpo_max << "</td><td class=\"num\">" << r.p_rpo
        << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
  // Charts for the first services only: a big sweep's page must still open quickly.
  constexpr std::size_t kCharted = 40;
  out << "<p class=\"meta\">Each chart: the share of trials whose RTO (or RPO) is at most the "
         "time on its axis; the black line is the target.</p>\n";
  for (std::size_t i = 0; i < s.trial_rows.size() && i < kCharted; ++i) {
    const auto& r = s.trial_rows[i];
    out << "<h4>" << html_name(r.service) << "</h4>\n<p class=\"meta\">Most frequent paths:";
    for (const auto& p : r.paths) out << "<br>" << p.share << " " << html_name(p.steps);
    out << "</p>\n";
    write_cdf(r, ObjectiveKind::kRto, out);
    if (r.data_at_risk) write_cdf(r, ObjectiveKind::kRpo, out);
  }
  if (s.trial_rows.size() > kCharted) {
    out << "<p class=\"note\">… and " << s.trial_rows.size() - kCharted
        << " more services, not drawn; the table above lists every one.</p>\n";
  }
}

void write_scenario(const ReportModel& report, std::size_t index, std::ostream& out) {
  const ScenarioSection& s = report.scenarios[index];
  out << "<section class=\"scenario\" id=\"s" << index + 1 << "\"><h2>" << html_name(s.name)
      << " <span class=\"impact impact-" << to_string(s.impact) << "\">" << to_string(s.impact)
      << "</span></h2>\n<p class=\"meta\">" << esc(run_kind_text(report.runs[s.run].kind))
      << " · class " << html_name(s.cls) << " · fault at " << s.t0 << " · horizon " << s.horizon
      << (s.outage.empty() ? "" : " · outage " + html_name(s.outage)) << " · " << s.down
      << " down, " << s.degraded << " degraded, " << s.unaffected << " unaffected</p>\n"
      << "<p>" << (s.phase.empty() ? "" : "<strong>Phase:</strong> " + html_name(s.phase) + "<br>")
      << "<strong>Recovery process:</strong> " << html_name(s.recovery_process)
      << "<br><strong>Data loss:</strong> " << html_name(s.data_loss) << "</p>\n";
  write_timeline(s, out);
  if (!s.rto_bars.empty() || !s.rpo_bars.empty()) {
    out << "<h3>Achieved vs target</h3>\n";
    write_verdict_legend(out);
    out << "<p class=\"meta\">Bar: achieved, on the time scale above it; black mark ▼: target; "
           "full hatched bar: not recovered / no recovery point.</p>\n";
    if (!s.rto_bars.empty()) out << "<h4>RTO</h4>\n";
    write_bars(s.rto_bars, s.rto_axis, ObjectiveKind::kRto, out);
    if (!s.rpo_bars.empty()) out << "<h4>RPO</h4>\n";
    write_bars(s.rpo_bars, s.rpo_axis, ObjectiveKind::kRpo, out);
    if (s.bars_omitted > 0) {
      out << "<p class=\"note\">… and " << s.bars_omitted
          << " more services, not drawn; the table below lists every one.</p>\n";
    }
  }
  write_objective_table(s, out);
  if (!s.trials.empty()) write_trials(s, out);
  if (s.services_omitted > 0) {
    out << "<p class=\"note\">… and " << s.services_omitted
        << " more affected services with milder verdicts, not listed here; the JSON and JUnit "
           "reports list every one.</p>\n";
  }
  if (!s.hidden_note.empty()) out << "<p class=\"note\">" << s.hidden_note << ".</p>\n";
  out << "</section>\n";
}

}  // namespace

void write_html(const ReportModel& report, std::ostream& out) {
  write_html_report_head(report, out);
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) write_html_scenario(report, i, out);
  write_html_tail(report, out);
}

void write_html_scenario(const ReportModel& report, std::size_t index, std::ostream& out) {
  write_scenario(report, index, out);
}

void write_html_report_head(const ReportModel& report, std::ostream& out) {
  write_html_head(report.title, out);
  write_chart_defs(out);
  write_header(report, out);
  write_class_summary(report, out);
  write_breaches(report, out);
  write_compliance(report, out);
  write_comparison(report, out);
  write_contents(report, out);
  write_scenario_table(report, out);
  write_grid(report, out);
}

void write_html_tail(const ReportModel& report, std::ostream& out) {
  out << "<footer>Generated by drsim";
  if (!report.runs.empty()) out << " " << esc(report.runs.front().tool_version);
  out << ". Self-contained: no scripts, fonts or images are loaded. Colours follow the "
         "Okabe-Ito palette; every verdict also carries a symbol (✓ ✗ ? –) and, on screen, a "
         "pattern.</footer>\n</body></html>\n";
}

}  // namespace drsim::reports
