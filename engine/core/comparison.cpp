#include "engine/core/comparison.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "model/diagnostic.hpp"
#include "model/errors.hpp"

namespace drsim::engine {

namespace {

// One scenario's outage as it builds up over the services it counts.
struct ModeBuilder {
  OutageMode mode;
  bool affected = false;  // some counted service went down or lost data

  explicit ModeBuilder(const ScenarioResult& s) {
    mode.rate_per_year = s.cost ? s.cost->annual_frequency : 0;
    mode.data_loss_s = 0.0;
  }
  // Counts service `t`: its time out widens the outage, its RPO the data lost.
  void add(const TargetResult& t, double horizon_s) {
    if (t.down) {
      mode.duration_s = std::max(mode.duration_s, outage_seconds(t, horizon_s));
      affected = true;
    }
    if (!t.rpo_s) {
      mode.data_loss_s.reset();
      affected = true;
    } else if (mode.data_loss_s && *t.rpo_s > 0) {
      mode.data_loss_s = std::max(*mode.data_loss_s, *t.rpo_s);
      affected = true;
    }
  }
};

}  // namespace

std::vector<OutageMode> outage_modes(const RunResult& run,
                                     const std::vector<std::string>& services) {
  const std::unordered_set<std::string> counted(services.begin(), services.end());
  std::vector<OutageMode> modes;
  for (const auto& s : run.scenarios) {
    ModeBuilder b(s);
    for (const auto& t : s.services) {
      if (counted.count(t.id)) b.add(t, s.horizon_s);
    }
    if (b.affected) modes.push_back(b.mode);
  }
  return modes;
}

DesignEvaluation evaluate_design(const model::Model& m, const RunResult& run) {
  DesignEvaluation d;
  d.name = m.name;
  d.source = m.source;
  d.running_annual = 12 * run.running_cost_monthly.value_or(running_cost_monthly(m));
  for (const auto& s : run.scenarios) {
    DesignScenario row;
    row.scenario = s.id;
    row.rto_s = 0.0;
    row.rpo_s = 0.0;
    for (const auto& t : s.services) {
      if (t.down) {
        row.down = true;
        if (row.rto_s)
          row.rto_s = t.rto_s ? std::optional(std::max(*row.rto_s, *t.rto_s)) : t.rto_s;
      }
      if (row.rpo_s) row.rpo_s = t.rpo_s ? std::optional(std::max(*row.rpo_s, *t.rpo_s)) : t.rpo_s;
      for (const auto& o : t.objectives) {
        row.met += o.verdict == Verdict::kMet;
        row.breached += o.verdict == Verdict::kBreached;
      }
    }
    row.cost = s.cost.value_or(ScenarioCost{});
    d.met += row.met;
    d.breached += row.breached;
    d.expected_loss_annual += row.cost.annual_frequency * row.cost.total();
    d.scenarios.push_back(std::move(row));
  }
  // Per service in one pass over the results (a sweep of 10,000 services has 10,000 chains).
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::vector<OutageMode>> own(m.services.size());
  for (std::size_t i = 0; i < m.services.size(); ++i) index.emplace(m.services[i].id, i);
  for (const auto& s : run.scenarios) {
    for (const auto& t : s.services) {
      auto it = index.find(t.id);
      if (it == index.end()) continue;
      ModeBuilder b(s);
      b.add(t, s.horizon_s);
      if (b.affected) own[it->second].push_back(b.mode);
    }
  }
  std::vector<std::string> facing;
  for (std::size_t i = 0; i < m.services.size(); ++i) {
    if (m.services[i].user_facing) facing.push_back(m.services[i].id);
    d.services.push_back({m.services[i].id, outage_availability(own[i])});
  }
  if (facing.empty()) {
    for (const auto& s : m.services) facing.push_back(s.id);
  }
  // Data loss counts for every service, whether users reach it directly or not.
  std::vector<OutageMode> modes = outage_modes(run, facing);
  std::vector<std::string> all;
  for (const auto& s : m.services) all.push_back(s.id);
  std::vector<OutageMode> data = outage_modes(run, all);
  for (auto& mode : modes) mode.data_loss_s = 0.0;
  for (auto& mode : data) mode.duration_s = 0;
  modes.insert(modes.end(), data.begin(), data.end());
  d.availability = outage_availability(modes);
  return d;
}

void check_one_currency(const std::vector<const model::Model*>& models) {
  DiagnosticList diags;
  for (const model::Model* m : models) {
    if (m->currency == models.front()->currency) continue;
    diags.error({m->source, 0, 0, "/costs/currency"},
                "currency " + m->currency + " differs from " + models.front()->currency + " of " +
                    models.front()->source,
                {"write the costs of every compared design in one currency (a model without "
                 "costs.currency is in USD)"});
  }
  diags.throw_if_errors();
}

Comparison compare_designs(const std::vector<const model::Model*>& models,
                           const std::vector<RunResult>& runs) {
  if (models.size() != runs.size()) throw InternalError("compare: one run per model expected");
  check_one_currency(models);
  Comparison c;
  if (!models.empty()) c.currency = models.front()->currency;
  for (std::size_t i = 0; i < models.size(); ++i)
    c.designs.push_back(evaluate_design(*models[i], runs[i]));
  for (std::size_t i = 0; i < c.designs.size(); ++i) c.ranking.push_back(i);
  std::stable_sort(c.ranking.begin(), c.ranking.end(), [&c](std::size_t a, std::size_t b) {
    const DesignEvaluation& x = c.designs[a];
    const DesignEvaluation& y = c.designs[b];
    if (x.breached != y.breached) return x.breached < y.breached;
    return x.total_annual() < y.total_annual();
  });
  return c;
}

}  // namespace drsim::engine
