// What `drsim simulate` and `drsim merge` do with a finished run, written once: the --report
// files, then the text (cli/simulation_text.hpp) or the "drsim.result/1" JSON on standard output
// or to -o FILE, and the exit code.
#pragma once

#include <optional>
#include <string>

#include "cli/command.hpp"
#include "cli/odds_gate.hpp"
#include "cli/output_options.hpp"
#include "model/outcome.hpp"

namespace drsim::cli {

// Writes the reports of `run` into `report_dir` ("" = none) and `run` as `output` asks (with
// -f json and --report, the line naming the reports goes to standard error); `all`: --all
// selected the scenarios. Returns the exit code: 1 if an objective is breached or, with `gate`
// (--min-p-met), met in fewer of the trials than it asks (named on standard error), else 0.
int emit_run(const RunResult& run, bool all, const std::string& report_dir, const Output& output,
             Io io, const std::optional<OddsGate>& gate = std::nullopt);

}  // namespace drsim::cli
