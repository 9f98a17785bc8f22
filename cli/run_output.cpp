#include "cli/run_output.hpp"

#include <optional>
#include <sstream>
#include <utility>

#include "cli/run_summary.hpp"
#include "cli/simulation_text.hpp"
#include "model/errors.hpp"
#include "reports/json_writer.hpp"
#include "reports/report_stream.hpp"
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
               const std::string& report_dir, const Output& output, Io io) {
  if (!output.json() && !all) throw InternalError("stream_run: text is streamed for --all only");
  bool breached = false;
  const auto layout =
      options.compact ? reports::JsonLayout::kCompact : reports::JsonLayout::kPretty;
  std::optional<reports::ReportDir> reports;
  if (!report_dir.empty()) reports.emplace(header, report_dir, layout);
  // Each scenario's JSON, for the output and report.json, and what of its reports needs no other
  // scenario, made on the simulating threads.
  std::vector<std::string> texts(scenarios.size());
  std::vector<reports::ReportStream::Prepared> prepared(reports ? scenarios.size() : 0);
  engine::ResultSink sink;
  if (output.json() || reports) {
    sink.prepare = [&](std::size_t i, const ScenarioResult& r) {
      texts[i] = reports::JsonRunWriter::scenario_text(r, layout);
      if (reports) prepared[i] = reports->prepare(r);
    };
  }
  // Hands a finished scenario to the reports and notes whether it breached an objective.
  const auto report = [&](std::size_t i, const ScenarioResult& r) {
    // Taken out of its slot, so its memory goes once it is written (a string moved-assigned
    // from an empty one would keep its buffer).
    if (reports) reports->add(std::exchange(prepared[i], {}), texts[i]);
    breached = breached || any_breached(r);
  };
  if (!output.json()) {
    RunResult kept = header;  // every scenario without its services: the summary table
    RunSummary summary;
    sink.take = [&](std::size_t i, ScenarioResult&& r) {
      report(i, r);
      std::string().swap(texts[i]);
      summary.add(r);
      std::vector<TargetResult>().swap(r.services);  // its memory too, not only its items
      kept.scenarios.push_back(std::move(r));
    };
    engine::simulate_each(m, scenarios, options, sink);
    if (reports) reports->commit();
    std::ostringstream text;
    print_sweep(kept, summary, report_dir, text);
    emit(output, text.str(), io.out);
    return static_cast<int>(breached ? ExitCode::kFinding : ExitCode::kOk);
  }
  emit(
      output,
      [&](std::ostream& out) {
        reports::JsonRunWriter writer(header, nlohmann::ordered_json::object(), out, layout);
        sink.take = [&](std::size_t i, ScenarioResult&& r) {
          report(i, r);
          writer.add(texts[i]);
          std::string().swap(texts[i]);
        };
        engine::simulate_each(m, scenarios, options, sink);
        writer.finish();
        if (reports) reports->commit();
      },
      io.out);
  // Standard output is the JSON document: say where the reports went on stderr.
  if (reports) io.err << reports_line(report_dir);
  return static_cast<int>(breached ? ExitCode::kFinding : ExitCode::kOk);
}

}  // namespace drsim::cli
