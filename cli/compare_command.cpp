// `drsim compare MODEL... [--scenario ID... | --all | --file FILE] [time options] [--format
// table|json] [-o FILE] [--report DIR] [-j N]`: simulate the same scenarios (by default the --all
// sweep) over several designs of one application and set them side by side: RTO/RPO verdicts
// per scenario, availability, expected annual downtime and data loss, running cost, expected
// loss and total, ranked (docs/compare.md). Exit 0 when some design meets every objective, 1
// when none does.
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/number_range.hpp"
#include "cli/output_options.hpp"
#include "cli/progress.hpp"
#include "cli/scenario_selection.hpp"
#include "drsim/version.hpp"
#include "engine/core/comparison.hpp"
#include "engine/core/economics.hpp"
#include "engine/sim/simulator.hpp"
#include "model/errors.hpp"
#include "model/loader.hpp"
#include "reports/comparison_report.hpp"
#include "reports/comparison_writers.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {
namespace {

struct Options {
  std::vector<std::string> models;
  ScenarioSelection scenarios;
  std::string report;
  int jobs = 2;
  bool quiet = false;
};

// Every model, or an InputError listing the problems of all of them.
std::vector<model::Model> load_designs(const std::vector<std::string>& files) {
  std::vector<model::Model> out;
  std::vector<Diagnostic> errors;
  for (const auto& file : files) {
    try {
      out.push_back(model::load_model(file).model);
    } catch (const InputError& e) {
      errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!errors.empty()) throw InputError(errors);
  std::set<std::string> names;
  for (const auto& m : out) {
    if (!names.insert(m.name).second) {
      throw UsageError("compare: two designs are named '" + m.name +
                       "'; give each model its own 'name:'");
    }
  }
  return out;
}

}  // namespace

void add_compare_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "compare",
      "Compare DR designs over the same scenarios: objectives, availability, cost, ranking");
  auto o = std::make_shared<Options>();
  cmd->add_option("MODEL", o->models, "Models of the designs (YAML or JSON), one per design")
      ->required();
  add_scenario_options(cmd, o->scenarios);
  auto output = add_output_options(*cmd, {"text", "json"}, {{"table", "text"}});
  cmd->add_option("--report", o->report, "Also write compare.json and compare.html here");
  cmd->add_option("-j,--jobs", o->jobs, "Scenarios simulated at once (default 2)")
      ->check(whole_number_range(1, 64));
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on standard error during long runs");
  cmd->callback([o, output, &action, io]() {
    action = [o, output, io]() {
      ScenarioSelection selection = o->scenarios;
      if (selection.empty()) selection.all = true;  // the default sweep
      const std::vector<model::Model> models = load_designs(o->models);
      std::vector<const model::Model*> designs;
      std::vector<RunResult> runs;
      engine::SimulateOptions so;
      so.jobs = o->jobs;
      for (const auto& m : models) designs.push_back(&m);
      engine::check_one_currency(designs);  // before minutes of simulation, not after
      std::vector<std::vector<scenarios::Scenario>> lists;
      std::size_t total = 0, finished = 0;
      for (const auto& m : models) {
        lists.push_back(select_scenarios(m, selection));
        total += lists.back().size();
      }
      {
        Progress progress(io.err, progress_style(io.err, o->quiet), "compare", "scenarios");
        so.progress = [&](std::size_t done, std::size_t) {
          progress.update(finished + done, total);
        };
        for (std::size_t i = 0; i < models.size(); ++i) {
          runs.push_back(engine::simulate_run(models[i], lists[i], so));
          // simulate_run() priced a model with costs; the others are priced at the defaults.
          if (!engine::has_costs(models[i])) engine::add_costs(models[i], lists[i], runs.back());
          finished += lists[i].size();
        }
      }
      const engine::Comparison comparison = engine::compare_designs(designs, runs);
      const reports::CompareReport report = reports::build_compare_report(comparison);
      reports::CompareRunInfo info{kVersion, run_timestamp(), runs.empty() ? 0 : runs.front().seed};
      std::ostringstream text;
      if (output->json()) {
        text << reports::compare_to_json(comparison, report, info).dump(2) << "\n";
      } else {
        reports::write_compare_text(report, text);
      }
      emit(*output, text.str(), io.out);
      if (!o->report.empty()) {
        reports::make_report_dir(o->report);
        reports::save_text(reports::compare_to_json(comparison, report, info).dump(2) + "\n",
                           o->report + "/compare.json");
        std::ostringstream html;
        reports::write_compare_html(report, info, html);
        reports::save_text(html.str(), o->report + "/compare.html");
      }
      return static_cast<int>(report.any_meets ? ExitCode::kOk : ExitCode::kFinding);
    };
  });
}

}  // namespace drsim::cli
