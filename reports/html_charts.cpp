#include "reports/html_charts.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "reports/escape.hpp"
#include "reports/html_page.hpp"

namespace drsim::reports {
namespace {

// Chart geometry, in SVG user units (CSS pixels at 100 %).
constexpr double kWidth = 900;
constexpr double kLabel = 170;        // left column with service names
constexpr double kValue = 170;        // right column with values (bar charts)
constexpr double kRow = 22;           // row height
constexpr double kAxis = 26;          // room for the time axis
constexpr double kBreak = 120;        // an axis break and the horizon after it
constexpr double kUnrecovered = 110;  // right of the plot: "✗ not recovered"
constexpr double kGridCell = 14;      // grid cell size
constexpr double kGridLabel = 190;    // grid row labels (scenario ids)
constexpr double kCharWidth = 6.5;    // at least the width of a character at 11 px
// Names longer than their column are cut with "…"; the full name is in the tooltip and tables.
constexpr std::size_t kLabelChars = 22;
constexpr std::size_t kGridRowChars = 28;
constexpr std::size_t kGridColumnChars = 24;

// Coordinates with one decimal keep the SVG small and the output stable.
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

std::string esc(const std::string& s) { return xml_escape(s); }

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

// Shared patterns: breached marks are hatched, missing-policy marks dotted, so colour is never
// the only cue on screen. Shapes take them through their class, so print CSS can swap them for
// plain fills (a printed pattern becomes one raster image per shape).
const char* const kDefs =
    "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
    "<pattern id=\"hatch-breached\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#D55E00\"/>"
    "<rect width=\"2\" height=\"6\" fill=\"#f3b58f\"/></pattern>"
    "<pattern id=\"dots-missing\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
    "<rect width=\"5\" height=\"5\" fill=\"#E69F00\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" "
    "fill=\"#fff\"/></pattern>"
    // Grid cells are <use> references to these, so a sweep of 200 scenarios x 120 services
    // costs ~40 bytes a cell; breached and missing-policy cells carry a symbol too. Document
    // styles do not reach into a <use> copy, inherited custom properties do: the fills are
    // variables that print CSS redefines.
    "<g id=\"c-met\"><rect style=\"fill:var(--fill-met)\" width=\"13\" height=\"13\"/></g>"
    "<g id=\"c-breached\"><rect style=\"fill:var(--fill-breached)\" width=\"13\" "
    "height=\"13\"/><text x=\"6.5\" y=\"10.5\" text-anchor=\"middle\" font-size=\"10\" "
    "font-weight=\"bold\">✗</text></g>"
    "<g id=\"c-missing\"><rect style=\"fill:var(--fill-missing)\" width=\"13\" "
    "height=\"13\"/><text x=\"6.5\" y=\"10.5\" text-anchor=\"middle\" font-size=\"10\" "
    "font-weight=\"bold\">?</text></g>"
    "<g id=\"c-na\"><rect style=\"fill:var(--fill-na)\" width=\"13\" height=\"13\"/></g>"
    "<g id=\"c-absent\"><rect x=\".5\" y=\".5\" width=\"12\" height=\"12\" fill=\"#fff\" "
    "stroke=\"#ddd\"/>"
    "</g></defs></svg>\n";

void write_step_legend(const TimeAxis& axis, std::ostream& out) {
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
         "waiting</span>";
  if (axis.beyond_s) {
    out << "<span>// pale band: axis break, " << duration_text(axis.end_s) << " to "
        << esc(axis.beyond_label) << " not to scale</span>";
  }
  out << "</div>\n";
}

// Where a time lands on an axis drawn from x0: to scale up to the axis end over `scaled` units,
// then squeezed into the break up to the time beyond it.
struct AxisScale {
  const TimeAxis& axis;
  double x0;
  double scaled;

