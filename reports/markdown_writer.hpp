// Markdown for pull requests and wikis: the scenario table (scenario, continuity impact,
// recovery process, data loss), per-scenario objective tables, recovery paths, predicted vs
// measured, and the compliance summary. Layout only: all wording comes from the ReportModel.
#pragma once

#include <ostream>

#include "reports/report_model.hpp"

namespace drsim::reports {

// Writes the report as GitHub-flavoured Markdown; deterministic for a given report.
void write_markdown(const ReportModel& report, std::ostream& out);

}  // namespace drsim::reports
