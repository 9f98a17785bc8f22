// `drsim simulate MODEL (--scenario ID... | --all | --file FILE) [--at T] [--duration D]
// [--horizon H] [--detect-after D] [--seed N] [--trials N] [-f text|json] [-o FILE]
// [--report DIR]`: put the estate through outage scenarios on the SimGrid engine and print, per
// service, whether it went down, its achieved RTO and RPO, the verdicts and the recovery path
// (cli/simulation_text.hpp). Exit 1 if any objective is breached, 0 otherwise.
#include <algorithm>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/output_options.hpp"
#include "cli/progress.hpp"
#include "cli/run_output.hpp"
#include "cli/scenario_selection.hpp"
#include "engine/core/trials.hpp"
#include "engine/sim/simulator.hpp"
#include "model/errors.hpp"
#include "model/loader.hpp"
#include "scenarios/time_options.hpp"

namespace drsim::cli {
namespace {

struct Options {
  std::string model;
  ScenarioSelection scenarios;
  std::string report;
  int jobs = 2;
  bool quiet = false;
  long long trials = 0;
};

}  // namespace

void add_simulate_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "simulate", "Put the estate through outage scenarios: achieved RTO, RPO and recovery paths");
  auto o = std::make_shared<Options>();
  cmd->add_option("MODEL", o->model, "Estate model (YAML or JSON)")->required();
  add_scenario_options(cmd, o->scenarios);
  auto output = add_output_options(*cmd, {"text", "json"}, {{"table", "text"}});
  cmd->add_option("--report", o->report, "Also write JSON, Markdown, HTML and JUnit reports here");
  cmd->add_option("-j,--jobs", o->jobs, "Scenarios simulated at once (default 2)")
      ->check(CLI::Range(1, 64));
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on standard error during long runs");
  cmd->add_option("--trials", o->trials,
                  "Also run N trials per scenario with values drawn from the model's "
                  "distributions: RTO/RPO percentiles and P(objective met)")
      ->type_name("N")
      ->check(CLI::Range(1LL, 1000000LL));
  cmd->callback([o, output, &action, io]() {
    action = [o, output, io]() {
      if (o->scenarios.empty()) {
        throw UsageError("simulate: give --scenario ID, --all or --file FILE");
      }
      const auto times = selected_times(o->scenarios);
      auto loaded = model::load_model(o->model);
      const auto& m = loaded.model;
      const std::vector<scenarios::Scenario> list = select_scenarios(m, o->scenarios);
      const auto services = static_cast<long long>(std::max<std::size_t>(m.services.size(), 1));
      if (o->trials > engine::kMaxTrialFigures / services) {
        throw UsageError(
            "simulate: --trials " + std::to_string(o->trials) + " on " + std::to_string(services) +
            " services would keep " + std::to_string(o->trials * services) +
            " figures per scenario, over the " + "limit of " +
            std::to_string(engine::kMaxTrialFigures) + " (about 1.6 GB); run at most " +
            std::to_string(engine::kMaxTrialFigures / services) + " trials on this model");
      }
      engine::SimulateOptions so;
      so.jobs = o->jobs;
      so.seed = times.seed;
      so.trials = o->trials;
      RunResult run;
      {
        Progress progress(io.err, progress_style(io.err, o->quiet), "simulate",
                          o->trials > 0 ? "trials" : "scenarios");
        so.progress = [&progress](std::size_t done, std::size_t total) {
          progress.update(done, total);
        };
        run = engine::simulate_run(m, list, so);
      }
      run.generated_at = run_timestamp();
      return emit_run(run, o->scenarios.all, o->report, *output, io);
    };
  });
}

}  // namespace drsim::cli
