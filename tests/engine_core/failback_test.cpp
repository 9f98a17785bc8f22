// THE FAILBACK RULE (engine/core/failback.hpp) without SimGrid: when a failback is due, its
// steps per case (replica resynced first, restored data copied whole, writes discarded,
// stateless), and where the service stands afterwards.
#include "engine/core/failback.hpp"

#include <catch2/catch.hpp>

#include "tests/engine_core/site_ids.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;
using engine::PlannedStep;

namespace {

std::vector<std::string> kinds(const engine::FailbackPlan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps) {
    out.emplace_back(s.type == PlannedStep::Type::kPeople ? "people" : to_string(s.kind));
  }
  return out;
}

// db with a second replica in the far region, promoted there after its region was lost.
engine::ServiceState failed_over(const model::Model& m, const model::Service& db) {
  engine::Situation sit;
  sit.lost_domains = {"ap-southeast-2"};
  sit.fault_s = 2 * kDay;
  auto plan =
      engine::plan_recovery(m, db, engine::initial_state(m, m.service_position(db.id)), sit);
  REQUIRE(plan.after.primary == 1);
  return plan.after;
}

model::Model with_far_replica() {
  auto m = two_region_model();
  model::Replica far;
  far.zone = "apse1-az1";
  far.mode = model::ReplicationMode::kAsync;
  far.lag = 5;
  db_of(m).data->replicas.push_back(far);
  db_of(m).recovery.failover = model::FailoverMode::kAutomatic;
  m.index();
  return m;
}

}  // namespace

TEST_CASE("engine::failback_due: away from the home region, unless failback is none",
          "[engine][failback]") {
  auto m = with_far_replica();
  auto& db = db_of(m);
  CHECK_FALSE(engine::failback_due(m, db, engine::initial_state(m, m.service_position(db.id))));
  const auto away = failed_over(m, db);
  CHECK(engine::failback_due(m, db, away));
  // Home is back when the home replica's zone is alive and the replica not lost.
  CHECK_FALSE(engine::home_is_back(m, db, away, {"ap-southeast-2"}));
  CHECK(engine::home_is_back(m, db, away, {}));
  db.recovery.failback.mode = model::FailbackMode::kNone;
  CHECK_FALSE(engine::failback_due(m, db, away));

  // A move inside the home region is the new normal, unless the scope is `zone`.
  db.recovery.failback.mode = model::FailbackMode::kManual;
  db.data->replicas[1].zone = "apse2-az2";
  m.index();
  engine::ServiceState st = engine::initial_state(m, m.service_position(db.id));
  st.primary = 1;
  st.sites = sites_at(m, {"apse2-az2"});
  CHECK_FALSE(engine::failback_due(m, db, st));
  db.recovery.failback.scope = model::FailbackScope::kZone;
  CHECK(engine::failback_due(m, db, st));
}

TEST_CASE("engine::plan_failback: a promoted replica moves back after home is resynced",
          "[engine][failback]") {
  auto m = with_far_replica();
  auto& db = db_of(m);
  db.recovery.dns_ttl = 60;
  db.recovery.failback.after = 4 * kH;
  db.recovery.failback.freeze = 300;
  const auto away = failed_over(m, db);
  auto plan = engine::plan_failback(m, db, away, 2 * kDay + 12 * kH);
  // No copy step: the resync rule brings the home replica back in sync before the failback.
  CHECK(kinds(plan) == std::vector<std::string>{"people", "failback", "failback", "dns"});
  CHECK(plan.steps[1].seconds == 4 * kH);
  CHECK(plan.steps[1].detail == "failback waits 4 h after apse2-az1 is back (failback.after)");
  CHECK(plan.steps[2].seconds == 300);
  CHECK(plan.steps[2].detail ==
        "writes frozen in apse1-az1, the last changes moved, apse2-az1 serves again");
  CHECK(plan.down_from == 2);  // down for the switch and the DNS change: 6 min
  CHECK_FALSE(plan.discards_writes);
  CHECK(plan.after.primary == 0);
  CHECK(site_ids(m, plan.after) == std::vector<std::string>{"apse2-az1"});
  CHECK(plan.after.out_of_sync.empty());  // both copies in sync after the frozen switch

  // Automatic: no person.
  db.recovery.failback.mode = model::FailbackMode::kAutomatic;
  CHECK(kinds(engine::plan_failback(m, db, away, 2 * kDay))[0] == "failback");
}

