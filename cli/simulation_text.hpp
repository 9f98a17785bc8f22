// The text `drsim simulate` prints for people, and `drsim merge` the same for a run put back
// together from shards: the model line; with several scenarios or --all a summary table (with
// --trials, the objective each scenario's trials met least often); per scenario (not with --all)
// its service table, recovery paths and trial summary; then the run's summary
// (cli/run_summary.hpp).
#pragma once

#include <ostream>
#include <string>

#include "cli/run_summary.hpp"
#include "model/outcome.hpp"

namespace drsim::cli {

// Writes the text of `run`; `all`: --all selected the scenarios (the summary table only);
// `report_dir`: where --report wrote ("" = nowhere), for the closing summary.
void print_simulation(const RunResult& run, bool all, const std::string& report_dir,
                      std::ostream& out);

// The text of an --all run streamed (cli/run_output.hpp stream_run()): `scenarios` holds its
// scenarios without their services, `summary` was given every scenario whole; `report_dir` as for
// print_simulation().
void print_sweep(const RunResult& scenarios, const RunSummary& summary,
                 const std::string& report_dir, std::ostream& out);

}  // namespace drsim::cli
