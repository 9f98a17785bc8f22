#include "engine/core/comparison.hpp"

#include <algorithm>

#include "model/diagnostic.hpp"
#include "model/errors.hpp"

namespace drsim::engine {

std::vector<OutageMode> outage_modes(const RunResult& run,
                                     const std::vector<std::string>& services) {
  std::vector<OutageMode> modes;
  for (const auto& s : run.scenarios) {
    OutageMode mode;
    mode.rate_per_year = s.cost ? s.cost->annual_frequency : 0;
    mode.data_loss_s = 0.0;
    bool affected = false;
    for (const auto& t : s.services) {
      if (std::find(services.begin(), services.end(), t.id) == services.end()) continue;
      if (t.down) {
        mode.duration_s = std::max(mode.duration_s, outage_seconds(t, s.horizon_s));
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
    if (affected) modes.push_back(mode);
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
  std::vector<std::string> facing;
  for (const auto& s : m.services) {
    if (s.user_facing) facing.push_back(s.id);
    d.services.push_back({s.id, outage_availability(outage_modes(run, {s.id}))});
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
