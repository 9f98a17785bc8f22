// `drsim merge SHARD.json... [-f text|json] [-o FILE] [--report DIR]`: put the shards of a run
// split across machines (`drsim simulate ... --shard I/N -f json`) back together and print what
// `drsim simulate` with the same options prints on one machine — the same text or JSON, byte for
// byte, the same reports and the same exit code (1 if any objective is breached, or, with
// --min-p-met, met in too few of the trials). The shards
// may be given in any order; shards of different runs, a missing shard or one given twice are
// refused (reports/shard_merge.hpp).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/command.hpp"
#include "cli/load_each.hpp"
#include "cli/odds_gate.hpp"
#include "cli/output_options.hpp"
#include "cli/run_output.hpp"
#include "model/diagnostic.hpp"
#include "reports/json_writer.hpp"
#include "reports/shard_json.hpp"
#include "reports/shard_merge.hpp"

namespace drsim::cli {

namespace {

// The shards of a run without trials, merged a scenario at a time (reports::SweepMerge): JSON and
// the text of --all are written as the scenarios come, as `drsim simulate` writes them.
int merge_sweep(std::vector<reports::ShardHead> heads, bool compacted, const std::string& report,
                const Output& output, Io io) {
  reports::SweepMerge merge(std::move(heads));
  const bool all = merge.options().all;
  const bool compact_run = compacted || merge.options().compact;
  RunResult header = merge.header();
  header.generated_at = run_timestamp();
  auto each = [&](const std::function<void(ScenarioResult &&)>& take) {
    for (ScenarioResult s; merge.next(s);) {
      if (compacted) compact(s);
      take(std::move(s));
    }
  };
  if (!output.json() && !all) {
    RunResult run = std::move(header);  // the text of a few scenarios: the whole run first
    each([&](ScenarioResult&& s) { run.scenarios.push_back(std::move(s)); });
    return emit_run(run, all, report, output, io);
  }
  const auto layout = compact_run ? reports::JsonLayout::kCompact : reports::JsonLayout::kPretty;
  return stream_out(header, all, report, output, io, layout, [&](ScenarioOut& out) {
    each([&](ScenarioResult&& s) {
      auto prepared = out.prepare(s);
      out.take(std::move(s), std::move(prepared));
    });
  });
}

}  // namespace

void add_merge_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "merge", "Put the shards of a run (simulate --shard I/N) back together: the whole run");
  auto files = std::make_shared<std::vector<std::string>>();
  auto report = std::make_shared<std::string>();
  cmd->add_option("SHARD", *files,
                  "Every shard of the run (simulate --shard I/N -f json), any order")
      ->required();
  auto output = add_output_options(*cmd, {"text", "json"}, {{"table", "text"}});
  cmd->add_option("--report", *report, "Also write JSON, Markdown, HTML and JUnit reports here");
  auto min_p_met = std::make_shared<std::string>();
  CLI::Option* gate_option =
      cmd->add_option("--min-p-met", *min_p_met,
                      "Also a finding (exit 1) when an objective is met in fewer than P of the "
                      "trials (0.95 or 95%)");
  gate_option->type_name("P");
  auto compacted = std::make_shared<bool>(false);
  cmd->add_flag("--compact", *compacted,
                "List only the services each scenario touched and count the others");
  cmd->callback([=, &action]() {
    const bool gated = gate_option->count() > 0;
    action = [=]() {
      std::optional<OddsGate> gate;
      if (gated) gate = OddsGate{"merge", parse_min_p_met(*min_p_met)};
      std::vector<reports::ShardHead> heads = load_each(*files, reports::load_shard_head);
      const reports::ShardOptions options = heads.front().options;
      if (gate && options.trials == 0) {
        DiagnosticList diags;
        diags.error(command_line_loc("--min-p-met"), "it judges trials, and these shards ran none",
                    {"split a run with --trials N to judge its odds"});
        diags.throw_if_errors();
      }
      if (options.trials == 0)
        return merge_sweep(std::move(heads), *compacted, *report, *output, io);
      std::vector<reports::Shard> shards = load_each(*files, reports::load_shard);
      const bool all = options.all;
      RunResult run = reports::merge_shards(std::move(shards));
      if (*compacted) {
        for (auto& s : run.scenarios) compact(s);
      }
      run.generated_at = run_timestamp();
      return emit_run(run, all, *report, *output, io, gate);
    };
  });
}

}  // namespace drsim::cli
