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
