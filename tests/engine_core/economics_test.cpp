// Costs and frequencies of simulated scenarios (engine/core/economics.hpp): outage cost by
// impact, frequency precedence, and which results get them.
#include "engine/core/economics.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "tests/engine_core/cost_fixtures.hpp"

using namespace drsim;
using namespace drsim::test;

constexpr double kHour = 3600;

TEST_CASE("engine::economics: an outage costs time out by impact plus lost writes", "[economics]") {
  const model::Model m = costed_model();
  const engine::Frequency f{0.1, false};
  // web down 2 h, db lost 23 h of writes: 2 x 20,000 + 23 x 5,000.
  auto down = engine::scenario_cost(m,
                                    scenario("region", {target("web", true, 2 * kHour, 0.0),
                                                        target("db", true, kHour, 23 * kHour)}),
                                    f);
  CHECK(down.downtime == 40000 + 0);  // db has no downtime cost
  CHECK(down.data_loss == 115000);
  CHECK(down.total() == 155000);
  CHECK(down.annual_frequency == 0.1);
  CHECK_FALSE(down.frequency_assumed);
  // Not recovered within the 72 h horizon, and no recovery point: the catastrophic rate for the
  // horizon and the cost of unrecoverable data.
  auto lost =
      engine::scenario_cost(m,
                            scenario("region", {target("web", true, std::nullopt, 0.0),
                                                target("db", true, std::nullopt, std::nullopt)}),
                            f);
  CHECK(lost.downtime == 72 * 50000.0);
  CHECK(lost.data_loss == 1e6);
  // Degraded only: until its last path step ends (a 3 h queue), at the limited rate.
  TargetResult degraded = target("web", false, 0.0, 0.0);
  degraded.degraded = true;
  degraded.path.emplace_back(StepKind::kQueue, 0, 3 * kHour, "queued");
  CHECK(engine::scenario_cost(m, scenario("dep", {degraded}), f).downtime == 1500);
  CHECK(engine::running_cost_monthly(m) == 2000);
}

TEST_CASE("engine::economics: a domain's likelihood beats its class's, which beats the default",
          "[economics]") {
  model::Model m = costed_model();
  auto f = engine::scenario_frequency(m, region_loss("ap-southeast-2"));
  CHECK(f.per_year == 0.1);  // the documented default for a region
  CHECK(f.assumed);
  m.likelihoods.classes[model::DisruptionClass::kRegion] = 0.2;
  CHECK(engine::scenario_frequency(m, region_loss("ap-southeast-2")).per_year == 0.2);
  CHECK_FALSE(engine::scenario_frequency(m, region_loss("ap-southeast-2")).assumed);
  m.likelihoods.domains["ap-southeast-1"] = 0.05;
  CHECK(engine::scenario_frequency(m, region_loss("ap-southeast-1")).per_year == 0.05);
  CHECK(engine::scenario_frequency(m, region_loss("ap-southeast-2")).per_year == 0.2);
  // Two faults together happen as often as the rarer one.
  auto both = region_loss("ap-southeast-2");
  both.faults.push_back(region_loss("ap-southeast-1").faults.front());
  CHECK(engine::scenario_frequency(m, both).per_year == 0.05);
}

TEST_CASE("engine::economics: add_costs fills the run's currency, running cost and scenarios",
          "[economics]") {
  const model::Model m = costed_model();
  RunResult run;
  run.scenarios.push_back(scenario("region:ap-southeast-2", {target("web", true, kHour, 0.0)}));
  engine::add_costs(m, {region_loss("ap-southeast-2")}, run);
  REQUIRE(run.scenarios[0].cost);
  CHECK(run.scenarios[0].cost->total() == 20000);
  CHECK(run.scenarios[0].cost->frequency_assumed);
  CHECK(run.currency == "EUR");
  CHECK(run.running_cost_monthly == 2000);
  CHECK_THROWS_AS(engine::add_costs(m, {}, run), InternalError);
}
