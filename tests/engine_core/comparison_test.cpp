// The comparison of designs (engine/core/comparison.hpp): expected annual loss, availability from
// the outage chain, the ranking rule and one currency.
#include "engine/core/comparison.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "tests/engine_core/cost_fixtures.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

constexpr double kHour = 3600;

ObjectiveResult verdict(Verdict v) {
  ObjectiveResult o;
  o.verdict = v;
  return o;
}

}  // namespace

TEST_CASE("engine::compare: the cheapest design meeting every objective ranks first",
          "[economics][compare]") {
  model::Model cheap = costed_model();  // breaches its region RPO
  cheap.name = "cheap";
  model::Model dear = costed_model();  // meets everything, runs 3,000 a month more
  dear.name = "dear";
  REQUIRE(dear.services[1].id == "web");
  dear.services[1].costs.standby_monthly = 4000;
  auto run_of = [](const model::Model& m, double rto, double rpo, Verdict v) {
    RunResult run;
    auto s = scenario("region:ap-southeast-2",
                      {target("db", true, rto, rpo), target("web", true, rto, 0.0)});
    s.services[0].objectives = {verdict(Verdict::kMet), verdict(v)};
    run.scenarios.push_back(s);
    engine::add_costs(m, {region_loss("ap-southeast-2")}, run);
    return run;
  };
  std::vector<RunResult> runs = {run_of(cheap, 3 * kHour, 23 * kHour, Verdict::kBreached),
                                 run_of(dear, 0.5 * kHour, 0, Verdict::kMet)};
  engine::Comparison c = engine::compare_designs({&cheap, &dear}, runs);
  REQUIRE(c.ranking == std::vector<std::size_t>{1, 0});
  CHECK(c.any_meets());
  const auto& d = c.designs[1];
  CHECK(d.meets_all());
  CHECK(d.running_annual == 12 * 5000);
  // 0.1 a year x (0.5 h x 20,000) = 1,000 a year.
  CHECK(d.expected_loss_annual == Approx(1000));
  CHECK(d.total_annual() == Approx(61000));
  // web is user-facing: down 0.5 h, once in ten years.
  const double load = 0.1 * 0.5 * kHour / engine::kSecondsPerYear;
  CHECK(d.availability.availability == Approx(1 / (1 + load)).epsilon(1e-12));
  REQUIRE(d.availability.data_loss_s_per_year);
  CHECK(*d.availability.data_loss_s_per_year == 0);
  const auto& e = c.designs[0];
  CHECK(e.breached == 1);
  // 0.1 x (3 h x 20,000 + 23 h x 5,000) = 17,500 a year.
  CHECK(e.expected_loss_annual == Approx(17500));
  // The db is not user-facing, yet its lost writes count: 23 h once in ten years.
  CHECK(*e.availability.data_loss_s_per_year ==
        Approx(23 * kHour * 0.1 / (1 + 0.1 * 3 * kHour / engine::kSecondsPerYear)));
  CHECK(e.scenarios[0].rto_s == 3 * kHour);
  CHECK(e.scenarios[0].rpo_s == 23 * kHour);
  REQUIRE(e.services.size() == 3);
  CHECK(e.services[0].service == "db");
  CHECK(e.services[0].availability.states == 2);

  // Neither meets: the one with fewer breaches is the closest, whatever it costs.
  runs[1].scenarios[0].services[0].objectives.push_back(verdict(Verdict::kBreached));
  runs[1].scenarios[0].services[0].objectives.push_back(verdict(Verdict::kBreached));
  c = engine::compare_designs({&cheap, &dear}, runs);
  CHECK_FALSE(c.any_meets());
  CHECK(c.ranking == std::vector<std::size_t>{0, 1});
}

TEST_CASE("engine::compare: a design not recovered is down for the horizon", "[compare]") {
  model::Model m = costed_model();
  RunResult run;
  run.scenarios.push_back(scenario(
      "region:ap-southeast-2",
      {target("web", true, std::nullopt, 0.0), target("db", true, std::nullopt, std::nullopt)}));
  engine::add_costs(m, {region_loss("ap-southeast-2")}, run);
  engine::DesignEvaluation d = engine::evaluate_design(m, run);
  CHECK_FALSE(d.scenarios[0].rto_s);
  CHECK_FALSE(d.scenarios[0].rpo_s);
  CHECK(d.availability.downtime_s_per_year == Approx(0.1 * 72 * kHour).epsilon(1e-3));
  CHECK_FALSE(d.availability.data_loss_s_per_year);  // no recovery point: unbounded
}

TEST_CASE("engine::compare: designs priced in two currencies are refused", "[compare]") {
  model::Model a = costed_model();
  model::Model b = costed_model();
  b.currency = "USD";
  b.source = "b.yaml";
  a.source = "a.yaml";
  try {
    engine::compare_designs({&a, &b}, {RunResult{}, RunResult{}});
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "b.yaml: error: /costs/currency: currency USD differs from EUR of a.yaml\n"
          "  hint: write the costs of every compared design in one currency (a model without "
          "costs.currency is in USD)\n");
  }
}
