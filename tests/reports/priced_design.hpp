// A result as another design would give it, for report tests: the same scenarios under another
// model name, in EUR, the first scenario with a frequency and a downtime cost.
#pragma once

#include <string>

#include "model/outcome.hpp"

namespace drsim::test {

inline RunResult priced_design(RunResult r, const std::string& model, double per_year, bool assumed,
                               double downtime) {
  r.model = model;
  r.currency = "EUR";
  ScenarioCost cost;
  cost.annual_frequency = per_year;
  cost.frequency_assumed = assumed;
  cost.downtime = downtime;
  r.scenarios.at(0).cost = cost;
  return r;
}

}  // namespace drsim::test
