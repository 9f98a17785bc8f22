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

namespace {

// Writes each scenario taken to the JSON (when there is one), the reports and the text's summary.
class Out : public ScenarioOut {
 public:
  Out(reports::JsonLayout layout, reports::ReportDir* reports, reports::JsonRunWriter* json,
      RunResult* kept, RunSummary* summary)
      : layout_(layout), reports_(reports), json_(json), kept_(kept), summary_(summary) {}

  Prepared prepare(const ScenarioResult& scenario) const override {
    Prepared p;
    if (json_ || reports_) p.json = reports::JsonRunWriter::scenario_text(scenario, layout_);
    if (reports_) p.report = reports_->prepare(scenario);
    return p;
  }

  void take(ScenarioResult&& scenario, Prepared&& prepared) override {
    if (reports_) reports_->add(std::move(prepared.report), prepared.json);
    if (json_) json_->add(prepared.json);
    breached_ = breached_ || any_breached(scenario);
    if (kept_) {
      summary_->add(scenario);
      std::vector<TargetResult>().swap(scenario.services);  // its memory too, not only its items
      kept_->scenarios.push_back(std::move(scenario));
    }
  }

  bool breached() const { return breached_; }

 private:
  reports::JsonLayout layout_;
  reports::ReportDir* reports_;
  reports::JsonRunWriter* json_;
  RunResult* kept_;  // text: every scenario without its services, for the summary table
  RunSummary* summary_;
  bool breached_ = false;
};

}  // namespace

int stream_out(const RunResult& header, bool all, const std::string& report_dir,
               const Output& output, Io io, reports::JsonLayout layout,
               const std::function<void(ScenarioOut&)>& produce) {
  if (!output.json() && !all) throw InternalError("stream_out: text is streamed for --all only");
  std::optional<reports::ReportDir> reports;
  if (!report_dir.empty()) reports.emplace(header, report_dir, layout);
  reports::ReportDir* const report_ptr = reports ? &*reports : nullptr;
  if (!output.json()) {
    RunResult kept = header;
    RunSummary summary;
    Out out(layout, report_ptr, nullptr, &kept, &summary);
    produce(out);
    if (reports) reports->commit();
    std::ostringstream text;
    print_sweep(kept, summary, report_dir, text);
    emit(output, text.str(), io.out);
    return static_cast<int>(out.breached() ? ExitCode::kFinding : ExitCode::kOk);
  }
  bool breached = false;
  emit(
      output,
      [&](std::ostream& stream) {
        reports::JsonRunWriter writer(header, nlohmann::ordered_json::object(), stream, layout);
        Out out(layout, report_ptr, &writer, nullptr, nullptr);
        produce(out);
        writer.finish();
        if (reports) reports->commit();
        breached = out.breached();
      },
      io.out);
  // Standard output is the JSON document: say where the reports went on stderr.
  if (reports) io.err << reports_line(report_dir);
  return static_cast<int>(breached ? ExitCode::kFinding : ExitCode::kOk);
}

int stream_run(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
               const engine::SimulateOptions& options, const RunResult& header, bool all,
               const std::string& report_dir, const Output& output, Io io) {
  const auto layout =
      options.compact ? reports::JsonLayout::kCompact : reports::JsonLayout::kPretty;
  return stream_out(header, all, report_dir, output, io, layout, [&](ScenarioOut& out) {
    // Made on the simulating threads; each taken out of its slot once written, so its memory
    // goes (a string move-assigned from an empty one would keep its buffer).
    std::vector<ScenarioOut::Prepared> prepared(scenarios.size());
    engine::ResultSink sink;
    sink.prepare = [&](std::size_t i, const ScenarioResult& r) { prepared[i] = out.prepare(r); };
    sink.take = [&](std::size_t i, ScenarioResult&& r) {
      out.take(std::move(r), std::exchange(prepared[i], {}));
    };
    engine::simulate_each(m, scenarios, options, sink);
  });
}

}  // namespace drsim::cli
