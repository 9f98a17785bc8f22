#include "cli/run_summary.hpp"

#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {

void RunSummary::Worst::offer(const std::optional<double>& v, const std::string& service,
                              const ScenarioResult& s) {
  const bool worse = !found || (value && (!v || *v > *value));
  if (!worse) return;
  found = true;
  value = v;
  where = printable(service + " in " + s.id);
}

std::string RunSummary::Worst::text(const char* absent, const char* nothing) const {
  if (!found) return nothing;
  return (value ? units::format_duration(*value) : std::string(absent)) + " (" + where + ")";
}

std::string reports_line(const std::string& report_dir) {
  std::string files;
  for (auto f : {reports::Format::kJson, reports::Format::kMarkdown, reports::Format::kHtml,
                 reports::Format::kJunit}) {
    files += (files.empty() ? "" : ", ") + reports::report_file_name(f);
  }
  return "reports written to " + report_dir + ": " + files + "\n";
}

void RunSummary::add(const ScenarioResult& s) {
  ++scenarios_;
  // A compact result's unlisted services: none is expected to breach.
  long long breached = s.unaffected ? s.unaffected->breached() : 0;
  for (const auto& t : s.services) {
    for (const auto& o : t.objectives) breached += o.verdict == Verdict::kBreached;
    if (t.down) rto_.offer(t.rto_s, t.id, s);
    if (!t.rpo_s || *t.rpo_s > 0) rpo_.offer(t.rpo_s, t.id, s);
  }
  if (breached == 0) return;
  breached_ += breached;
  by_class_[s.cls] += breached;
  ++scenarios_breaching_;
}

std::string RunSummary::text(const std::string& report_dir) const {
  const std::size_t n = scenarios_;
  std::string out = "summary: " + std::to_string(n) + (n == 1 ? " scenario; " : " scenarios; ");
  if (breached_ == 0) {
    out += "no objective breached\n";
  } else {
    std::string classes;
    for (const auto& [cls, count] : by_class_) {
      classes += (classes.empty() ? "" : ", ") + cls + ": " + std::to_string(count);
    }
    out += std::to_string(breached_) + (breached_ == 1 ? " objective" : " objectives") +
           " breached in " + std::to_string(scenarios_breaching_) +
           (scenarios_breaching_ == 1 ? " scenario" : " scenarios") + " (" + classes + ")\n";
  }
  out += "worst rto: " + rto_.text("not recovered", "0 s (nothing went down)") + "\n";
  out += "worst rpo: " + rpo_.text("no recovery point", "0 s (no data lost)") + "\n";
  if (!report_dir.empty()) out += reports_line(report_dir);
  return out;
}

std::string run_summary(const RunResult& run, const std::string& report_dir) {
  RunSummary summary;
  for (const auto& s : run.scenarios) summary.add(s);
  return summary.text(report_dir);
}

}  // namespace drsim::cli