  double x(double t) const {
    if (t <= axis.end_s || !axis.beyond_s)
      return x0 + std::min(t, axis.end_s) / axis.end_s * scaled;
    return x0 + scaled + kBreak * std::min(1.0, (t - axis.end_s) / (*axis.beyond_s - axis.end_s));
  }
  double right() const { return x0 + scaled + (axis.beyond_s ? kBreak : 0); }
};

// Grid lines and tick labels above the plot. Labels are placed from the right end leftwards and
// one that would touch its right neighbour is left out, so none overlaps or leaves the chart.
void write_axis(const AxisScale& scale, double top, double bottom, const char* caption,
                std::ostream& out) {
  struct Label {
    double x;
    const std::string* text;
  };
  std::vector<Label> labels;
  out << "<g class=\"axis\"><text class=\"cap\" x=\"" << num(kLabel - 6) << "\" y=\""
      << num(top - 6) << "\" text-anchor=\"end\">" << caption << "</text>";
  for (const auto& tick : scale.axis.ticks) {
    labels.push_back({scale.x(tick.at_s), &tick.label});
  }
  if (scale.axis.beyond_s) {
    const double mid = scale.x0 + scale.scaled + kBreak / 2;
    out << "<path class=\"brk\" d=\"M" << num(mid - 7) << "," << num(top + 5)
        << "l6,-10m2,10l6,-10\"/>";
    labels.push_back({scale.right(), &scale.axis.beyond_label});
  }
  for (const auto& l : labels) {
    out << "<line x1=\"" << num(l.x) << "\" y1=\"" << num(top) << "\" x2=\"" << num(l.x)
        << "\" y2=\"" << num(bottom) << "\"/>";
  }
  double free_until = kWidth - 2;  // left edge of the label drawn to the right
  for (std::size_t i = labels.size(); i-- > 0;) {
    // Centred on its tick, unless that would leave the chart: the origin's label starts there,
    // one at the right edge ends there.
    const double x = labels[i].x, w = kCharWidth * static_cast<double>(labels[i].text->size());
    const char* anchor = i == 0 ? "start" : x + w / 2 > kWidth - 2 ? "end" : "middle";
    const double left = i == 0 ? x : anchor[0] == 'e' ? x - w : x - w / 2;
    if (left + w + 4 > free_until) continue;
    out << "<text x=\"" << num(x) << "\" y=\"" << num(top - 6) << "\" text-anchor=\"" << anchor
        << "\">" << esc(*labels[i].text) << "</text>";
    free_until = left;
  }
  out << "</g>";
}

// Over the rows: a pale band where the axis breaks, so what crosses it reads as not to scale.
void write_axis_break(const AxisScale& scale, double top, double bottom, std::ostream& out) {
  if (!scale.axis.beyond_s) return;
  out << "<rect class=\"brk\" x=\"" << num(scale.x0 + scale.scaled + 6) << "\" y=\"" << num(top)
      << "\" width=\"" << num(kBreak - 12) << "\" height=\"" << num(bottom - top)
      << "\"><title>axis break: " << duration_text(scale.axis.end_s) << " to "
      << esc(scale.axis.beyond_label) << " is not to scale</title></rect>";
}

// The name in the left column of a chart row, cut to fit, the full name as its tooltip.
void write_row_label(const std::string& name, double y, std::ostream& out) {
  out << "<text class=\"lbl\" x=\"" << num(kLabel - 6) << "\" y=\"" << num(y + kRow * 0.68)
      << "\" text-anchor=\"end\"><title>" << esc(name) << "</title>" << svg_name(name, kLabelChars)
      << "</text>";
}

}  // namespace

void write_chart_defs(std::ostream& out) { out << kDefs; }

void write_cdf(const TrialRow& row, ObjectiveKind kind, std::ostream& out) {
  const bool rto = kind == ObjectiveKind::kRto;
  const auto& ps = rto ? row.rto_percentiles : row.rpo_percentiles;
  const auto& target = rto ? row.rto_target : row.rpo_target;
  const TimeAxis& axis = rto ? row.rto_axis : row.rpo_axis;
  const AxisScale scale{axis, kLabel, kWidth - kLabel - kValue - 10};
  constexpr double kPlot = 100;  // 1 unit per percent
  const double height = kAxis + kPlot + 8;
  auto y = [](double percent) { return kAxis + kPlot - percent; };
  const std::string what = std::string(upper_name(kind)) + " of " + row.service;
  out << "<div class=\"chart\"><svg class=\"cdf cdf-" << to_string(kind)
      << "\" role=\"img\" width=\"" << num(kWidth) << "\" height=\"" << num(height)
      << "\" viewBox=\"0 0 " << num(kWidth) << " " << num(height) << "\"><title>Share of trials by "
      << esc(what) << "</title>";
  write_axis(scale, kAxis, kAxis + kPlot, upper_name(kind), out);
  out << "<g class=\"axis\">";
  for (int p : {0, 50, 100}) {
    out << "<text x=\"" << num(kLabel - 6) << "\" y=\"" << num(y(p) + 4)
        << "\" text-anchor=\"end\">" << p << " %</text>";
  }
  out << "</g>";
  std::string d;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (!ps[i]) break;  // beyond: not recovered / no recovery point in that share of trials
    d += (d.empty() ? "M" : "L") + num(scale.x(*ps[i])) + "," + num(y(static_cast<double>(i)));
  }
  out << "<path class=\"cdfline\" d=\"" << d << "\"><title>" << esc(what)
      << ": share of trials at most each time</title></path>";
  if (target) {
    const double x = scale.x(*target);
    out << "<line class=\"target\" x1=\"" << num(x) << "\" y1=\"" << num(kAxis) << "\" x2=\""
        << num(x) << "\" y2=\"" << num(kAxis + kPlot) << "\"><title>target "
        << duration_text(*target) << "</title></line>";
  }
  out << "<text class=\"lbl val\" x=\"" << num(kWidth - kValue + 4) << "\" y=\"" << num(kAxis + 14)
      << "\">"
      << (target ? "P(met) " + (rto ? row.p_rto_only : row.p_rpo_only) : std::string("no target"))
      << "</text>";
  if (target) {
    out << "<text class=\"lbl val\" x=\"" << num(kWidth - kValue + 4) << "\" y=\""
        << num(kAxis + 30) << "\">target " << duration_text(*target) << "</text>";
  }
  out << "</svg></div>\n";
}

