// Scenario files (YAML or JSON, docs/scenario-format.md): named scenarios, each a list of timed
// faults written with the built-in ids ("region:ap-southeast-2") and the time syntax of
// scenarios/time_options.hpp. Every problem of a file is reported at once, located.
#pragma once

#include <string>
#include <vector>

#include "model/document.hpp"
#include "model/model.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/time_options.hpp"

namespace drsim::scenarios {

// Loads a scenario file checked against `m`. Command-line `defaults` (--at, --duration,
// --horizon, --detect-after, --seed) apply where the file says nothing. Faults of each scenario
// are sorted by start time (stable), so faults[0] is t0. Throws InputError listing every error.
std::vector<Scenario> load_scenarios(const std::string& path, const model::Model& m,
                                     const TimeOptions& defaults = {});
// Same, from an already parsed document.
std::vector<Scenario> parse_scenarios(const Node& root, const model::Model& m,
                                      const TimeOptions& defaults = {});

}  // namespace drsim::scenarios
