#include "reports/html_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "reports/escape.hpp"
#include "reports/html_page.hpp"

namespace drsim::reports {
namespace {

std::string format_duration(double seconds) { return duration_text(seconds); }

// Chart geometry, in SVG user units (CSS pixels at 100 %).
constexpr double kWidth = 900;
constexpr double kLabel = 170;      // left column with service names
constexpr double kValue = 170;      // right column with values (bar charts)
constexpr double kRow = 22;         // row height
constexpr double kAxis = 26;        // room for the time axis
constexpr double kGridCell = 14;    // grid cell size
constexpr double kGridLabel = 190;  // grid row labels (scenario ids)

// Coordinates with one decimal keep the SVG small and the output stable.
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

std::string esc(const std::string& s) { return xml_escape(s); }

const char* verdict_class(Verdict v) {
  switch (v) {
    case Verdict::kMet:
      return "v-met";
    case Verdict::kBreached:
      return "v-breached";
    case Verdict::kNotApplicable:
      return "v-na";
    case Verdict::kMissingPolicy:
      return "v-missing";
  }
  return "v-na";
}

// Each step family has one Okabe-Ito colour; the step name is also written on or beside it.
const char* step_class(StepKind step) {
  switch (step) {
    case StepKind::kDetect:
      return "st-detect";
    case StepKind::kPage:
    case StepKind::kRespond:
    case StepKind::kDecide:
      return "st-people";
    case StepKind::kPromote:
    case StepKind::kReplace:
    case StepKind::kScaleUp:
      return "st-failover";
    case StepKind::kRebuild:
      return "st-rebuild";
    case StepKind::kRetrieve:
    case StepKind::kRestore:
    case StepKind::kReplay:
      return "st-restore";
    case StepKind::kDns:
    case StepKind::kDrain:
      return "st-traffic";
    default:
      return "st-other";
  }
}

std::string verdict_cell(Verdict v) {
  return std::string("<td class=\"verdict ") + verdict_class(v) + "\">" + verdict_symbol(v) + " " +
         verdict_text(v) + "</td>";
}

// A "nice" tick step (1, 2, 5, 10 s ... 1 h, 2 h, 6 h, 12 h, 1 d ...) for at most ~8 ticks.
double tick_step(double span) {
  static const double kSteps[] = {1,     2,     5,      10,     15,     30,     60,    120,
                                  300,   600,   900,    1800,   3600,   7200,   10800, 21600,
                                  43200, 86400, 172800, 432000, 864000, 2592000};
  for (double s : kSteps) {
    if (span / s <= 8) return s;
  }
  return std::ceil(span / 8 / 2592000) * 2592000;
}

// Shared patterns: breached marks are hatched, missing-policy marks dotted, so colour is never
// the only cue (and they survive black-and-white printing).
const char* kDefs =
    "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
    "<pattern id=\"hatch-breached\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#D55E00\"/>"
    "<rect width=\"2\" height=\"6\" fill=\"#f3b58f\"/></pattern>"
    "<pattern id=\"dots-missing\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
    "<rect width=\"5\" height=\"5\" fill=\"#E69F00\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" "
    "fill=\"#fff\"/></pattern>"
    // Grid cells are <use> references to these, so a sweep of 200 scenarios x 120 services
    // costs ~40 bytes a cell; breached and missing-policy cells carry a symbol too.
    "<g id=\"c-met\"><rect width=\"13\" height=\"13\" fill=\"#009E73\"/></g>"
    "<g id=\"c-breached\"><rect width=\"13\" height=\"13\" fill=\"url(#hatch-breached)\"/>"
    "<text x=\"6.5\" y=\"10.5\" text-anchor=\"middle\" font-size=\"10\" "
    "font-weight=\"bold\">✗</text></g>"
    "<g id=\"c-missing\"><rect width=\"13\" height=\"13\" fill=\"url(#dots-missing)\"/>"
    "<text x=\"6.5\" y=\"10.5\" text-anchor=\"middle\" font-size=\"10\" "
    "font-weight=\"bold\">?</text></g>"
    "<g id=\"c-na\"><rect width=\"13\" height=\"13\" fill=\"#e8e8e8\"/></g>"
    "<g id=\"c-absent\"><rect x=\".5\" y=\".5\" width=\"12\" height=\"12\" fill=\"#fff\" "
    "stroke=\"#ddd\"/></g></defs></svg>\n";

void write_verdict_legend(std::ostream& out) {
  out << "<div class=\"legend\">";
  for (Verdict v :
       {Verdict::kMet, Verdict::kBreached, Verdict::kMissingPolicy, Verdict::kNotApplicable}) {
    out << "<span><span class=\"sw " << verdict_class(v) << "\"></span>" << verdict_symbol(v) << " "
        << verdict_text(v) << "</span>";
  }
  out << "</div>\n";
}

void write_step_legend(std::ostream& out) {
  static const std::pair<const char*, const char*> kItems[] = {
      {"st-detect", "detect"},
      {"st-people", "page / respond / decide"},
      {"st-failover", "failover / promote / replace / scale-up"},
      {"st-rebuild", "rebuild"},
      {"st-restore", "retrieve / restore / replay"},
      {"st-traffic", "dns / drain"},
      {"st-other", "other"}};
  out << "<div class=\"legend\">";
  for (const auto& [cls, text] : kItems) {
    out << "<span><span class=\"sw " << cls << "\"></span>" << text << "</span>";
  }
  out << "<span>▏ black line: service up again (achieved RTO)</span><span>┄ dashed: down or "
         "waiting</span></div>\n";
}

void write_axis(std::ostream& out, double x0, double width, double span, double top,
                double bottom) {
  double step = tick_step(span);
  out << "<g class=\"axis\">";
  for (double t = 0; t <= span + 1e-9; t += step) {
    double x = x0 + t / span * width;
    out << "<line x1=\"" << num(x) << "\" y1=\"" << num(top) << "\" x2=\"" << num(x) << "\" y2=\""
        << num(bottom) << "\"/><text x=\"" << num(x) << "\" y=\"" << num(top - 6)
        << "\" text-anchor=\"middle\">" << format_duration(t) << "</text>";
  }
  out << "</g>";
}

// The recovery Gantt of one scenario: a row per service, a bar per path step.
void write_timeline(const ScenarioSection& s, std::ostream& out) {
  if (s.timeline.empty()) return;
  // Rows that never recovered get a label after the plot, so it never covers a bar.
  bool unrecovered = std::any_of(s.timeline.begin(), s.timeline.end(),
                                 [](const TimelineRow& r) { return !r.rto_s; });
  const double plot = kWidth - kLabel - (unrecovered ? 110 : 20);
  const double span = s.timeline_span_s;
  const double height = kAxis + kRow * static_cast<double>(s.timeline.size()) + 6;
  out << "<h3>Recovery timeline</h3>\n";
  write_step_legend(out);
  out << "<div class=\"chart\"><svg class=\"timeline\" role=\"img\" width=\"" << num(kWidth)
      << "\" height=\"" << num(height) << "\" viewBox=\"0 0 " << num(kWidth) << " " << num(height)
      << "\"><title>Recovery timeline of " << esc(s.id) << "</title>";
  write_axis(out, kLabel, plot, span, kAxis, height);
  double y = kAxis;
  for (const auto& row : s.timeline) {
    out << "<g class=\"row\"><text class=\"lbl\" x=\"" << num(kLabel - 6) << "\" y=\""
        << num(y + kRow * 0.68) << "\" text-anchor=\"end\">" << esc(row.service) << "</text>";
    // A dashed line under the bars spans the whole outage, so waits between steps show.
    double outage_end = row.rto_s ? *row.rto_s : span;
    out << "<line class=\"outage\" x1=\"" << num(kLabel) << "\" y1=\"" << num(y + kRow / 2)
        << "\" x2=\"" << num(kLabel + outage_end / span * plot) << "\" y2=\"" << num(y + kRow / 2)
        << "\"/>";
    for (const auto& b : row.bars) {
      double x = kLabel + b.begin_s / span * plot;
      double w = std::max(1.5, (b.end_s - b.begin_s) / span * plot);
      const char* cls = step_class(b.kind);
      out << "<rect class=\"bar " << cls << "\" x=\"" << num(x) << "\" y=\"" << num(y + 3)
          << "\" width=\"" << num(w) << "\" height=\"" << num(kRow - 6) << "\"><title>"
          << esc(b.label) << "</title></rect>";
      // Step names are written on bars wide enough to hold them: the non-colour cue.
      if (w >= 7.0 * static_cast<double>(b.step.size()) + 6) {
        bool dark = std::string(cls) == "st-rebuild";
        out << "<text class=\"steptxt" << (dark ? " inv" : "") << "\" x=\"" << num(x + 3)
            << "\" y=\"" << num(y + kRow * 0.66) << "\">" << esc(b.step) << "</text>";
      }
    }
    if (row.rto_s) {
      double x = kLabel + *row.rto_s / span * plot;
      out << "<line class=\"rto\" x1=\"" << num(x) << "\" y1=\"" << num(y + 1) << "\" x2=\""
          << num(x) << "\" y2=\"" << num(y + kRow - 1) << "\"><title>" << esc(row.service)
          << " up again after " << format_duration(*row.rto_s) << "</title></line>";
    } else {
      out << "<text class=\"lbl\" x=\"" << num(kLabel + plot + 6) << "\" y=\""
          << num(y + kRow * 0.68) << "\">✗ not recovered</text>";
    }
    out << "</g>";
    y += kRow;
  }
  out << "</svg></div>\n";
  if (s.timeline_omitted > 0) {
    out << "<p class=\"note\">… and " << s.timeline_omitted
        << " more services with a recovery path, not drawn (the JSON report has them).</p>\n";
  }
}

// Achieved-vs-target bars for one objective kind: bar = achieved, dashed line = target.
void write_bars(const std::vector<BarRow>& bars, ObjectiveKind kind, std::ostream& out) {
  if (bars.empty()) return;
  const double plot = kWidth - kLabel - kValue - 10;
  double span = 1;
  for (const auto& b : bars) {
    span = std::max({span, b.achieved_s.value_or(0), b.target_s.value_or(0)});
  }
  span *= 1.05;
  const double height = kRow * static_cast<double>(bars.size()) + 8;
  out << "<div class=\"chart\"><svg class=\"bars bars-" << to_string(kind)
      << "\" role=\"img\" width=\"" << num(kWidth) << "\" height=\"" << num(height)
      << "\" viewBox=\"0 0 " << num(kWidth) << " " << num(height) << "\"><title>Achieved vs target "
      << upper_name(kind) << "</title>";
  double y = 4;
  for (const auto& b : bars) {
    out << "<g class=\"row\"><text class=\"lbl\" x=\"" << num(kLabel - 6) << "\" y=\""
        << num(y + kRow * 0.68) << "\" text-anchor=\"end\">" << esc(b.service) << "</text>";
    if (b.achieved_s) {
      double w = *b.achieved_s / span * plot;
      out << "<rect class=\"bar " << verdict_class(b.verdict) << "\" x=\"" << num(kLabel)
          << "\" y=\"" << num(y + 4) << "\" width=\"" << num(std::max(w, 1.0)) << "\" height=\""
          << num(kRow - 8) << "\"><title>" << esc(b.label) << "</title></rect>";
    } else {
      out << "<rect class=\"bar unrec\" x=\"" << num(kLabel) << "\" y=\"" << num(y + 4)
          << "\" width=\"" << num(plot) << "\" height=\"" << num(kRow - 8) << "\"><title>"
          << esc(b.label) << "</title></rect>";
    }
    if (b.target_s) {
      double x = kLabel + *b.target_s / span * plot;
      out << "<line class=\"target\" x1=\"" << num(x) << "\" y1=\"" << num(y + 1) << "\" x2=\""
          << num(x) << "\" y2=\"" << num(y + kRow - 1) << "\"/>";
    }
    std::string achieved =
        b.achieved_s ? format_duration(*b.achieved_s)
                     : (kind == ObjectiveKind::kRto ? "not recovered" : "no recovery point");
    std::string target = b.target_s ? format_duration(*b.target_s) : "no target";
    out << "<text class=\"lbl val\" x=\"" << num(kWidth - kValue + 4) << "\" y=\""
        << num(y + kRow * 0.68) << "\">" << verdict_symbol(b.verdict) << " " << achieved << " / "
        << target << "</text></g>";
    y += kRow;
  }
  out << "</svg></div>\n";
}

void write_grid(const ReportModel& report, std::ostream& out) {
  const Grid& g = report.grid;
  if (g.scenarios.empty() || g.services.empty()) return;
  std::size_t longest = 0;
  for (const auto& s : g.services) longest = std::max(longest, s.size());
  const double top = std::min(160.0, 6.2 * static_cast<double>(longest) + 12);
  const double width = kGridLabel + kGridCell * static_cast<double>(g.services.size()) + 60;
  const double height = top + kGridCell * static_cast<double>(g.scenarios.size()) + 4;
  out << "<section id=\"grid\"><h2>Scenario × service verdicts</h2>\n"
      << "<p class=\"meta\">Each cell is the worst objective verdict of a service in a "
         "scenario; the tables of each scenario give the values.";
  if (g.services_omitted > 0) {
    out << " Showing the " << g.services.size() << " services with the most breaches; "
        << g.services_omitted << " more are in the tables and the JSON report.";
  }
  out << "</p>\n";
  write_verdict_legend(out);
  // A small grid is drawn larger so its cells and names stay readable.
  const double zoom = g.services.size() <= 40 ? 1.6 : 1.0;
  out << "<div class=\"chart\"><svg class=\"grid\" role=\"img\" width=\"" << num(width * zoom)
      << "\" height=\"" << num(height * zoom) << "\" viewBox=\"0 0 " << num(width) << " "
      << num(height) << "\"><title>Scenario by service verdict grid</title>";
  for (std::size_t c = 0; c < g.services.size(); ++c) {
    double x = kGridLabel + kGridCell * (static_cast<double>(c) + 0.7);
    out << "<text class=\"col\" transform=\"translate(" << num(x) << "," << num(top - 4)
        << ") rotate(-60)\">" << esc(g.services[c]) << "</text>";
  }
  for (std::size_t r = 0; r < g.scenarios.size(); ++r) {
    double y = top + kGridCell * static_cast<double>(r);
    out << "<g class=\"grow\"><title>" << esc(g.scenarios[r]) << "</title><text class=\"lbl\" x=\""
        << num(kGridLabel - 6) << "\" y=\"" << num(y + kGridCell * 0.78)
        << "\" text-anchor=\"end\">" << esc(g.scenarios[r]) << "</text>";
    for (std::size_t c = 0; c < g.services.size(); ++c) {
      const auto& cell = g.cells[r][c];
      const char* id = !cell                              ? "c-absent"
                       : *cell == Verdict::kMet           ? "c-met"
                       : *cell == Verdict::kBreached      ? "c-breached"
                       : *cell == Verdict::kMissingPolicy ? "c-missing"
                                                          : "c-na";
      out << "<use href=\"#" << id << "\" x=\""
          << num(kGridLabel + kGridCell * static_cast<double>(c)) << "\" y=\"" << num(y) << "\"/>";
    }
    out << "</g>";
  }
  out << "</svg></div></section>\n";
}

// One row per service (RTO and RPO side by side) keeps big sweeps compact; findings are written
// out only for breached objectives, the rest is in the verdict cells.
void write_objective_table(const ReportModel& report, const ScenarioSection& s, std::ostream& out) {
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
    out << "<tr><td>" << esc(row.id) << "</td><td>" << row.state << "</td>";
    std::string findings;
    for (auto index : {row.rto_objective, row.rpo_objective}) {
      if (!index) {
        out << "<td></td><td></td><td></td>";
        continue;
      }
      const ObjectiveRow& o = report.objectives[*index];
      out << "<td class=\"num\">" << o.target << "</td><td class=\"num\">" << o.achieved << "</td>"
          << verdict_cell(o.verdict);
      if (o.verdict == Verdict::kBreached) {
        findings += (findings.empty() ? "" : "; ") + o.message;
      }
    }
    if (worst) out << "<td class=\"num\">" << esc(row.rpo_worst) << "</td>";
    out << "<td>" << esc(findings) << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
}

void write_scenario(const ReportModel& report, std::size_t index, std::ostream& out) {
  const ScenarioSection& s = report.scenarios[index];
  out << "<section class=\"scenario\" id=\"s" << index + 1 << "\"><h2>" << esc(s.name)
      << " <span class=\"impact impact-" << to_string(s.impact) << "\">" << to_string(s.impact)
      << "</span></h2>\n<p class=\"meta\">" << esc(run_kind_text(report.runs[s.run].kind))
      << " · class " << esc(s.cls) << " · fault at " << s.t0 << " · horizon " << s.horizon
      << (s.outage.empty() ? "" : " · outage " + esc(s.outage)) << " · " << s.down << " down, "
      << s.degraded << " degraded, " << s.unaffected << " unaffected</p>\n"
      << "<p>" << (s.phase.empty() ? "" : "<strong>Phase:</strong> " + esc(s.phase) + "<br>")
      << "<strong>Recovery process:</strong> " << esc(s.recovery_process)
      << "<br><strong>Data loss:</strong> " << esc(s.data_loss) << "</p>\n";
  write_timeline(s, out);
  if (!s.rto_bars.empty() || !s.rpo_bars.empty()) {
    out << "<h3>Achieved vs target</h3>\n";
    write_verdict_legend(out);
    out << "<p class=\"meta\">Bar: achieved; dashed line: target; hatched full bar: not "
           "recovered / no recovery point.</p>\n";
    if (!s.rto_bars.empty()) out << "<h4>RTO</h4>\n";
    write_bars(s.rto_bars, ObjectiveKind::kRto, out);
    if (!s.rpo_bars.empty()) out << "<h4>RPO</h4>\n";
    write_bars(s.rpo_bars, ObjectiveKind::kRpo, out);
    if (s.bars_omitted > 0) {
      out << "<p class=\"note\">… and " << s.bars_omitted
          << " more services, not drawn; the table below lists every one.</p>\n";
    }
  }
  write_objective_table(report, s, out);
  if (s.services_omitted > 0) {
    out << "<p class=\"note\">… and " << s.services_omitted
        << " more affected services with milder verdicts, not listed here; the JSON and JUnit "
           "reports list every one.</p>\n";
  }
  if (s.hidden_unaffected > 0) {
    out << "<p class=\"note\">" << s.hidden_unaffected
        << " other services unaffected; every objective met or not applicable.</p>\n";
  }
  out << "</section>\n";
}

std::string when(const RunInfo& r) {
  return r.generated_at.empty() ? "not recorded" : r.generated_at;
}

}  // namespace

void write_html(const ReportModel& report, std::ostream& out) {
  const Totals& t = report.totals;
  write_html_head(report.title, out);
  out << kDefs << "<header><h1>" << esc(report.title) << "</h1>\n<p class=\"status"
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
    out << "<tr><td class=\"num\">" << i + 1 << "</td><td>" << esc(r.kind) << " ("
        << run_kind_text(r.kind) << ")</td><td>" << esc(r.model) << "</td><td>"
        << esc(r.model_source) << "</td><td><code>" << esc(r.model_checksum) << "</code></td><td>"
        << esc(r.tool_version) << "</td><td class=\"num\">" << r.seed << "</td><td>" << esc(when(r))
        << "</td></tr>\n";
  }
  out << "</tbody></table></header>\n";

