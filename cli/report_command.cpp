// `drsim report RESULT.json... --format html|md|junit|json [-o FILE]`: turn one or more result
// files (simulations and drills side by side) into a report. Exit 1 if any objective is
// breached, as `drsim simulate` does, so a CI job can gate on either.
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "model/errors.hpp"
#include "reports/result_json.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {

void add_report_command(CLI::App& app, Action& action, Io io) {
  auto* cmd =
      app.add_subcommand("report", "Write a Markdown, HTML, JUnit or JSON report of results");
  auto files = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("md");
  auto output = std::make_shared<std::string>();
  cmd->add_option("RESULT", *files,
                  "Result files (drsim.result/1 JSON); a simulation and a drill sit side by side")
      ->required();
  cmd->add_option("-f,--format", *format, "Output format")
      ->check(CLI::IsMember({"html", "md", "markdown", "junit", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", *output, "Output file (default: standard output)");
  cmd->callback([=, &action]() {
    action = [=]() {
      reports::Format f = reports::Format::kMarkdown;
      reports::parse_format(*format, f);
      std::vector<RunResult> results;
      std::vector<Diagnostic> errors;
      for (const auto& file : *files) {
        try {
          results.push_back(reports::load_result(file));
        } catch (const InputError& e) {
          errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
      }
      if (!errors.empty()) throw InputError(errors);
      if (output->empty()) {
        reports::write_report(results, f, io.out);
      } else {
        reports::write_report_file(results, f, *output);
      }
      for (const auto& r : results) {
        if (any_breached(r)) return static_cast<int>(ExitCode::kFinding);
      }
      return static_cast<int>(ExitCode::kOk);
    };
  });
}

}  // namespace drsim::cli
