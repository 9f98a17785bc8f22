// Recovery points of a data set (engine/core/recovery_points.hpp): run times, copy arrival,
// GFS retention, survival of stores.
#include "engine/core/recovery_points.hpp"

#include <catch2/catch.hpp>

#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;

TEST_CASE("engine::backup_points: lists each run once per location with finish and arrival times",
          "[engine][points]") {
  auto m = two_region_model();
  auto b = daily_snapshot("nightly", 2 * kH, 15 * kMin, "s3-apse2");
  b.copies.push_back({"s3-apse1", 20 * kMin, {}});
  db_of(m).data->backups.push_back(b);
  m.index();
  auto pts = engine::backup_points(m, db_of(m), 0, 0, 2 * kDay);
  REQUIRE(pts.size() == 4);
  CHECK(pts[0].location == "s3-apse2");
  CHECK_FALSE(pts[0].copy);
  CHECK(pts[0].point_s == 2 * kH);
  CHECK(pts[0].available_s == 2 * kH + 15 * kMin);
  CHECK(pts[1].location == "s3-apse1");
  CHECK(pts[1].copy);
  CHECK(pts[1].available_s == 2 * kH + 35 * kMin);
  CHECK(pts[1].expires_s == 2 * kH + 7 * kDay);
  CHECK(pts[2].run == 1);
  CHECK(pts[2].point_s == kDay + 2 * kH);
}

TEST_CASE("engine::retention_age: grandfather-father-son keeps only the period's first run longer",
          "[engine][points]") {
  model::Backup b;
  b.schedule.every = 6 * kH;
  b.schedule.at = 0;
  b.retention.keep_last = 4;
  b.retention.daily = 7;
  b.retention.weekly = 4;
  b.retention.monthly = 12;
  CHECK(engine::retention_age(b, 0) == 12 * 30 * kDay);  // first of day, week and month 0
  CHECK(engine::retention_age(b, 1) == 24 * kH);         // keep_last 4 x 6 h
  CHECK(engine::retention_age(b, 4) == 7 * kDay);        // first run of day 1
  CHECK(engine::retention_age(b, 28) == 4 * 7 * kDay);   // first run of day 7 = week 1
  model::Backup forever;
  CHECK(engine::retention_age(forever, 3) == std::numeric_limits<double>::infinity());
}

TEST_CASE("engine::store_survives: ransomware needs an immutable flag or an offline store",
          "[engine][points]") {
  auto m = two_region_model();
  engine::DataLoss l;
  l.ransomware = true;
  CHECK_FALSE(engine::store_survives(m, m.stores[0], false, l));
  CHECK(engine::store_survives(m, m.stores[0], true, l));
  l.lost_domains = {"ap-southeast-2"};
  CHECK_FALSE(engine::store_survives(m, m.stores[0], true, l));
  l.ransomware = false;
  CHECK(engine::store_survives(m, m.stores[1], false, l));
  CHECK(engine::domain_survives(m, "apse1-az2", l));
  CHECK_FALSE(engine::domain_survives(m, "apse2-az2", l));
}

TEST_CASE("engine::usable_points: orders newest first with replicas before equal backups",
          "[engine][points]") {
  auto m = two_region_model();
  model::Replica async;
  async.zone = "apse1-az1";
  async.mode = model::ReplicationMode::kAsync;
  async.lag = 60;
  db_of(m).data->replicas.push_back(async);
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse1"));
  m.index();
  engine::DataLoss l;
  l.fault_s = kDay + 3 * kH;
  l.lost_domains = {"ap-southeast-2"};
  auto pts = engine::usable_points(m, db_of(m), l);
  REQUIRE(pts.size() == 2);
  CHECK(pts[0].kind == engine::PointKind::kAsyncReplica);
  CHECK(pts[0].point_s == kDay + 3 * kH - 60);
  CHECK(pts[1].kind == engine::PointKind::kBackup);
  CHECK(pts[1].point_s == kDay + 2 * kH);
}

// ---------------------------------------------------------------- calendar schedules, chains,
// scheduler outages

namespace {

engine::DataLoss region_loss(double t) {
  engine::DataLoss l;
  l.fault_s = t;
  l.lost_domains = {"ap-southeast-2"};
  return l;
}

}  // namespace

TEST_CASE("engine::achieved_rpo: weekly on sunday at 03:00, region lost Saturday 12:00 -> 6 d 9 h",
          "[engine][points][calendar]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(
      calendar_snapshot("weekly", model::ScheduleKind::kWeekly, 6, 3 * kH, "s3-apse1"));
  m.index();
  auto r = engine::achieved_rpo(m, db_of(m), region_loss(12 * kDay + 12 * kH));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 6 * kDay + 9 * kH);
  CHECK(r.point->point_s == 6 * kDay + 3 * kH);
}