  out << "<nav><h2>Contents</h2><ul><li><a href=\"#scenarios\">Scenarios</a></li>";
  if (!report.grid.scenarios.empty()) out << "<li><a href=\"#grid\">Verdict grid</a></li>";
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) {
    out << "<li><a href=\"#s" << i + 1 << "\">" << esc(report.scenarios[i].name) << "</a></li>";
  }
  if (!report.comparison.empty())
    out << "<li><a href=\"#comparison\">Predicted vs measured</a></li>";
  out << "<li><a href=\"#compliance\">Compliance summary</a></li></ul></nav>\n";

  out << "<section id=\"scenarios\"><h2>Scenarios</h2>\n<table><thead><tr>"
      << (report.several_runs ? "<th>Run</th>" : "")
      << "<th>Scenario</th><th>Continuity impact</th><th>Recovery process</th><th>Data loss</th>"
      << (report.costs ? "<th>Frequency</th><th>Outage cost</th>" : "") << "</tr></thead><tbody>\n";
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) {
    const auto& s = report.scenarios[i];
    out << "<tr>";
    if (report.several_runs) out << "<td>" << esc(s.run_label) << "</td>";
    out << "<td class=\"id\"><a href=\"#s" << i + 1 << "\">" << esc(s.id) << "</a></td><td><span "
        << "class=\"impact impact-" << to_string(s.impact) << "\">" << to_string(s.impact)
        << "</span></td><td>" << esc(s.recovery_process) << "</td><td>" << esc(s.data_loss)
        << "</td>";
    if (report.costs) {
      out << "<td>" << esc(s.frequency) << "</td><td class=\"num\">" << esc(s.outage_cost)
          << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table></section>\n";
  write_grid(report, out);
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) write_scenario(report, i, out);

  if (!report.comparison.empty()) {
    out << "<section id=\"comparison\"><h2>Predicted vs measured</h2>\n<table><thead><tr>"
           "<th>Service</th><th>Objective</th><th>Target</th><th>Predicted (worst simulated)"
           "</th><th>Measured (drill)</th><th>Verdict (measured)</th></tr></thead><tbody>\n";
    for (const auto& c : report.comparison) {
      out << "<tr><td>" << esc(c.service) << "</td><td>" << upper_name(c.kind)
          << "</td><td class=\"num\">" << c.target << "</td><td>" << esc(c.predicted) << "</td><td>"
          << esc(c.measured) << "</td>" << verdict_cell(c.measured_verdict) << "</tr>\n";
    }
    out << "</tbody></table></section>\n";
  }

  out << "<section id=\"compliance\"><h2>Compliance summary</h2>\n<p class=\"meta\">Each "
         "objective with the evidence for its worst outcome: the scenario, and the run that "
         "produced it (when, tool version, seed, model checksum).</p>\n<table><thead><tr>"
         "<th>Service</th><th>Objective</th><th>Target</th><th>Worst achieved</th>"
         "<th>Verdict</th><th>Scenarios met / breached / missing</th><th>Evidence scenario</th>"
         "<th>When run</th><th>Tool version</th><th>Seed</th><th>Model checksum</th></tr>"
         "</thead><tbody>\n";
  for (const auto& c : report.compliance) {
    const RunInfo& r = report.runs[c.run];
    std::string checksum =
        r.model_checksum.size() > 19 ? r.model_checksum.substr(0, 19) + "…" : r.model_checksum;
    out << "<tr><td>" << esc(c.service) << "</td><td>" << upper_name(c.kind)
        << (r.kind == "drill" ? " (measured)" : "") << "</td><td class=\"num\">" << c.target
        << "</td><td class=\"num\">" << c.achieved << "</td>" << verdict_cell(c.verdict)
        << "<td class=\"num\">" << c.met << " / " << c.breached << " / " << c.missing << "</td><td>"
        << esc(c.worst_scenario) << "</td><td>" << esc(when(r)) << "</td><td>"
        << esc(r.tool_version) << "</td><td class=\"num\">" << r.seed << "</td><td><code title=\""
        << esc(r.model_checksum) << "\">" << esc(checksum) << "</code></td></tr>\n";
  }
  out << "</tbody></table></section>\n<footer>Generated by drsim";
  if (!report.runs.empty()) out << " " << esc(report.runs.front().tool_version);
  out << ". Self-contained: no scripts, fonts or images are loaded. Colours follow the "
         "Okabe-Ito palette; every verdict also carries a symbol (✓ ✗ ? –) and a pattern."
         "</footer>\n</body></html>\n";
}

}  // namespace drsim::reports
