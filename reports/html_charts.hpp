// The inline SVG charts of the HTML report: the recovery timeline (Gantt) of a scenario, the
// achieved-vs-target bars of an objective kind, the scenario x service verdict grid, and what
// they share (patterns, symbols, legends, time axes). Colour is never the only cue: verdicts
// carry a symbol and, on screen, a pattern; print uses plain fills with the symbols, because
// Chromium rasterises every patterned shape into the PDF.
#pragma once

#include <ostream>
#include <vector>

#include "reports/report_model.hpp"

namespace drsim::reports {

// The shared definitions every chart refers to (patterns, grid cells); written once per page.
void write_chart_defs(std::ostream& out);
// A legend of the four verdicts with their colour, pattern and symbol.
void write_verdict_legend(std::ostream& out);
// The recovery timeline of a scenario, on its fitted axis; nothing without a timeline.
void write_timeline(const ScenarioSection& s, std::ostream& out);
// Achieved (bar) against target (marker) for one objective kind, on `axis`; nothing without bars.
void write_bars(const std::vector<BarRow>& bars, const TimeAxis& axis, ObjectiveKind kind,
                std::ostream& out);
// The distribution of one objective kind over a service's trials: the share of trials (0 to 100 %)
// whose RTO (or RPO) is at most each time, with the target marked and P(met) beside it.
void write_cdf(const TrialRow& row, ObjectiveKind kind, std::ostream& out);
// The scenario x service grid of worst verdicts; nothing without one.
void write_grid(const ReportModel& report, std::ostream& out);

}  // namespace drsim::reports
