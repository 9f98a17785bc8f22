#include "reports/comparison_report.hpp"

#include <cstdio>
#include <unordered_map>

#include "reports/report_model.hpp"

namespace drsim::reports {
namespace {

std::string opt_duration(const std::optional<double>& d, const char* none) {
  return d ? duration_text(*d) : none;
}

}  // namespace

std::string availability_text(double availability) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f %%", availability * 100);
  return buf;
}

CompareReport build_compare_report(const engine::Comparison& c) {
  CompareReport r;
  r.currency = c.currency;
  r.any_meets = c.any_meets();
  std::string names;
  std::unordered_map<std::string, std::size_t> rows;  // scenario id -> index in r.scenarios
  for (const auto& d : c.designs) {
    names += (names.empty() ? "" : ", ") + d.name;
    for (const auto& s : d.scenarios) {
      auto [at, added] = rows.emplace(s.scenario, r.scenarios.size());
      if (added) r.scenarios.push_back({s.scenario, {}});
      CompareScenario* row = &r.scenarios[at->second];
      CompareCell cell;
      cell.design = d.name;
      cell.rto = s.down ? opt_duration(s.rto_s, "not recovered") : "-";
      cell.rpo = opt_duration(s.rpo_s, "no recovery point");
      cell.verdict = s.breached > 0 ? Verdict::kBreached : Verdict::kMet;
      cell.frequency = frequency_text(s.cost.annual_frequency, s.cost.frequency_assumed);
      cell.outage_cost = money_text(s.cost.total(), c.currency);
      r.assumed_frequencies = r.assumed_frequencies || s.cost.frequency_assumed;
      row->cells.push_back(std::move(cell));
    }
  }
  r.scenario_count = r.scenarios.size();
  r.title = "DR design comparison: " + names;
  for (std::size_t rank = 0; rank < c.ranking.size(); ++rank) {
    const engine::DesignEvaluation& d = c.designs[c.ranking[rank]];
    CompareDesign row;
    row.rank = rank + 1;
    row.name = d.name;
    row.source = d.source;
    row.meets_all = d.meets_all();
    row.objectives = std::to_string(d.met) + " met, " + std::to_string(d.breached) + " breached";
    row.availability = availability_text(d.availability.availability);
    row.downtime = duration_text(d.availability.downtime_s_per_year);
    row.data_loss = opt_duration(d.availability.data_loss_s_per_year, "unbounded");
    row.running = money_text(d.running_annual, c.currency);
    row.expected_loss = money_text(d.expected_loss_annual, c.currency);
    row.total = money_text(d.total_annual(), c.currency);
    r.designs.push_back(std::move(row));
  }
  if (r.designs.empty()) {
    r.conclusion = "no design to compare";
  } else if (r.any_meets) {
    const CompareDesign& best = r.designs.front();
    r.conclusion = "cheapest design that meets every objective: " + best.name + " (" + best.total +
                   " a year: " + best.running + " running + " + best.expected_loss +
                   " expected loss)";
  } else {
    const CompareDesign& best = r.designs.front();
    const std::size_t breached = c.designs[c.ranking.front()].breached;
    r.conclusion = "none meets every objective: the closest is " + best.name + " (" +
                   plural(breached, "objective", "objectives") + " breached, " + best.total +
                   " a year)";
  }
  return r;
}

}  // namespace drsim::reports
