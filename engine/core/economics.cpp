#include "engine/core/economics.hpp"

#include <algorithm>

#include "model/errors.hpp"

namespace drsim::engine {

Frequency fault_frequency(const model::Model& m, const scenarios::Fault& f) {
  const auto& l = m.likelihoods;
  if (auto it = l.domains.find(f.target); it != l.domains.end()) return {it->second, false};
  if (auto it = l.classes.find(f.cls); it != l.classes.end()) return {it->second, false};
  return {model::default_frequency(f.cls), true};
}

Frequency scenario_frequency(const model::Model& m, const scenarios::Scenario& s) {
  if (s.faults.empty()) return {model::default_frequency(s.cls), true};
  Frequency out = fault_frequency(m, s.faults.front());
  for (const auto& f : s.faults) {
    Frequency x = fault_frequency(m, f);
    if (x.per_year < out.per_year) out = x;
  }
  return out;
}

double outage_seconds(const TargetResult& t, double horizon_s) {
  if (t.down) return t.recovered && t.rto_s ? *t.rto_s : horizon_s;
  if (!t.degraded) return 0;
  double end = 0;
  for (const auto& p : t.path) end = std::max(end, p.end_s);
  return std::min(end, horizon_s);
}

ScenarioCost scenario_cost(const model::Model& m, const ScenarioResult& r, Frequency f) {
  constexpr double kHour = 3600;
  ScenarioCost c;
  c.annual_frequency = f.per_year;
  c.frequency_assumed = f.assumed;
  for (const auto& t : r.services) {
    const model::Service* svc = m.find_service(t.id);
    if (!svc) throw InternalError("costs: result names unknown service '" + t.id + "'");
    const model::Costs& k = svc->costs;
    const double hourly = !t.down       ? k.degraded_hourly
                          : t.recovered ? k.downtime_hourly
                                        : k.unrecovered_hourly;
    c.downtime += outage_seconds(t, r.horizon_s) / kHour * hourly;
    if (!svc->stateful()) continue;
    c.data_loss += t.rpo_s ? *t.rpo_s / kHour * k.data_loss_hourly : k.data_unrecoverable;
  }
  return c;
}

double running_cost_monthly(const model::Model& m) {
  double total = 0;
  for (const auto& s : m.services) total += s.costs.running_monthly();
  return total;
}

bool has_costs(const model::Model& m) { return m.costs_given || m.likelihoods_given; }

void add_run_costs(const model::Model& m, RunResult& run) {
  run.currency = m.currency;
  run.running_cost_monthly = running_cost_monthly(m);
}

void add_scenario_cost(const model::Model& m, const scenarios::Scenario& sc, ScenarioResult& r) {
  r.cost = scenario_cost(m, r, scenario_frequency(m, sc));
}

void add_costs(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
               RunResult& run) {
  if (scenarios.size() != run.scenarios.size()) {
    throw InternalError("costs: " + std::to_string(scenarios.size()) + " scenarios for " +
                        std::to_string(run.scenarios.size()) + " results");
  }
  add_run_costs(m, run);
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    add_scenario_cost(m, scenarios[i], run.scenarios[i]);
  }
}

}  // namespace drsim::engine
