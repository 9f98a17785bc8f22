// Comparing DR designs (`drsim compare`, docs/compare.md): the same scenarios simulated over
// several models of one application, each judged on its objectives, its availability (an
// outage chain solved with Eigen, availability.hpp), its expected annual loss and its running
// cost; then ranked. Every figure comes from the simulated results and the economics of
// economics.hpp, so nothing here restates a recovery rule.
//
// Ranking: designs that meet every objective (no verdict breached) first, cheapest total annual
// cost first; then the others by closeness: fewest breached objectives, then the cheapest total
// annual cost. Ties keep the order the designs were given in. The choice is the first design if
// it meets every objective; otherwise there is none and the first design is the closest.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/availability.hpp"
#include "engine/core/economics.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"

namespace drsim::engine {

// One design in one scenario.
struct DesignScenario {
  std::string scenario;
  bool down = false;                  // some service went down
  std::optional<double> rto_s;        // worst RTO of a service that went down; none: not recovered
  std::optional<double> rpo_s;        // worst RPO; none: a data set without a usable recovery point
  std::size_t met = 0, breached = 0;  // objectives judged in this scenario
  ScenarioCost cost;
};

struct ServiceAvailability {
  std::string service;
  OutageAvailability availability;
};

struct DesignEvaluation {
  std::string name;                       // the model's name
  std::string source;                     // its file
  std::vector<DesignScenario> scenarios;  // in run order
  std::size_t met = 0, breached = 0;      // objectives over every scenario
  // The design is up while every user-facing service is (every service if none is): one outage
  // mode per scenario that takes one down, for the longest such outage; data loss is the worst
  // RPO of any service in that scenario.
  OutageAvailability availability;
  std::vector<ServiceAvailability> services;  // per service, model order
  double running_annual = 0;                  // 12 x running cost per month
  double expected_loss_annual = 0;            // Σ scenario frequency x outage cost
  double total_annual() const { return running_annual + expected_loss_annual; }
  bool meets_all() const { return breached == 0; }
};

struct Comparison {
  std::string currency;
  std::vector<DesignEvaluation> designs;  // in the order given
  std::vector<std::size_t> ranking;       // indexes into designs, best first
  bool any_meets() const { return !ranking.empty() && designs[ranking.front()].meets_all(); }
};

// The availability modes of a set of services in one run: per scenario where one of `services`
// went down (or lost data), its frequency, longest outage and worst RPO.
std::vector<OutageMode> outage_modes(const RunResult& run,
                                     const std::vector<std::string>& services);

// Evaluates one design from its model and its simulated run (with costs, economics.hpp).
DesignEvaluation evaluate_design(const model::Model& m, const RunResult& run);

// Throws InputError, located at each model's currency, when the designs' costs are not all in
// the first one's currency.
void check_one_currency(const std::vector<const model::Model*>& models);

// Evaluates and ranks the designs (models[i] simulated as runs[i]); check_one_currency() first.
Comparison compare_designs(const std::vector<const model::Model*>& models,
                           const std::vector<RunResult>& runs);

}  // namespace drsim::engine
