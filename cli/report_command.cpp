// `drsim report RESULT.json... [-f md|html|junit|json] [-o FILE]`: turn one or more result
// files (simulations and drills side by side) into a report. Exit 1 if any objective is
// breached or a drill failed, as `drsim simulate` and `drsim drill run` do, so a CI job can gate
// on either.
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/load_each.hpp"
#include "cli/output_options.hpp"
#include "model/errors.hpp"
#include "reports/report_model.hpp"
#include "reports/result_json.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {

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
      std::vector<RunResult> results = load_each(*files, reports::load_result);
      // A failed drill is a failure in every format and in the exit code, whatever its
      // objectives (also in the JSON, which is the result as the report model judges it).
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
