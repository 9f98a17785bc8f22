// `drsim simulate MODEL (--scenario ID... | --all | --file FILE) [--at T] [--duration D]
// [--horizon H] [--detect-after D] [--seed N] [--trials N] [--shard I/N] [-f text|json] [-o FILE]
// [--report DIR]`: put the estate through outage scenarios on the SimGrid engine and print, per
// service, whether it went down, its achieved RTO and RPO, the verdicts and the recovery path
// (cli/simulation_text.hpp). Exit 1 if any objective is breached, 0 otherwise. With --shard, one
// shard of the run as JSON for `drsim merge` (exit 0 once written: the merge judges the run).
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/command.hpp"
#include "cli/model_option.hpp"
#include "cli/number_range.hpp"
#include "cli/odds_gate.hpp"
#include "cli/output_options.hpp"
#include "cli/progress.hpp"
#include "cli/run_output.hpp"
#include "cli/scenario_selection.hpp"
#include "cli/shard_option.hpp"
#include "engine/core/trials.hpp"
#include "engine/sim/simulator.hpp"
#include "model/diagnostic.hpp"
#include "model/errors.hpp"
#include "model/loader.hpp"
#include "reports/json_writer.hpp"
#include "reports/shard_json.hpp"
#include "scenarios/time_options.hpp"

