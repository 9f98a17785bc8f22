// When backup runs land (engine/core/backup_landing.hpp): durations and copy delays derived from
// the bytes moved and the route's bottleneck, and the RPO rule honouring them.
#include "engine/core/backup_landing.hpp"

#include <catch2/catch.hpp>

#include "engine/core/planner.hpp"
#include "engine/core/recovery_points.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

// The worked example of backup_landing.hpp: 10 TB written at 1 MB/s, daily 02:00 snapshot into
// s3-apse2 (its region, 10 Gbps across zones) copied to s3-apse1 (another region, 10 Gbps).
model::Model ten_terabytes() {
  auto m = two_region_model();
  db_of(m).data->size = 10e12;
  auto b = daily_snapshot("nightly", 2 * kH, 0, "s3-apse2");
  b.copies.push_back({"s3-apse1", 0, {}});
  db_of(m).data->backups.push_back(b);
  m.index();
  return m;
}

}  // namespace

TEST_CASE("engine::backup_landing: derived finish and copy times of the worked example",
          "[engine][landing]") {
  auto m = ten_terabytes();
  const auto& s = db_of(m);
  const auto& b = s.data->backups[0];
  CHECK(engine::run_bytes(*s.data, b) == 86.4e9);  // one day of changed blocks
  CHECK(engine::copy_bytes(*s.data, b) == 10e12);  // a full image in the other region
  CHECK(engine::finish_after(m, s, b) == Approx(69.12));
  CHECK(engine::copy_after(m, s, b, b.copies[0]) == Approx(8000));
  CHECK(engine::landed_after(m, s, b) == Approx(8069.12));
}

TEST_CASE("engine::backup_landing: a region lost before the copy lands restores yesterday's copy",
          "[engine][landing]") {
  auto m = ten_terabytes();
  engine::DataLoss loss;
  loss.lost_domains = {"ap-southeast-2"};
  loss.fault_s = kDay + 2 * kH + 10 * kMin;  // day 1 02:10
  auto r = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 24 * kH + 10 * kMin);
  CHECK(r.explanation == "yesterday's 02:00 snapshot nightly in s3-apse1");
  // Landed at 04:14:29.12: from then on today's copy is the point.
  loss.fault_s = kDay + 4 * kH + 14 * kMin + 29.2;
  CHECK(*engine::achieved_rpo(m, db_of(m), loss).rpo_s == Approx(2 * kH + 14 * kMin + 29.2));
  loss.fault_s = kDay + 4 * kH + 14 * kMin + 29;
  CHECK(*engine::achieved_rpo(m, db_of(m), loss).rpo_s == Approx(26 * kH + 14 * kMin + 29));
}

TEST_CASE("engine::backup_landing: given durations and delays win, dumps move the whole data set",
          "[engine][landing]") {
  auto m = ten_terabytes();
  auto& b = db_of(m).data->backups[0];
  b.duration = 20 * kMin;
  b.copies[0].delay = 30 * kMin;
  CHECK(engine::landed_after(m, db_of(m), b) == 50 * kMin);
  b.duration = 0;
  b.kind = model::BackupKind::kDump;
  CHECK(engine::finish_after(m, db_of(m), b) == Approx(8000));
  db_of(m).data->write_rate = 0;  // unknown change rate: a snapshot moves everything
  b.kind = model::BackupKind::kSnapshot;
  CHECK(engine::finish_after(m, db_of(m), b) == Approx(8000));
}
