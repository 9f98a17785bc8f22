// JUnit XML so CI systems (Jenkins, GitLab, GitHub) show DR objectives as tests: one testsuite
// per scenario, one testcase per (scenario, service, objective) with classname = scenario id
// and name = "<service> <rto|rpo>"; breached -> <failure>, missing policy / not applicable ->
// <skipped>. Run evidence (seed, checksum, tool version) goes into testsuite properties.
#pragma once

#include <ostream>

#include "reports/report_model.hpp"

namespace drsim::reports {

// Writes the report as JUnit XML (UTF-8); deterministic for a given report.
void write_junit(const ReportModel& report, std::ostream& out);

}  // namespace drsim::reports
