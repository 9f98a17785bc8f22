#include "engine/sim/result_codec.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"

using namespace drsim;

TEST_CASE("engine::sim::decode_result: gives back exactly what encode_result wrote", "[engine]") {
  ScenarioResult r;
  r.id = "region:ap-southeast-2";
  r.cls = "region";
  r.impact = Impact::kCatastrophic;
  r.recovery_process = "restore from backup (a: b; c)";
  r.data_loss = "no usable recovery point (db)";
  r.t0_s = 86400.1;
  r.horizon_s = 604800;
  TargetResult t;
  t.id = "db";
  t.down = true;
  t.recovered = false;
  t.rto_s = std::nullopt;
  t.rpo_s = 1.0 / 3.0;
  t.path = {{StepKind::kDetect, 0, 30, "3 failed health checks; every 10 s"},
            {StepKind::kBlocked, 30, 30, ""}};
  t.objectives = {{ObjectiveKind::kRto, 3600.0, std::nullopt, Verdict::kBreached},
                  {ObjectiveKind::kRpo, std::nullopt, 1.0 / 3.0, Verdict::kMissingPolicy}};
  r.services = {t};
  engine::sim::SimStats stats;
  stats.events = 42;
  stats.run_s = 0.125;
  engine::sim::SimStats back_stats;
  auto back = engine::sim::decode_result(engine::sim::encode_result(r, stats), &back_stats);
  CHECK(back_stats.events == 42);
  CHECK(back_stats.run_s == 0.125);
  CHECK(back.id == r.id);
  CHECK(back.impact == Impact::kCatastrophic);
  CHECK(back.recovery_process == r.recovery_process);
  CHECK(back.t0_s == 86400.1);
  REQUIRE(back.services.size() == 1);
  CHECK_FALSE(back.services[0].rto_s.has_value());
  CHECK(back.services[0].rpo_s == 1.0 / 3.0);
  CHECK(back.services[0].path[0].detail == "3 failed health checks; every 10 s");
  CHECK(back.services[0].objectives[1].verdict == Verdict::kMissingPolicy);
  CHECK_THROWS_AS(engine::sim::decode_result("12;5:abc", nullptr), InternalError);
}
