// What outages cost and how often they happen (DESIGN.md §8 "Economics and availability"): the
// annual frequency of a scenario from the model's likelihoods (or the documented defaults), the
// cost of one simulated outage from the services' hourly costs, and a design's running cost.
// Every money figure is in units of the model's currency.
#pragma once

#include <vector>

#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::engine {

struct Frequency {
  double per_year = 0;
  bool assumed = true;  // model::default_frequency(), not written in the model
};

// How often one fault happens: `likelihoods.domains` for its target domain, else
// `likelihoods.classes` for its class, else model::default_frequency() (assumed).
Frequency fault_frequency(const model::Model& m, const scenarios::Fault& f);

// How often a scenario happens: its rarest fault's frequency (several faults of one scenario
// must coincide, so it happens at most that often; assumed if that fault's figure is).
Frequency scenario_frequency(const model::Model& m, const scenarios::Scenario& s);

// How long a service was out in a scenario, seconds: its RTO when it went down and came back,
// the horizon when it did not come back, the end of its last path step when only degraded, and
// 0 when unaffected.
double outage_seconds(const TargetResult& t, double horizon_s);

// The cost of one simulated scenario: each service's outage_seconds() at its hourly cost for
// that impact (degraded, down, not recovered), plus its achieved RPO at data_loss_hourly, or
// data_unrecoverable when no usable recovery point survived.
ScenarioCost scenario_cost(const model::Model& m, const ScenarioResult& r, Frequency f);

// The design's running cost per month: every service's Costs::running_monthly().
double running_cost_monthly(const model::Model& m);

// True if the model has `costs:` or `likelihoods:`: simulate_run() then prices its results (the
// results of other models keep their shape; `drsim compare` prices every design).
bool has_costs(const model::Model& m);

// Fills run.currency and run.running_cost_monthly.
void add_run_costs(const model::Model& m, RunResult& run);
// Fills r.cost: scenario_cost() at the frequency of `sc`, the scenario `r` is the result of.
void add_scenario_cost(const model::Model& m, const scenarios::Scenario& sc, ScenarioResult& r);
// Both for a whole run (`scenarios` are the ones `run` holds, in the same order).
void add_costs(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
               RunResult& run);

}  // namespace drsim::engine
