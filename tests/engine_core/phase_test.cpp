// THE PHASE RULE (engine/core/phase.hpp): untimed scenarios start at their worst phase, and
// every service at risk carries its worst RPO, equal to `drsim analyze`'s bound.
#include "engine/core/phase.hpp"

#include <catch2/catch.hpp>

#include "engine/core/analytic.hpp"
#include "scenarios/catalog.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

// Worked case 1: daily 02:00 snapshot landing in s3-apse2 after 5 min, copied to s3-apse1
// 15 min later (arrives 02:20).
model::Model worked_case_1() {
  auto m = two_region_model();
  auto b = daily_snapshot("nightly", 2 * kH, 5 * kMin, "s3-apse2");
  b.copies.push_back({"s3-apse1", 15 * kMin, {}});
  db_of(m).data->backups.push_back(b);
  m.index();
  return m;
}

scenarios::Scenario scenario(const model::Model& m, const std::string& id, std::string at = "") {
  scenarios::TimeOptions o;
  o.at = std::move(at);
  return scenarios::resolve(m, {id}, o).front();
}

}  // namespace

TEST_CASE("engine::analyse_phase: an untimed region loss starts just before the copy lands",
          "[engine][phase]") {
  auto m = worked_case_1();
  auto p = engine::analyse_phase(m, scenario(m, "region:ap-southeast-2"));
  CHECK(p.phase == FaultPhase::kWorst);
  // 1 ms before day 2 02:20 (analyze's steady-state period starts on day 2).
  CHECK(p.start_s == Approx(2 * kDay + 2 * kH + 20 * kMin - 0.001));
  REQUIRE(p.worst.count("db") == 1);
  CHECK(*p.worst.at("db").rpo_s == 24 * kH + 20 * kMin);
  CHECK(p.note ==
        "worst phase for db (RPO up to 24 h 20 min: yesterday's 02:00 snapshot nightly in "
        "s3-apse1); --at sets another");
  // The same number analyze prints for the region loss.
  auto a = engine::analyze(m);
  CHECK(*a.services.front().losses[1].rpo_worst_s == *p.worst.at("db").rpo_s);
}

TEST_CASE("engine::analyse_phase: --at keeps its time and still reports the worst RPO",
          "[engine][phase]") {
  auto m = worked_case_1();
  auto p = engine::analyse_phase(m, scenario(m, "region:ap-southeast-2", "01:00"));
  CHECK(p.phase == FaultPhase::kGiven);
  CHECK(p.start_s == kDay + kH);
  CHECK(*p.worst.at("db").rpo_s == 24 * kH + 20 * kMin);
}

TEST_CASE(
    "engine::analyse_phase: no data at risk keeps the default; none lost starts in steady state",
    "[engine][phase]") {
  auto m = worked_case_1();
  auto office = engine::analyse_phase(m, scenario(m, "az:apse1-az1"));
  CHECK(office.phase == FaultPhase::kNoDataAtRisk);
  CHECK(office.start_s == kDay);
  CHECK(office.worst.empty());

  model::Replica az2;
  az2.zone = "apse2-az2";
  az2.mode = model::ReplicationMode::kSync;
  db_of(m).data->replicas.push_back(az2);
  db_of(m).recovery.failover = model::FailoverMode::kAutomatic;
  m.index();
  auto zone = engine::analyse_phase(m, scenario(m, "az:apse2-az1"));
  CHECK(zone.phase == FaultPhase::kWorst);
  CHECK(zone.note == "no phase loses data in steady state: its first moment");
  CHECK(zone.start_s == engine::sweep_window(m, 0).from_s);
  CHECK(*zone.worst.at("db").rpo_s == 0);
}

TEST_CASE("engine::analyse_phase: corruption starts just before the next run starts",
          "[engine][phase]") {
  auto m = worked_case_1();
  auto p = engine::analyse_phase(m, scenario(m, "corruption:db"));
  CHECK(p.phase == FaultPhase::kWorst);
  CHECK(*p.worst.at("db").rpo_s == 24 * kH);
  // Damage just before 02:00 misses that run: the previous day's is restored.
  CHECK(std::fmod(p.start_s, kDay) == Approx(2 * kH - 0.001));
  auto moved = engine::starting_at(scenario(m, "corruption:db"), p.start_s);
  CHECK(moved.t0() == p.start_s);
}
