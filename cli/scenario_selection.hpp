// Which scenarios a command runs: `--scenario ID...`, `--all`, `--file FILE` and the time
// options (`--at`, `--duration`, `--horizon`, `--detect-after`, `--seed`), declared once for
// `drsim simulate` and `drsim compare` and resolved against each model.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/time_options.hpp"

namespace drsim::cli {

struct ScenarioSelection {
  std::vector<std::string> ids;
  bool all = false;
  std::string file;
  scenarios::TimeOptions times;
  std::string seed = "1";  // as written: parsed by scenarios::parse_seed

  bool empty() const { return ids.empty() && !all && file.empty(); }
};

// Declares the selection and time options on `cmd`; `sel` must outlive the parse.
void add_scenario_options(CLI::App* cmd, ScenarioSelection& sel);

// The time options of `sel` with its seed parsed; throws InputError for a bad --seed.
scenarios::TimeOptions selected_times(const ScenarioSelection& sel);

// The scenarios of `sel` on `m`: --all first, then the ids, then the file's. Throws InputError for
// unknown ids or a bad file.
std::vector<scenarios::Scenario> select_scenarios(const model::Model& m,
                                                  const ScenarioSelection& sel);

}  // namespace drsim::cli
