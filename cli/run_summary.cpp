#include "cli/run_summary.hpp"

#include <map>
#include <optional>

#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {
namespace {

// The worst figure of a run and where it happened; an absent figure (not recovered, no recovery
// point) is worse than any number.
struct Worst {
  bool found = false;
  std::optional<double> value;
  std::string where;

  void offer(const std::optional<double>& v, const std::string& service, const ScenarioResult& s) {
    const bool worse = !found || (value && (!v || *v > *value));
    if (!worse) return;
    found = true;
    value = v;
    where = printable(service + " in " + s.id);
  }

  std::string text(const char* absent, const char* nothing) const {
    if (!found) return nothing;
    return (value ? units::format_duration(*value) : std::string(absent)) + " (" + where + ")";
  }
};

}  // namespace

std::string reports_line(const std::string& report_dir) {
  std::string files;
  for (auto f : {reports::Format::kJson, reports::Format::kMarkdown, reports::Format::kHtml,
                 reports::Format::kJunit}) {
    files += (files.empty() ? "" : ", ") + reports::report_file_name(f);
  }
  return "reports written to " + report_dir + ": " + files + "\n";
}

std::string run_summary(const RunResult& run, const std::string& report_dir) {
  std::map<std::string, int> by_class;  // sorted: stable output
  int breached = 0, scenarios_breaching = 0;
  Worst rto, rpo;
  for (const auto& s : run.scenarios) {
    bool any = false;
    for (const auto& t : s.services) {
      for (const auto& o : t.objectives) {
        if (o.verdict != Verdict::kBreached) continue;
        ++breached;
        ++by_class[s.cls];
        any = true;
      }
      if (t.down) rto.offer(t.rto_s, t.id, s);
      if (!t.rpo_s || *t.rpo_s > 0) rpo.offer(t.rpo_s, t.id, s);
    }
    scenarios_breaching += any ? 1 : 0;
  }
  const std::size_t n = run.scenarios.size();
  std::string out = "summary: " + std::to_string(n) + (n == 1 ? " scenario; " : " scenarios; ");
  if (breached == 0) {
    out += "no objective breached\n";
  } else {
    std::string classes;
    for (const auto& [cls, count] : by_class) {
      classes += (classes.empty() ? "" : ", ") + cls + ": " + std::to_string(count);
    }
    out += std::to_string(breached) + (breached == 1 ? " objective" : " objectives") +
           " breached in " + std::to_string(scenarios_breaching) +
           (scenarios_breaching == 1 ? " scenario" : " scenarios") + " (" + classes + ")\n";
  }
  out += "worst rto: " + rto.text("not recovered", "0 s (nothing went down)") + "\n";
  out += "worst rpo: " + rpo.text("no recovery point", "0 s (no data lost)") + "\n";
  if (!report_dir.empty()) out += reports_line(report_dir);
  return out;
}

}  // namespace drsim::cli
