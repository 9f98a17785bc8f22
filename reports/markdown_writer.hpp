// Markdown for pull requests and wikis: the scenario table (scenario, continuity impact,
// recovery process, data loss), per-scenario objective tables, recovery paths, predicted vs
// measured, and the compliance summary. Layout only: all wording comes from the ReportModel.
#pragma once

#include <cstddef>
#include <ostream>

#include "reports/report_model.hpp"

namespace drsim::reports {

// Writes the report as GitHub-flavoured Markdown; deterministic for a given report.
void write_markdown(const ReportModel& report, std::ostream& out);

// write_markdown() in its three parts, for a report written as its scenarios arrive
// (reports/report_stream.hpp): what comes before the scenarios (it needs every one of them:
// ReportBuilder::finish()), the section of report.scenarios[index], and what comes after them.
void write_markdown_head(const ReportModel& report, std::ostream& out);
void write_markdown_scenario(const ReportModel& report, std::size_t index, std::ostream& out);
void write_markdown_tail(const ReportModel& report, std::ostream& out);

}  // namespace drsim::reports