TEST_CASE("engine::plan_failback: restored data is copied home whole before the switch",
          "[engine][failback]") {
  auto m = two_region_model();
  auto& db = db_of(m);
  db.data->backups.push_back(daily_snapshot("nightly", 2 * kH, 600, "s3-apse1"));
  db.recovery.recovery_site = "apse1-az1";
  m.index();
  engine::Situation sit;
  sit.lost_domains = {"ap-southeast-2"};
  sit.fault_s = 2 * kDay + 3 * kH;
  auto restore =
      engine::plan_recovery(m, db, engine::initial_state(m, m.service_position(db.id)), sit);
  REQUIRE(restore.procedure == engine::Procedure::kRestore);
  REQUIRE(engine::failback_due(m, db, restore.after));
  auto plan = engine::plan_failback(m, db, restore.after, 2 * kDay + 15 * kH);
  CHECK(kinds(plan) == std::vector<std::string>{"people", "failback_sync", "failback"});
  // 500 GB over the 10 Gbps default route.
  CHECK(plan.steps[1].seconds == Approx(400));
  CHECK(plan.steps[1].detail ==
        "500 GB copied from apse1-az1 to apse2-az1 (the whole data set: home's copy diverged at "
        "the fault)");
  CHECK(plan.steps[2].seconds == 60);  // recovery.promotion: no freeze given
  CHECK(plan.down_from == 2);
  CHECK_FALSE(plan.after.restored);
  CHECK(plan.after.primary == 0);
}

TEST_CASE("engine::plan_failback: writes discard and stateless services", "[engine][failback]") {
  auto m = with_far_replica();
  auto& db = db_of(m);
  db.recovery.failback.writes = model::FailbackWrites::kDiscard;
  db.recovery.failback.mode = model::FailbackMode::kAutomatic;
  const auto away = failed_over(m, db);
  auto plan = engine::plan_failback(m, db, away, 3 * kDay);
  CHECK(kinds(plan) == std::vector<std::string>{"failback"});
  CHECK(plan.discards_writes);
  CHECK(plan.steps[0].detail ==
        "writes made in apse1-az1 discarded (failback.writes: discard); apse2-az1 serves again "
        "from its own copy");
  // The recovery side's copy now holds writes home never got: diverged from the switch.
  REQUIRE(plan.after.out_of_sync.count(1) == 1);
  CHECK(plan.after.out_of_sync.at(1).diverged);
  CHECK(plan.after.out_of_sync.at(1).since_s == 3 * kDay);

  // A stateless service starts instances at home while the recovery side serves: no downtime.
  auto& web = m.services[1];
  web.recovery.replace_time = 300;
  web.recovery.dns_ttl = 60;
  engine::ServiceState st = engine::initial_state(m, 1);
  st.sites = sites_at(m, {"apse1-az1", "apse1-az1"});
  REQUIRE(engine::failback_due(m, web, st));
  auto moved = engine::plan_failback(m, web, st, 3 * kDay);
  CHECK(kinds(moved) == std::vector<std::string>{"people", "failback", "dns"});
  CHECK(moved.steps[1].detail == "instances started in apse2-az1 while apse1-az1 serves on");
  CHECK(moved.down_from == moved.steps.size());
  CHECK(site_ids(m, moved.after) == std::vector<std::string>{"apse2-az1", "apse2-az2"});
}
