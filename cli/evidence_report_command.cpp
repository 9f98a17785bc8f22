// `drsim evidence report --from --to`: the recovery-testing controls auditors ask about (SOC 2,
// ISO/IEC 27001:2022, ISO 22301, DORA, NIST SP 800-34), each with the drill runs of the period
// from the drill history and the simulation results given, and its gaps (docs/history.md
// "Controls"). Markdown by default, `-f html` a self-contained page. Exit codes: 1 when a control
// has a gap (so a compliance job can gate on it), else 0; 2 a bad --from/--to; 3 a history or
// simulation result that cannot be read.
#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/history_option.hpp"
#include "cli/load_each.hpp"
#include "cli/output_options.hpp"
#include "history/controls.hpp"
#include "history/store.hpp"
#include "history/timestamp.hpp"
#include "model/errors.hpp"
#include "model/outcome.hpp"
#include "model/printable.hpp"
#include "reports/result_json.hpp"

namespace drsim::cli {
namespace {

// --from / --to: a day ("2026-10-01": its first second for --from, its last for --to) or an ISO
// 8601 UTC time. Throws InputError located at the option (exit 2) for anything else.
double period_end(const std::string& option, const std::string& text, bool end_of_day) {
  const bool day = text.size() == 10;
  if (auto s = history::parse_timestamp(day ? text + "T00:00:00Z" : text)) {
    return day && end_of_day ? *s + 86399 : *s;
  }
  DiagnosticList diags;
  diags.error(command_line_loc(option),
              "expected a day such as 2026-10-01 or an ISO 8601 UTC time such as "
              "2026-10-01T00:00:00Z, got '" +
                  printable(text) + "'",
              {"write the day as YYYY-MM-DD, e.g. " + option + " 2026-10-01"});
  diags.throw_if_errors();
  return 0;
}

// A simulation result as evidence: when, what, how many scenarios and breaches.
history::SimulationEvidence simulation_of(const std::string& file) {
  const RunResult r = reports::load_result(file);
  if (r.kind != kSimulationRun) {
    DiagnosticList diags;
    diags.error({file, 0, 0, "/kind"}, "a drill result, not a simulation's",
                {"drill runs come from the drill history: give --simulation the results of drsim "
                 "simulate -f json"});
    diags.throw_if_errors();
  }
  history::SimulationEvidence e{file, r.model, r.generated_at, 0, 0};
  for (const auto& s : r.scenarios) {
    ++e.scenarios;
    for (const auto& t : s.services) {
      for (const auto& o : t.objectives) e.breached += o.verdict == Verdict::kBreached ? 1 : 0;
    }
    if (s.unaffected) {
      for (auto kind : {ObjectiveKind::kRto, ObjectiveKind::kRpo}) {
        e.breached += s.unaffected->objectives(kind, Verdict::kBreached);
      }
    }
  }
  return e;
}

}  // namespace

void add_evidence_report_command(CLI::App& evidence, Action& action, Io io) {
  auto* report = evidence.add_subcommand(
      "report",
      "Recovery-testing controls (SOC 2, ISO 27001, ISO 22301, DORA, NIST SP 800-34) with the "
      "drills and simulations of a period, and their gaps; exit 1 on a gap");
  auto history_option = add_history_option(*report, false);
  auto from = std::make_shared<std::string>(), to = std::make_shared<std::string>();
  auto simulations = std::make_shared<std::vector<std::string>>();
  report->add_option("--from", *from, "First day of the period (YYYY-MM-DD, or a UTC time)")
      ->type_name("DAY")
      ->required();
  report->add_option("--to", *to, "Last day of the period (YYYY-MM-DD, or a UTC time)")
      ->type_name("DAY")
      ->required();
  report
      ->add_option("--simulation", *simulations,
                   "A simulation result (drsim simulate -f json) to count as evidence; repeatable")
      ->type_name("RESULT");
  auto output = add_output_options(*report, {"md", "html"}, {{"markdown", "md"}});
  report->callback([=, &action]() {
    action = [=]() {
      const double from_s = period_end("--from", *from, false);
      const double to_s = period_end("--to", *to, true);
      if (to_s < from_s) {
        DiagnosticList diags;
        diags.error(command_line_loc("--to"), "the period ends before it starts",
                    {"give --to a day on or after --from"});
        diags.throw_if_errors();
      }
      const auto sims = load_each(*simulations, simulation_of);
      auto store = history::Store::for_reading(history_option->path());
      // The period's runs in full: a run's outcome names its breached objectives and findings.
      const auto r = history::build_controls(
          store.runs(), sims, from_s, to_s, store.path(),
          [&store](const history::RunRecord& run) { return store.run(std::to_string(run.id)); });
      emit(*output,
           output->format == "html" ? history::controls_html(r) : history::controls_markdown(r),
           io.out);
      return static_cast<int>(r.gaps.empty() ? ExitCode::kOk : ExitCode::kFinding);
    };
  });
}

}  // namespace drsim::cli