TEST_CASE("engine::achieved_rpo: monthly on day 1, lost on March 31st 12:00 -> 30 d 11 h",
          "[engine][points][calendar]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(
      calendar_snapshot("monthly", model::ScheduleKind::kMonthly, 1, kH, "s3-apse1"));
  m.index();
  // Day 85 of the simulation is 2026-03-31, the last day of a 31-day month.
  auto r = engine::achieved_rpo(m, db_of(m), region_loss(85 * kDay + 12 * kH));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 30 * kDay + 11 * kH);
  CHECK(r.explanation == "day 55 01:00 snapshot monthly in s3-apse1");
}

TEST_CASE("engine::achieved_rpo: a full and 6 incrementals restore 1.3 TB from the newest",
          "[engine][points][chain]") {
  auto m = weekly_chain();
  // Saturday of the second week, 12:00: Sunday's full (day 6) + Monday..Saturday incrementals.
  auto r = engine::achieved_rpo(m, db_of(m), region_loss(12 * kDay + 12 * kH));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 11 * kH);
  CHECK(r.point->backup_kind == model::BackupKind::kIncremental);
  CHECK(r.point->chain_full == "weekly-full");
  CHECK(r.point->chain_full_point_s == 6 * kDay + kH);
  CHECK(r.point->chain_incrementals == 6);
  CHECK(r.point->transfer_bytes == 1.3e12);
  CHECK(r.explanation ==
        "today's 01:00 incremental daily-incr in s3-apse1: full weekly-full (day 6 01:00, in "
        "s3-apse1) + 6 incrementals");
}

TEST_CASE(
    "engine::achieved_rpo: incrementals without a size add write_rate x time since the "
    "previous run",
    "[engine][points][chain]") {
  auto m = weekly_chain(0);  // db writes 1 MB/s
  auto r = engine::achieved_rpo(m, db_of(m), region_loss(12 * kDay + 12 * kH));
  REQUIRE(r.point);
  CHECK(r.point->transfer_bytes == Approx(1e12 + 6 * 86400 * 1e6));  // + 518.4 GB
}

TEST_CASE("engine::achieved_rpo: a bad incremental breaks every chain through it",
          "[engine][points][chain]") {
  auto m = weekly_chain();
  auto loss = region_loss(12 * kDay + 12 * kH);
  loss.unusable = {{"db", "daily-incr", 2}};  // Friday's and Saturday's incrementals are bad
  auto r = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 2 * kDay + 11 * kH);  // Thursday's chain: full + 4 incrementals
  CHECK(r.point->chain_incrementals == 4);
  CHECK(r.point->transfer_bytes == 1.2e12);
}

TEST_CASE("engine::achieved_rpo: an expired link breaks the chain, the full alone is used",
          "[engine][points][chain]") {
  auto m = weekly_chain(50e9, 3);  // Monday's incremental is gone by Saturday
  auto r = engine::achieved_rpo(m, db_of(m), region_loss(12 * kDay + 12 * kH));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 6 * kDay + 11 * kH);
  CHECK(r.point->source == "weekly-full");
  CHECK(r.point->transfer_bytes == 1e12);
}

TEST_CASE("engine::achieved_rpo: the full lost with its store takes the chain with it",
          "[engine][points][chain]") {
  auto m = weekly_chain();
  db_of(m).data->backups[0].store = "s3-apse2";  // the full stays in the lost region
  auto r = engine::achieved_rpo(m, db_of(m), region_loss(12 * kDay + 12 * kH));
  CHECK_FALSE(r.rpo_s);
}

TEST_CASE("engine::achieved_rpo: runs are not taken while the scheduler is down",
          "[engine][points][run_by]") {
  auto m = scheduled_nightly("cron");
  const auto& b = db_of(m).data->backups[0];
  auto loss = region_loss(5 * kDay + kH);
  CHECK(*engine::achieved_rpo(m, db_of(m), loss).rpo_s == 23 * kH);
  // The scheduler was down from day 3 00:00 to day 5 00:00: day 3 and 4's runs were skipped.
  loss.skipped_runs["nightly"] = {{3 * kDay, 5 * kDay}};
  auto r = engine::achieved_rpo(m, db_of(m), loss);
  CHECK(*r.rpo_s == 2 * kDay + 23 * kH);
  CHECK(engine::run_skipped(b, 3, loss));
  CHECK_FALSE(engine::run_skipped(b, 2, loss));
}
