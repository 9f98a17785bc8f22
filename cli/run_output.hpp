// What `drsim simulate` and `drsim merge` do with a finished run, written once: the --report
// files, then the text (cli/simulation_text.hpp) or the "drsim.result/1" JSON on standard output
// or to -o FILE, and the exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/odds_gate.hpp"
#include "cli/output_options.hpp"
#include "engine/sim/simulator.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::cli {

// Writes the reports of `run` into `report_dir` ("" = none) and `run` as `output` asks (with
// -f json and --report, the line naming the reports goes to standard error); `all`: --all
// selected the scenarios. Returns the exit code: 1 if an objective is breached or, with `gate`
// (--min-p-met), met in fewer of the trials than it asks (named on standard error), else 0.
int emit_run(const RunResult& run, bool all, const std::string& report_dir, const Output& output,
             Io io, const std::optional<OddsGate>& gate = std::nullopt);

// emit_run() while the run is simulated, for JSON or the text of --all (`all`), without trials:
// each scenario is written, or for text kept without its services, as soon as it and those
// before it are done (engine simulate_each()), and so are the reports (reports/report_stream.hpp),
// so a sweep of a big estate holds a few scenarios at a time, not the run. The same bytes as
// emit_run() and its exit code; `header` is the run without scenarios (engine run_header()).
int stream_run(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
               const engine::SimulateOptions& options, const RunResult& header, bool all,
               const std::string& report_dir, const Output& output, Io io);

}  // namespace drsim::cli
