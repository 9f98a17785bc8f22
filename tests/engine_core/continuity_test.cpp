#include "engine/core/continuity.hpp"

#include <catch2/catch.hpp>

#include "test_models.hpp"

using drsim::Impact;
using drsim::ObjectiveKind;
using drsim::StepKind;
using drsim::TargetResult;
using drsim::Verdict;
using drsim::engine::ServiceOutcome;

TEST_CASE("engine::continuity_impact: follows the four levels of DESIGN §4", "[engine]") {
  using drsim::engine::continuity_impact;
  ServiceOutcome up;
  ServiceOutcome degraded;
  degraded.degraded = true;
  ServiceOutcome down;
  down.down = true;
  ServiceOutcome lost;
  lost.down = true;
  lost.recovered = false;
  ServiceOutcome internal_lost = lost;
  internal_lost.user_facing = false;
  ServiceOutcome no_point;
  no_point.user_facing = false;
  no_point.no_recovery_point = true;
  CHECK(continuity_impact({up, up}) == Impact::kNone);
  CHECK(continuity_impact({up, degraded}) == Impact::kLimited);
  CHECK(continuity_impact({degraded, down}) == Impact::kSevere);
  CHECK(continuity_impact({down, lost}) == Impact::kCatastrophic);
  CHECK(continuity_impact({up, internal_lost}) == Impact::kNone);
  CHECK(continuity_impact({up, no_point}) == Impact::kCatastrophic);
}

TEST_CASE("engine::judge_service: looks objectives up by disruption class", "[engine]") {
  auto m = drsim::test::two_region_model();
  using drsim::model::DisruptionClass;
  m.objectives.defaults[DisruptionClass::kAz] = {120.0, 0.0, std::nullopt, {}};
  m.objectives.services["db"][DisruptionClass::kAz] = {60.0, 0.0, std::nullopt, {}};
  const auto& db = m.services[0];
  const auto& web = m.services[1];
  auto v = drsim::engine::judge_service(m.objectives, db, DisruptionClass::kAz, 90.0, 0.0);
  REQUIRE(v.size() == 2);
  CHECK(v[0].kind == ObjectiveKind::kRto);
  CHECK(v[0].target_s == 60.0);
  CHECK(v[0].verdict == Verdict::kBreached);
  CHECK(v[1].verdict == Verdict::kMet);
  auto w = drsim::engine::judge_service(m.objectives, web, DisruptionClass::kAz, 90.0, 0.0);
  CHECK(w[0].verdict == Verdict::kMet);
  CHECK(w[1].verdict == Verdict::kNotApplicable);
  auto r = drsim::engine::judge_service(m.objectives, db, DisruptionClass::kRegion, std::nullopt,
                                        std::nullopt);
  CHECK(r[0].verdict == Verdict::kMissingPolicy);
  CHECK(r[1].verdict == Verdict::kMissingPolicy);
}

TEST_CASE("engine::recovery_process and data_loss: summarise a scenario in one line", "[engine]") {
  TargetResult db;
  db.id = "orders-db";
  db.down = true;
  db.rto_s = 5000;
  db.rpo_s = 82800;
  db.path = {{StepKind::kDetect, 0, 30, ""}, {StepKind::kRestore, 30, 4000, ""}};
  TargetResult web;
  web.id = "web";
  web.rpo_s = 0;
  web.path = {{StepKind::kRebuild, 30, 3000, ""}};
  TargetResult cache;
  cache.id = "cache";
  cache.recovered = false;
  cache.down = true;
  cache.rto_s = std::nullopt;
  CHECK(drsim::engine::recovery_process({db, web, cache}) ==
        "rebuild from IaC (web); restore from backup (orders-db); not recovered within the "
        "horizon (cache)");
  CHECK(drsim::engine::recovery_process({}) == "no recovery needed");
  CHECK(drsim::engine::data_loss({db, web}, {true, false}) == "up to 23 h (orders-db)");
  TargetResult gone = db;
  gone.id = "ledger";
  gone.rpo_s = std::nullopt;
  CHECK(drsim::engine::data_loss({db, gone}, {true, true}) ==
        "no usable recovery point (ledger); up to 23 h (orders-db)");
  CHECK(drsim::engine::data_loss({web}, {false}) == "none");
}

TEST_CASE("engine::judge_service: judges a third-party service only against its own objective",
          "[engine]") {
  auto m = drsim::test::two_region_model();
  using drsim::model::DisruptionClass;
  m.objectives.defaults[DisruptionClass::kDependency] = {0.0, 0.0, std::nullopt, {}};
  const auto& payments = m.services[2];
  auto v = drsim::engine::judge_service(m.objectives, payments, DisruptionClass::kDependency,
                                        4 * 3600.0, 0.0);
  CHECK(v[0].verdict == Verdict::kNotApplicable);
  CHECK(v[1].verdict == Verdict::kNotApplicable);
  m.objectives.services["payments"][DisruptionClass::kDependency] = {
      3600.0, std::nullopt, std::nullopt, {}};
  auto sla = drsim::engine::judge_service(m.objectives, payments, DisruptionClass::kDependency,
                                          4 * 3600.0, 0.0);
  CHECK(sla[0].verdict == Verdict::kBreached);
  CHECK(sla[0].target_s == 3600.0);
}
