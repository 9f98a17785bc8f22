// `drsim report RESULT.json... [-f md|html|junit|json] [-o FILE]`: turn one or more result
// files (simulations and drills side by side) into a report; one result is read and reported a
// scenario at a time, whatever its size. Exit 1 if any objective is
// breached or a drill failed, as `drsim simulate` and `drsim drill run` do, so a CI job can gate
// on either.
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/load_each.hpp"
#include "cli/output_options.hpp"
#include "model/errors.hpp"
#include "reports/json_writer.hpp"
#include "reports/report_model.hpp"
#include "reports/report_stream.hpp"
#include "reports/result_json.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {
namespace {

// The report of one result file, read and written a scenario at a time, so a result of any size
// (the 3.2 GB of a 10,000-service sweep) takes the memory of its largest scenario. Nothing is
// written until the whole file has been read without a problem.
int report_one(const std::string& file, reports::Format f, const Output& output, Io io) {
  bool breached = false;
  std::unique_ptr<reports::ReportStream> stream;  // Markdown, HTML, JUnit
  std::fstream json;                              // JSON: the result judged, spooled
  std::unique_ptr<reports::JsonRunWriter> writer;
  std::size_t seen = 0;
  const auto begin = [&](const RunResult& header, const ScenarioResult* first) {
    if (f != reports::Format::kJson) {
      stream = std::make_unique<reports::ReportStream>(std::vector<const RunResult*>{&header},
                                                       std::vector<reports::Format>{f},
                                                       spool_dir(output));
      return;
    }
    // A compact result's scenarios all count their unaffected services: the first says.
    const auto layout =
        first && first->unaffected ? reports::JsonLayout::kCompact : reports::JsonLayout::kPretty;
    json = reports::open_spool(spool_dir(output), "report.json");
    writer = std::make_unique<reports::JsonRunWriter>(header, nlohmann::ordered_json::object(),
                                                      json, layout);
  };
  const RunResult header =
      reports::load_result(file, [&](const RunResult& run, ScenarioResult&& s) {
        // A failed drill is a failure in every format and in the exit code, whatever its
        // objectives (also in the JSON, which is the result as the report model judges it).
        if (run.kind == kDrillRun) reports::judge_drill_scenario(s);
        if (seen++ == 0) begin(run, &s);
        breached = breached || any_breached(s);
        if (stream) stream->add(0, s);
        if (writer) writer->add(reports::JsonRunWriter::scenario_text(s, writer->layout()));
      });
  if (seen == 0) begin(header, nullptr);
  if (stream) stream->finish();
  if (writer) writer->finish();
  emit(
      output,
      [&](std::ostream& out) {
        if (stream) {
          stream->write(f, out);
        } else {
          reports::copy_spool(json, out);
        }
      },
      io.out);
  return static_cast<int>(breached ? ExitCode::kFinding : ExitCode::kOk);
}

}  // namespace

void add_report_command(CLI::App& app, Action& action, Io io) {
  auto* cmd =
      app.add_subcommand("report", "Write a Markdown, HTML, JUnit or JSON report of results");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("RESULT", *files,
                  "Result files (drsim.result/1 JSON); a simulation and a drill sit side by side")
      ->required();
  auto output = add_output_options(*cmd, {"md", "html", "junit", "json"}, {{"markdown", "md"}});
  cmd->callback([=, &action]() {
    action = [=]() {
      reports::Format f = reports::Format::kMarkdown;
      reports::parse_format(output->format, f);
      if (files->size() == 1) return report_one(files->front(), f, *output, io);
      // Several results are read whole (their runs name each other's rows), then reported as
      // one is.
      std::vector<RunResult> results =
          load_each(*files, [](const std::string& path) { return reports::load_result(path); });
      for (auto& r : results) reports::judge_drill_failures(r);
      // Rendered whole first, so a failure to render never leaves a truncated file behind.
      std::ostringstream text;
      reports::write_report(results, f, text);
      emit(*output, text.str(), io.out);
      for (const auto& r : results) {
        if (any_breached(r)) return static_cast<int>(ExitCode::kFinding);
      }
      return static_cast<int>(ExitCode::kOk);
    };
  });
}

}  // namespace drsim::cli
