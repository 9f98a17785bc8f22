// The text of `drsim history list|show|targets` (docs/history.md shows each): tables padded like
// every drsim table, key: value lines for one run; every text read from the history is shown
// with printable(), so a recorded name cannot steer the terminal.
#pragma once

#include <string>
#include <vector>

#include "history/run_record.hpp"
#include "history/trends.hpp"

namespace drsim::cli {

// One line per run (as given: newest first): id, start, target, drill, method, RTO, RPO, verdict.
std::string runs_text(const std::vector<history::RunRecord>& runs, const std::string& path);

// Everything recorded of one run.
std::string run_text(const history::RunRecord& run);

// A header line, then one line per target; the rows of targets needing attention (stale, last run
// not passed) in ANSI red when `colour`. `now` and `last` are what the trends were taken with.
std::string targets_text(const std::vector<history::TargetTrend>& trends, const std::string& path,
                         const std::string& now, int last, bool colour);

}  // namespace drsim::cli
