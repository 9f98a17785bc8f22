// One self-contained HTML file: no scripts, fonts or images from anywhere (a Content Security
// Policy forbids them), inline SVG charts (a recovery timeline per scenario, achieved-vs-target
// bars for RTO and RPO, a scenario x service verdict grid), every number also as text in tables,
// an Okabe-Ito colour-blind-safe palette with a symbol or pattern on every coloured mark, and
// print CSS so a browser's "print to PDF" gives an auditor a clean document.
#pragma once

#include <cstddef>
#include <ostream>

#include "reports/report_model.hpp"

namespace drsim::reports {

// Writes the report as one HTML5 document; deterministic for a given report.
void write_html(const ReportModel& report, std::ostream& out);

// write_html() in its three parts, as write_markdown_head() and the others: everything before
// the scenarios' sections (the answer, the contents, the scenario table, the grid), the section
// of report.scenarios[index], and the footer that closes the page.
void write_html_report_head(const ReportModel& report, std::ostream& out);
void write_html_scenario(const ReportModel& report, std::size_t index, std::ostream& out);
void write_html_tail(const ReportModel& report, std::ostream& out);

}  // namespace drsim::reports