void write_verdict_legend(std::ostream& out) {
  out << "<div class=\"legend\">";
  for (Verdict v :
       {Verdict::kMet, Verdict::kBreached, Verdict::kMissingPolicy, Verdict::kNotApplicable}) {
    out << "<span><span class=\"sw " << verdict_class(v) << "\"></span>" << verdict_symbol(v) << " "
        << verdict_text(v) << "</span>";
  }
  out << "</div>\n";
}

void write_timeline(const ScenarioSection& s, std::ostream& out) {
  if (s.timeline.empty()) return;
  const TimeAxis& axis = s.timeline_axis;
  // Rows that never recovered get a label after the plot, so it never covers a bar.
  bool unrecovered = std::any_of(s.timeline.begin(), s.timeline.end(),
                                 [](const TimelineRow& r) { return !r.rto_s; });
  const double plot = kWidth - kLabel - (unrecovered ? kUnrecovered : 20);
  const AxisScale scale{axis, kLabel, plot - (axis.beyond_s ? kBreak : 0)};
  const double height = kAxis + kRow * static_cast<double>(s.timeline.size()) + 6;
  out << "<h3>Recovery timeline</h3>\n";
  write_step_legend(axis, out);
  out << "<div class=\"chart\"><svg class=\"timeline\" role=\"img\" width=\"" << num(kWidth)
      << "\" height=\"" << num(height) << "\" viewBox=\"0 0 " << num(kWidth) << " " << num(height)
      << "\"><title>Recovery timeline of " << esc(s.id) << "</title>";
  write_axis(scale, kAxis, height, "after the fault", out);
  double y = kAxis;
  for (const auto& row : s.timeline) {
    out << "<g class=\"row\">";
    write_row_label(row.service, y, out);
    // A dashed line under the bars spans the whole outage, so waits between steps show.
    double outage_end = row.rto_s ? scale.x(*row.rto_s) : scale.right();
    out << "<line class=\"outage\" x1=\"" << num(kLabel) << "\" y1=\"" << num(y + kRow / 2)
        << "\" x2=\"" << num(outage_end) << "\" y2=\"" << num(y + kRow / 2) << "\"/>";
    for (const auto& b : row.bars) {
      double x = scale.x(b.begin_s);
      double w = std::max(1.5, scale.x(b.end_s) - x);
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
      double x = scale.x(*row.rto_s);
      out << "<line class=\"rto\" x1=\"" << num(x) << "\" y1=\"" << num(y + 1) << "\" x2=\""
          << num(x) << "\" y2=\"" << num(y + kRow - 1) << "\"><title>" << esc(row.service)
          << " up again after " << duration_text(*row.rto_s) << "</title></line>";
    } else {
      out << "<text class=\"lbl\" x=\"" << num(scale.right() + 6) << "\" y=\""
          << num(y + kRow * 0.68) << "\">✗ not recovered</text>";
    }
    out << "</g>";
    y += kRow;
  }
  write_axis_break(scale, kAxis, height, out);
  out << "</svg></div>\n";
  if (s.timeline_omitted > 0) {
    out << "<p class=\"note\">… and " << s.timeline_omitted
        << " more services with a recovery path, not drawn (the JSON report has them).</p>\n";
  }
}

