// `drsim merge SHARD.json... [-f text|json] [-o FILE] [--report DIR]`: put the shards of a run
// split across machines (`drsim simulate ... --shard I/N -f json`) back together and print what
// `drsim simulate` with the same options prints on one machine — the same text or JSON, byte for
// byte, the same reports and the same exit code (1 if any objective is breached). The shards
// may be given in any order; shards of different runs, a missing shard or one given twice are
// refused (reports/shard_merge.hpp).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/command.hpp"
#include "cli/load_each.hpp"
#include "cli/output_options.hpp"
#include "cli/run_output.hpp"
#include "reports/shard_json.hpp"
#include "reports/shard_merge.hpp"

namespace drsim::cli {

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
  cmd->callback([=, &action]() {
    action = [=]() {
      std::vector<reports::Shard> shards = load_each(*files, reports::load_shard);
      const bool all = shards.front().options.all;
      RunResult run = reports::merge_shards(std::move(shards));
      run.generated_at = run_timestamp();
      return emit_run(run, all, *report, *output, io);
    };
  });
}

}  // namespace drsim::cli
