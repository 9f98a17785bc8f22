// The closing lines of `drsim simulate`'s text output: how many scenarios ran, which objectives
// were breached (by disruption class), the worst RTO and RPO and where they happened, and where
// the reports went — so a run that exits 1 says why.
#pragma once

#include <string>

#include "model/outcome.hpp"

namespace drsim::cli {

// The summary of `run`, one fact per line; `report_dir` is where --report wrote ("" = nowhere).
std::string run_summary(const RunResult& run, const std::string& report_dir);

// The line naming the report files written into `report_dir`.
std::string reports_line(const std::string& report_dir);

}  // namespace drsim::cli