namespace drsim::cli {
namespace {

struct Options {
  ScenarioSelection scenarios;
  std::string report;
  int jobs = 2;
  bool quiet = false;
  long long trials = 0;
  std::string shard;      // --shard I/N
  bool sharded = false;   // --shard was given (even as "")
  std::string min_p_met;  // --min-p-met P
  bool gated = false;     // --min-p-met was given
  bool compact = false;
  std::string executor = "auto";  // --executor: a key of kExecutors
};

const std::map<std::string, engine::Executor> kExecutors = {{"auto", engine::Executor::kAuto},
                                                            {"simgrid", engine::Executor::kSimGrid},
                                                            {"drsim", engine::Executor::kOwn}};

// --min-p-met judges a whole run's trials. Throws InputError located at the option.
std::optional<OddsGate> gate_of(const Options& o) {
  if (!o.gated) return std::nullopt;
  const double min = parse_min_p_met(o.min_p_met);
  DiagnosticList diags;
  if (o.trials == 0) {
    diags.error(command_line_loc("--min-p-met"), "it judges trials, and this run has none",
                {"add --trials N: the run is then a finding when an objective is met in fewer "
                 "than P of the N trials"});
  }
  if (o.sharded) {
    diags.error(command_line_loc("--min-p-met"), "a shard is not judged",
                {"give --min-p-met to drsim merge, which judges the whole run"});
  }
  diags.throw_if_errors();
  return OddsGate{"simulate", min};
}

// A shard is for drsim merge: JSON, no reports. Throws InputError located at the option.
ShardSpec shard_of(const Options& o, const Output& output) {
  const ShardSpec spec = parse_shard(o.shard);
  DiagnosticList diags;
  if (!output.json()) {
    diags.error(command_line_loc("--shard"), "a shard is written as JSON, not text",
                {"a shard is read back by drsim merge: add -f json -o FILE"});
  }
  if (!o.report.empty()) {
    diags.error(command_line_loc("--report"), "a shard writes no reports",
                {"drsim merge SHARD.json... --report DIR writes the reports of the whole run"});
  }
  if (o.compact && o.trials > 0) {
    diags.error(command_line_loc("--compact"),
                "a shard of a trial run lists every service: drsim merge writes the trials into "
                "them",
                {"leave --compact out here and give it to drsim merge"});
  }
  diags.throw_if_errors();
  return spec;
}

// Shard `spec` of the run `list` and `o` describe, without its results.
reports::Shard shard_of_run(const model::Model& m, const std::vector<scenarios::Scenario>& list,
                            const Options& o, const ShardSpec& spec) {
  const scenarios::Times times = scenarios::parse_times(selected_times(o.scenarios), m);
  reports::Shard shard;
  shard.index = spec.index;
  shard.count = spec.count;
  reports::ShardOptions& opt = shard.options;
  opt.seed = static_cast<long long>(times.seed);
  opt.trials = o.trials;
  opt.all = o.scenarios.all;
  if (times.start_given) opt.at_s = times.start_s;
  opt.duration_s = times.duration_s;
  opt.horizon_s = times.horizon_s;
  opt.detect_after_s = times.detect_after_s;
  for (const auto& sc : list) opt.selected.push_back(sc.id);
  opt.compact = o.compact;
  return shard;
}

// Writes shard `spec` of a run without trials: the scenarios at positions p with
// p % N == I - 1, simulated and spooled one at a time (reports::ShardWriter), so a shard of a big
// sweep holds a few scenarios, not its part of the run.
void stream_shard(const model::Model& m, const std::vector<scenarios::Scenario>& list,
                  const Options& o, const ShardSpec& spec, const engine::SimulateOptions& so,
                  const Output& output, Io io) {
  std::vector<scenarios::Scenario> part;
  for (std::size_t p = static_cast<std::size_t>(spec.index - 1); p < list.size();
       p += static_cast<std::size_t>(spec.count)) {
    part.push_back(list[p]);
  }
  reports::Shard shard = shard_of_run(m, list, o, spec);
  shard.result = engine::run_header(m, part, so);
  shard.result.generated_at = run_timestamp();
  const auto layout = so.compact ? reports::JsonLayout::kCompact : reports::JsonLayout::kPretty;
  reports::ShardWriter writer(std::move(shard), layout, spool_dir(output));
  std::vector<std::string> texts(part.size());
  engine::ResultSink sink;
  sink.prepare = [&](std::size_t i, const ScenarioResult& r) {
    texts[i] = reports::JsonRunWriter::scenario_text(r, layout);
  };
  sink.take = [&](std::size_t i, ScenarioResult&& r) {
    writer.add(r, std::exchange(texts[i], {}));
  };
  engine::simulate_each(m, part, so, sink);
  emit(
      output, [&](std::ostream& stream) { writer.write(stream); }, io.out);
}

}  // namespace

void add_simulate_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "simulate", "Put the estate through outage scenarios: achieved RTO, RPO and recovery paths");
  auto o = std::make_shared<Options>();
  auto model_option = add_model_option(*cmd, "Estate model (YAML or JSON)");
  add_scenario_options(cmd, o->scenarios);
  auto output = add_output_options(*cmd, {"text", "json"}, {{"table", "text"}});
  cmd->add_option("--report", o->report, "Also write JSON, Markdown, HTML and JUnit reports here");
  cmd->add_option("-j,--jobs", o->jobs, "Scenarios simulated at once (default 2)")
      ->check(whole_number_range(1, 64));
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on standard error during long runs");
  cmd->add_option("--trials", o->trials,
                  "Also run N trials per scenario with values drawn from the model's "
                  "distributions: RTO/RPO percentiles and P(objective met)")
      ->type_name("N")
      ->check(whole_number_range(1LL, 1000000LL));
  CLI::Option* shard_option = cmd->add_option("--shard", o->shard,
                                              "Run only shard I of N of the scenarios (or, with "
                                              "--trials, of the trials), as JSON for drsim merge");
  shard_option->type_name("I/N");
  CLI::Option* gate_option =
      cmd->add_option("--min-p-met", o->min_p_met,
                      "With --trials: also a finding (exit 1) when an objective is met in fewer "
                      "than P of the trials (0.95 or 95%)");
  gate_option->type_name("P");
  cmd->add_flag("--compact", o->compact,
                "List only the services each scenario touched and count the others (big sweeps)");
  cmd->add_option("--executor", o->executor,
                  "What runs the scenarios: simgrid (the reference, a process each), drsim (its "
                  "own event loop, in process; the same results) or auto (simgrid up to " +
                      std::to_string(engine::kSimGridScenarios) + " scenarios)")
      ->check(CLI::IsMember({"auto", "simgrid", "drsim"}))
      ->type_name("auto|simgrid|drsim");
  cmd->callback([o, model_option, output, shard_option, gate_option, &action, io]() {
    o->sharded = shard_option->count() > 0;
    o->gated = gate_option->count() > 0;
    action = [o, model_option, output, io]() {
      if (o->scenarios.empty()) {
        throw UsageError("simulate: give --scenario ID, --all or --file FILE");
      }
      const ShardSpec spec = o->sharded ? shard_of(*o, *output) : ShardSpec{};
      const std::optional<OddsGate> gate = gate_of(*o);
      const auto times = selected_times(o->scenarios);
      auto loaded = model_option->load();
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
      so.compact = o->compact;
      so.executor = kExecutors.at(o->executor);
      reports::Shard shard;
      RunResult run;
      // Written while the run is simulated, so a big sweep never holds all of it: JSON, the
      // text of --all (its summary table) and the reports; trials need the whole run.
      const bool streamed = (output->json() || o->scenarios.all) && o->trials == 0;
      {
        Progress progress(io.err, progress_style(io.err, o->quiet), "simulate",
                          o->trials > 0 ? "runs (nominal and trials)" : "scenarios");
        so.progress = [&progress](std::size_t done, std::size_t total) {
          progress.update(done, total);
        };
        if (streamed && o->sharded) {
          stream_shard(m, list, *o, spec, so, *output, io);
          return static_cast<int>(ExitCode::kOk);  // the merge judges the whole run
        }
        if (streamed) {
          RunResult header = engine::run_header(m, list, so);
          header.generated_at = run_timestamp();
          return stream_run(m, list, so, header, o->scenarios.all, o->report, *output, io);
        }
        if (o->sharded) {
          // With --trials: every nominal run and the trials k with k % N == I - 1.
          shard = shard_of_run(m, list, *o, spec);
          so.trial_slice = {spec.index - 1, spec.count};
          shard.result = engine::simulate_run_parts(m, list, so, shard.trials);
        } else {
          run = engine::simulate_run(m, list, so);
        }
      }
      if (o->sharded) {
        shard.result.generated_at = run_timestamp();
        emit(
            *output, [&](std::ostream& out) { reports::write_shard(shard, out); }, io.out);
        return static_cast<int>(ExitCode::kOk);  // the merge judges the whole run
      }
      run.generated_at = run_timestamp();
      return emit_run(run, o->scenarios.all, o->report, *output, io, gate);
    };
  });
}

}  // namespace drsim::cli
