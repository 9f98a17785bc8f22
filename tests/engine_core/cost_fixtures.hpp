// Fixtures for the economics and comparison tests: two_region_model() with costs, and scenario
// results and scenarios built by hand.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"
#include "tests/engine_core/test_models.hpp"

namespace drsim::test {

// two_region_model() with web down-time at 20,000/h (limited 500/h, catastrophic 50,000/h), db
// data at 5,000/h, and running costs of 1,000 (web standby) and 900 + 100 (db) a month.
inline model::Model costed_model() {
  model::Model m = two_region_model();
  m.currency = "EUR";
  m.costs_given = true;
  for (auto& s : m.services) {
    if (s.id == "web") {
      s.costs.standby_monthly = 1000;
      s.costs.degraded_hourly = 500;
      s.costs.downtime_hourly = 20000;
      s.costs.unrecovered_hourly = 50000;
    } else if (s.id == "db") {
      s.costs.replica_monthly = 900;
      s.costs.backup_monthly = 100;
      s.costs.data_loss_hourly = 5000;
      s.costs.data_unrecoverable = 1e6;
    }
  }
  m.index();
  return m;
}

// A service's outcome: down or not, its RTO (none: not recovered) and RPO (none: no point).
inline TargetResult target(const std::string& id, bool down, std::optional<double> rto,
                           std::optional<double> rpo) {
  TargetResult t;
  t.id = id;
  t.down = down;
  t.recovered = rto.has_value();
  t.rto_s = rto;
  t.rpo_s = rpo;
  return t;
}

// A scenario result with a 72 h horizon.
inline ScenarioResult scenario(const std::string& id, std::vector<TargetResult> services) {
  ScenarioResult s;
  s.id = id;
  s.horizon_s = 72 * 3600.0;
  s.services = std::move(services);
  return s;
}

// The loss of `region`, as `--scenario region:<region>` builds it (timing aside).
inline scenarios::Scenario region_loss(const std::string& region) {
  scenarios::Scenario s;
  s.id = "region:" + region;
  s.cls = model::DisruptionClass::kRegion;
  scenarios::Fault f;
  f.cls = model::DisruptionClass::kRegion;
  f.target = region;
  s.faults.push_back(f);
  return s;
}

}  // namespace drsim::test
