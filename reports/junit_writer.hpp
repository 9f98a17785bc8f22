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

// write_junit() in its three parts, as write_markdown_head() and the others: the document and
// <testsuites> with the counts of every test case, the <testsuite> of the section `s` (of
// `report`'s runs; it needs no other scenario, nor the report's row budget, so it may be written
// from a ScenarioDraft on any thread), and the closing tag.
void write_junit_head(const ReportModel& report, std::ostream& out);
void write_junit_scenario(const ReportModel& report, const ScenarioSection& s, std::ostream& out);
void write_junit_tail(const ReportModel& report, std::ostream& out);

}  // namespace drsim::reports