void write_bars(const std::vector<BarRow>& bars, const TimeAxis& axis, ObjectiveKind kind,
                std::ostream& out) {
  if (bars.empty()) return;
  const AxisScale scale{axis, kLabel, kWidth - kLabel - kValue - 10};
  const double height = kAxis + kRow * static_cast<double>(bars.size()) + 4;
  out << "<div class=\"chart\"><svg class=\"bars bars-" << to_string(kind)
      << "\" role=\"img\" width=\"" << num(kWidth) << "\" height=\"" << num(height)
      << "\" viewBox=\"0 0 " << num(kWidth) << " " << num(height) << "\"><title>Achieved vs target "
      << upper_name(kind) << "</title>";
  write_axis(scale, kAxis, height, upper_name(kind), out);
  double y = kAxis;
  for (const auto& b : bars) {
    out << "<g class=\"row\">";
    write_row_label(b.service, y, out);
    // Not recovered / no recovery point: hatched across the whole plot, off the scale.
    const double w = b.achieved_s ? std::max(scale.x(*b.achieved_s) - kLabel, 1.0) : scale.scaled;
    out << "<rect class=\"bar " << (b.achieved_s ? verdict_class(b.verdict) : "unrec") << "\" x=\""
        << num(kLabel) << "\" y=\"" << num(y + 4) << "\" width=\"" << num(w) << "\" height=\""
        << num(kRow - 8) << "\"><title>" << esc(b.label) << "</title></rect>";
    // The symbol on the bar carries the verdict where colour and pattern cannot (print).
    if (w >= 14 && (b.verdict == Verdict::kBreached || b.verdict == Verdict::kMissingPolicy)) {
      out << "<text class=\"mark\" x=\"" << num(kLabel + 3) << "\" y=\"" << num(y + kRow * 0.68)
          << "\">" << verdict_symbol(b.verdict) << "</text>";
    }
    if (b.target_s) {
      double x = scale.x(*b.target_s);
      out << "<line class=\"target\" x1=\"" << num(x) << "\" y1=\"" << num(y + 2) << "\" x2=\""
          << num(x) << "\" y2=\"" << num(y + kRow - 2) << "\"/><path class=\"tmark\" d=\"M"
          << num(x - 4) << "," << num(y + 1) << "h8l-4,5z\"><title>target "
          << duration_text(*b.target_s) << "</title></path>";
    }
    std::string achieved =
        b.achieved_s ? duration_text(*b.achieved_s)
                     : (kind == ObjectiveKind::kRto ? "not recovered" : "no recovery point");
    std::string target = b.target_s ? duration_text(*b.target_s) : "no target";
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
  for (const auto& s : g.services)
    longest = std::max(longest, std::min(s.size(), kGridColumnChars));
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
        << ") rotate(-60)\"><title>" << esc(g.services[c]) << "</title>"
        << svg_name(g.services[c], kGridColumnChars) << "</text>";
  }
  for (std::size_t r = 0; r < g.scenarios.size(); ++r) {
    double y = top + kGridCell * static_cast<double>(r);
    out << "<g class=\"grow\"><title>" << esc(g.scenarios[r]) << "</title><text class=\"lbl\" x=\""
        << num(kGridLabel - 6) << "\" y=\"" << num(y + kGridCell * 0.78)
        << "\" text-anchor=\"end\">" << svg_name(g.scenarios[r], kGridRowChars) << "</text>";
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

}  // namespace drsim::reports
