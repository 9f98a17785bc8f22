// The outcomes the seed documents state (../shared/seeds/001 and 004), reproduced by the engine
// from the example models in examples/. Each check quotes what the document says.
#include <catch2/catch.hpp>

#include "engine/sim/simulator.hpp"
#include "model/loader.hpp"
#include "scenarios/loader.hpp"
#include "sim_models.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

model::Model example(const std::string& name) {
  return model::load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/" + name).model;
}

ScenarioResult run_one(const model::Model& m, const std::string& id,
                       const std::string& duration = "") {
  return engine::simulate(m, {sim_scenario(m, id, "00:00", duration)}).at(0);
}

}  // namespace

TEST_CASE("engine::simulate: seed-001 offices lost -> impact none, engineers work remotely",
          "[engine][sim][golden]") {
  auto m = example("seed-001-managed.yaml");
  auto r = run_one(m, "office:sydney-office");
  CHECK(r.impact == Impact::kNone);
  CHECK(r.recovery_process == "people work remotely");
  CHECK(r.data_loss == "none");
}

TEST_CASE("engine::simulate: seed-001 payment processor down -> limited, payments queue",
          "[engine][sim][golden]") {
  auto m = example("seed-001-managed.yaml");
  auto r = run_one(m, "dependency:assembly-payments", "4h");
  CHECK(r.impact == Impact::kLimited);
  CHECK(r.data_loss == "none");
  CHECK(r.recovery_process ==
        "wait until the outage ends (assembly-payments); queued work replayed (api, workers)");
  CHECK(service_of(r, "api").degraded);
  CHECK_FALSE(service_of(r, "api").down);
}

TEST_CASE("engine::simulate: seed-001 single AZ lost -> none, the other zones take the load",
          "[engine][sim][golden]") {
  auto m = example("seed-001-managed.yaml");
  auto r = run_one(m, "az:apse2-az3");
  CHECK(r.impact == Impact::kNone);
  CHECK(r.data_loss == "none");
  CHECK(r.recovery_process == "replace instances in surviving zones (web, api, workers +1 more)");
  // The zone holding the database primary: the Multi-AZ failover takes 30 s detection + 60 s
  // promotion, which api and workers ride through (their pool retries for 2 min).
  auto primary_zone = run_one(m, "az:apse2-az1");
  CHECK(primary_zone.impact == Impact::kNone);
  CHECK(service_of(primary_zone, "main-db").rto_s == 90.0);
  CHECK(service_of(primary_zone, "web").rto_s == 0.0);
  CHECK(service_of(primary_zone, "api").rto_s == 0.0);
  CHECK(primary_zone.data_loss == "none");
}

TEST_CASE("engine::simulate: seed-001 region lost -> severe, data from the last snapshot",
          "[engine][sim][golden]") {
  auto m = example("seed-001-managed.yaml");
  auto r = run_one(m, "region:ap-southeast-2");
  CHECK(r.impact == Impact::kSevere);
  // Day 1 00:00: the newest copy in ap-southeast-1 is day 0's 02:00 snapshot -> 22 h (max 24 h).
  CHECK(service_of(r, "main-db").rpo_s == 22 * kH);
  CHECK(service_of(r, "documents").rpo_s == 21 * kH);
  CHECK(r.data_loss == "up to 22 h (main-db)");
  CHECK(r.recovery_process ==
        "rebuild from IaC (web, api, workers); restore from backup (main-db, documents); fail "
        "back home (web, api, workers +2 more)");
  for (const auto& s : r.services) CHECK(s.recovered);
}

TEST_CASE("engine::simulate: seed-001 whole AWS lost -> catastrophic", "[engine][sim][golden]") {
  auto m = example("seed-001-managed.yaml");
  auto r = run_one(m, "vendor:aws", "7 d");  // lost for good, not the 8 h vendor default
  CHECK(r.impact == Impact::kCatastrophic);
  CHECK(r.data_loss == "no usable recovery point (main-db, documents)");
  CHECK_FALSE(service_of(r, "web").recovered);
}

TEST_CASE("engine::simulate: seed-001 AWS out for its 8 h default comes back with its data",
          "[engine][sim][golden]") {
  auto m = example("seed-001-managed.yaml");
  auto r = run_one(m, "vendor:aws");
  REQUIRE(r.outages.size() == 1);
  CHECK(r.outages[0].fault == "vendor:aws");
  CHECK(r.outages[0].duration_s == 8 * 3600.0);
  CHECK(r.outages[0].is_default);
  CHECK(r.impact == Impact::kSevere);
  CHECK(r.data_loss == "none");
  CHECK(service_of(r, "web").rto_s == 8 * 3600.0);
}

TEST_CASE("engine::simulate: seed-004 one database or queue replica lost -> no degradation",
          "[engine][sim][golden]") {
  auto m = example("seed-004-api-fortress.yaml");
  for (const char* id : {"hardware:postgres", "hardware:mongodb", "hardware:rabbitmq"}) {
    INFO(id);
    auto r = run_one(m, id);
    CHECK(r.impact == Impact::kNone);
    CHECK(r.data_loss == "none");
    for (const auto& s : r.services) {
      CHECK_FALSE(s.down);
      CHECK_FALSE(s.degraded);
    }
  }
}

TEST_CASE("engine::simulate: seed-004 all database replicas lost -> down until restored",
          "[engine][sim][golden]") {
  auto m = example("seed-004-api-fortress.yaml");
  auto list = scenarios::load_scenarios(
      std::string(DRSIM_SOURCE_DIR) + "/tests/engine_sim/data/seed-004-all-db-replicas.yaml", m);
  auto r = engine::simulate(m, list).at(0);
  CHECK(r.impact == Impact::kSevere);
  const auto& pg = service_of(r, "postgres");
  const auto& dash = service_of(r, "dashboard");
  CHECK(pg.down);
  CHECK(pg.recovered);
  CHECK(dash.down);
  CHECK(*dash.rto_s >= *pg.rto_s);
  // Day 1 00:00: the newest backup is day 0's 03:00 dump on the backup NAS -> 21 h lost.
  CHECK(pg.rpo_s == 21 * kH);
  // The first two machine losses leave a running copy; replacements start in the background.
  CHECK(r.recovery_process ==
        "replace instances in surviving zones (postgres, mongodb); restore from backup "
        "(postgres, mongodb)");
  CHECK(r.data_loss == "up to 21 h (postgres, mongodb)");
}
