// What `drsim simulate` and `drsim merge` do with a finished run, written once: the --report
// files, then the text (cli/simulation_text.hpp) or the "drsim.result/1" JSON on standard output
// or to -o FILE, and the exit code.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/odds_gate.hpp"
#include "cli/output_options.hpp"
#include "engine/sim/simulator.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"
#include "reports/json_writer.hpp"
#include "reports/report_stream.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::cli {

// Writes the reports of `run` into `report_dir` ("" = none) and `run` as `output` asks (with
// -f json and --report, the line naming the reports goes to standard error); `all`: --all
// selected the scenarios. Returns the exit code: 1 if an objective is breached or, with `gate`
// (--min-p-met), met in fewer of the trials than it asks (named on standard error), else 0.
int emit_run(const RunResult& run, bool all, const std::string& report_dir, const Output& output,
             Io io, const std::optional<OddsGate>& gate = std::nullopt);

// What stream_out() hands its producer: each scenario of the run, in order, prepared (its JSON
// and what of its reports needs no other scenario: on any thread, several at once) and then
// taken, the result stream_out()'s to write and let go.
class ScenarioOut {
 public:
  struct Prepared {
    std::string json;
    reports::ReportStream::Prepared report;
  };
  virtual ~ScenarioOut() = default;
  virtual Prepared prepare(const ScenarioResult& scenario) const = 0;
  virtual void take(ScenarioResult&& scenario, Prepared&& prepared) = 0;
};

// emit_run() for a run whose scenarios `produce` hands to its ScenarioOut one at a time, for JSON
// or the text of --all (`all`): each scenario is written, or for text kept without its services,
// as it comes, and so are the reports (reports/report_stream.hpp), so a big sweep holds a few
// scenarios at a time, not the run. The same bytes as emit_run() of the whole run (its JSON in
// `layout`) and its exit code; `header` is the run without scenarios.
int stream_out(const RunResult& header, bool all, const std::string& report_dir,
               const Output& output, Io io, reports::JsonLayout layout,
               const std::function<void(ScenarioOut&)>& produce);

// stream_out() while the run is simulated (engine simulate_each(), without trials): scenarios
// are prepared on the simulating threads. `header`: engine run_header().
int stream_run(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
               const engine::SimulateOptions& options, const RunResult& header, bool all,
               const std::string& report_dir, const Output& output, Io io);

}  // namespace drsim::cli
