#include "cli/scenario_selection.hpp"

#include "model/diagnostic.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/loader.hpp"

namespace drsim::cli {

void add_scenario_options(CLI::App* cmd, ScenarioSelection& sel) {
  cmd->add_option("-s,--scenario", sel.ids,
                  "Scenario id, e.g. region:ap-southeast-2, az:* (repeatable)");
  cmd->add_flag("--all", sel.all, "Every failure domain plus corruption of every stateful service");
  cmd->add_option("--file", sel.file, "Scenario file (YAML or JSON)");
  cmd->add_option("--at", sel.times.at, "Fault start: HH:MM, 'day N HH:MM' or +/-offset");
  cmd->add_option("--duration", sel.times.duration,
                  "How long the fault lasts (default: per class, see docs/scenario-format.md)");
  cmd->add_option("--horizon", sel.times.horizon, "How long after the fault to look (default 7 d)");
  cmd->add_option("--detect-after", sel.times.detect_after,
                  "Corruption/deletion noticed after (default 1 h)");
  cmd->add_option("--seed", sel.seed,
                  "Seed of the trials' draws, recorded in the result, 0 to 2^63 - 1 (default 1)")
      ->type_name("N");
}

scenarios::TimeOptions selected_times(const ScenarioSelection& sel) {
  scenarios::TimeOptions times = sel.times;
  times.seed = scenarios::parse_seed(sel.seed, command_line_loc("--seed"));
  return times;
}

std::vector<scenarios::Scenario> select_scenarios(const model::Model& m,
                                                  const ScenarioSelection& sel) {
  const scenarios::TimeOptions times = selected_times(sel);
  std::vector<scenarios::Scenario> list;
  if (sel.all) list = scenarios::all_scenarios(m, times);
  if (!sel.ids.empty()) {
    auto more = scenarios::resolve(m, sel.ids, times);
    list.insert(list.end(), more.begin(), more.end());
  }
  if (!sel.file.empty()) {
    auto more = scenarios::load_scenarios(sel.file, m, times);
    list.insert(list.end(), more.begin(), more.end());
  }
  return list;
}

}  // namespace drsim::cli
