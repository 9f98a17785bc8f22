#include "cli/run_output.hpp"

#include <sstream>

#include "cli/run_summary.hpp"
#include "cli/simulation_text.hpp"
#include "model/errors.hpp"
#include "reports/json_writer.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {

int emit_run(const RunResult& run, bool all, const std::string& report_dir, const Output& output,
             Io io, const std::optional<OddsGate>& gate) {
  if (!report_dir.empty()) reports::write_reports(run, report_dir);
  if (output.json()) {
    emit(
        output, [&](std::ostream& out) { reports::write_json(run, out); }, io.out);
    // Standard output is the JSON document: say where the reports went on stderr.
    if (!report_dir.empty()) io.err << reports_line(report_dir);
  } else {
    std::ostringstream text;
    print_simulation(run, all, report_dir, text);
    emit(output, text.str(), io.out);
  }
  const bool short_odds = gate && odds_below_gate(run, *gate, io.err);
  return static_cast<int>(any_breached(run) || short_odds ? ExitCode::kFinding : ExitCode::kOk);
}

int stream_run(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
               const engine::SimulateOptions& options, const RunResult& header, bool all,
               const Output& output, Io io) {
  bool breached = false;
  engine::ResultSink sink;
  if (!output.json()) {
    if (!all) throw InternalError("stream_run: text is streamed for --all only");
    RunResult kept = header;  // every scenario without its services: the summary table
    RunSummary summary;
    sink.take = [&](std::size_t, ScenarioResult&& r) {
      summary.add(r);
      breached = breached || any_breached(r);
      std::vector<TargetResult>().swap(r.services);  // its memory too, not only its items
      kept.scenarios.push_back(std::move(r));
    };
    engine::simulate_each(m, scenarios, options, sink);
    std::ostringstream text;
    print_sweep(kept, summary, text);
    emit(output, text.str(), io.out);
    return static_cast<int>(breached ? ExitCode::kFinding : ExitCode::kOk);
  }
  std::vector<std::string> texts(scenarios.size());  // serialised on the simulating threads
  const auto layout =
      options.compact ? reports::JsonLayout::kCompact : reports::JsonLayout::kPretty;
  sink.prepare = [&texts, layout](std::size_t i, const ScenarioResult& r) {
    texts[i] = reports::JsonRunWriter::scenario_text(r, layout);
  };
  emit(
      output,
      [&](std::ostream& out) {
        reports::JsonRunWriter writer(header, nlohmann::ordered_json::object(), out, layout);
        sink.take = [&](std::size_t i, ScenarioResult&& r) {
          writer.add(texts[i]);
          std::string().swap(texts[i]);
          breached = breached || any_breached(r);
        };
        engine::simulate_each(m, scenarios, options, sink);
        writer.finish();
      },
      io.out);
  return static_cast<int>(breached ? ExitCode::kFinding : ExitCode::kOk);
}

}  // namespace drsim::cli
