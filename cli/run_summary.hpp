// The closing lines of `drsim simulate`'s text output: how many scenarios ran, which objectives
// were breached (by disruption class), the worst RTO and RPO and where they happened, and where
// the reports went — so a run that exits 1 says why.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "model/outcome.hpp"

namespace drsim::cli {

// The summary of a run, its scenarios added one at a time (a streamed sweep holds no more).
class RunSummary {
 public:
  void add(const ScenarioResult& s);
  // One fact per line; `report_dir` is where --report wrote ("" = nowhere).
  std::string text(const std::string& report_dir) const;

 private:
  // The worst figure of a run and where it happened; an absent figure (not recovered, no
  // recovery point) is worse than any number.
  struct Worst {
    bool found = false;
    std::optional<double> value;
    std::string where;
    void offer(const std::optional<double>& v, const std::string& service, const ScenarioResult& s);
    std::string text(const char* absent, const char* nothing) const;
  };
  std::map<std::string, long long> by_class_;  // breached objectives; sorted: stable output
  long long breached_ = 0;
  std::size_t scenarios_ = 0, scenarios_breaching_ = 0;
  Worst rto_, rpo_;
};

// The summary of `run` (RunSummary over its scenarios).
std::string run_summary(const RunResult& run, const std::string& report_dir);

// The line naming the report files written into `report_dir`.
std::string reports_line(const std::string& report_dir);

}  // namespace drsim::cli
