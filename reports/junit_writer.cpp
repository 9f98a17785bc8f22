#include "reports/junit_writer.hpp"

#include <string>

#include "reports/escape.hpp"

namespace drsim::reports {
namespace {

struct Counts {
  std::size_t tests = 0, failures = 0, skipped = 0;
};

void count(const ObjectiveRow& o, Counts& c) {
  ++c.tests;
  c.failures += o.verdict == Verdict::kBreached;
  c.skipped += o.verdict == Verdict::kMissingPolicy || o.verdict == Verdict::kNotApplicable;
}

void property(std::ostream& out, const char* name, const std::string& value) {
  out << "      <property name=\"" << name << "\" value=\"" << xml_escape(value) << "\"/>\n";
}

}  // namespace

void write_junit(const ReportModel& report, std::ostream& out) {
  write_junit_head(report, out);
  for (const auto& s : report.scenarios) write_junit_scenario(report, s, out);
  write_junit_tail(report, out);
}

void write_junit_head(const ReportModel& report, std::ostream& out) {
  const Totals& all = report.listed;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"" << xml_escape(report.title) << "\" tests=\"" << all.objectives
      << "\" failures=\"" << all.breached << "\" errors=\"0\" skipped=\""
      << all.missing_policy + all.not_applicable << "\">\n";
}

void write_junit_tail(const ReportModel&, std::ostream& out) { out << "</testsuites>\n"; }

void write_junit_scenario(const ReportModel& report, const ScenarioSection& s, std::ostream& out) {
  Counts c;
  for (const auto& o : s.objectives) count(o, c);
  const RunInfo& run = report.runs[s.run];
  out << "  <testsuite name=\"" << xml_escape(s.name) << "\" tests=\"" << c.tests
      << "\" failures=\"" << c.failures << "\" errors=\"0\" skipped=\"" << c.skipped << "\"";
  if (!run.generated_at.empty()) out << " timestamp=\"" << xml_escape(run.generated_at) << "\"";
  out << ">\n    <properties>\n";
  property(out, "kind", run.kind);
  property(out, "model", run.model);
  property(out, "model_source", run.model_source);
  property(out, "model_checksum", run.model_checksum);
  property(out, "tool_version", run.tool_version);
  property(out, "seed", std::to_string(run.seed));
  property(out, "impact", to_string(s.impact));
  property(out, "data_loss", s.data_loss);
  if (!s.phase.empty()) property(out, "phase", s.phase);
  // A compact result lists only what the scenario touched: the rest has no test case.
  if (s.compacted > 0) property(out, "unaffected_services_not_listed", std::to_string(s.compacted));
  out << "    </properties>\n";
  for (const ObjectiveRow& o : s.objectives) {
    out << "    <testcase classname=\"" << xml_escape(o.scenario) << "\" name=\""
        << xml_escape(o.service + " " + to_string(o.kind)) << "\"";
    // What a met objective says and an RPO's worst case over every fault time go to
    // system-out, after the failure or skip as the JUnit schema orders them.
    std::string system_out = o.verdict == Verdict::kMet ? o.message : "";
    if (!o.worst.empty()) system_out += (system_out.empty() ? "" : "\n") + o.worst;
    out << ">\n";
    switch (o.verdict) {
      case Verdict::kMet:
        break;
      case Verdict::kBreached:
        out << "      <failure message=\"" << xml_escape(o.message) << "\" type=\"breached\">"
            << xml_escape(o.message) << "\nrecovery process: " << xml_escape(s.recovery_process)
            << "\nrecovery path: " << xml_escape(o.path.empty() ? "none recorded" : o.path)
            << "</failure>\n";
        break;
      case Verdict::kMissingPolicy:
      case Verdict::kNotApplicable:
        out << "      <skipped message=\"" << xml_escape(o.message) << "\"/>\n";
        break;
    }
    if (!system_out.empty()) {
      out << "      <system-out>" << xml_escape(system_out) << "</system-out>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n";
}

}  // namespace drsim::reports
