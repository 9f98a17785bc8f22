// The RPO rule of DESIGN.md §4 (engine/core/recovery_points.hpp) on models built in code,
// including worked cases 1 and 4, unusable backup runs and destroyed stores.
#include <catch2/catch.hpp>

#include "engine/core/recovery_points.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;
using engine::DataLoss;
using engine::PointKind;

namespace {

DataLoss domain_loss(double t, std::string domain) {
  DataLoss l;
  l.fault_s = t;
  l.lost_domains = {std::move(domain)};
  return l;
}

DataLoss corruption(double t, double detect_after) {
  DataLoss l;
  l.fault_s = t;
  l.logical = true;
  l.detected_s = t + detect_after;
  return l;
}

// Worked case 1: daily 02:00 snapshot into the local store, copied to the other region 20 min
// after it started (snapshot 0 min + copy 20 min).
model::Model worked_case_1() {
  auto m = two_region_model();
  auto b = daily_snapshot("nightly", 2 * kH, 0, "s3-apse2");
  b.copies.push_back({"s3-apse1", 20 * kMin, {}});
  db_of(m).data->backups.push_back(b);
  m.index();
  return m;
}

}  // namespace

TEST_CASE("engine::achieved_rpo: worked case 1, region lost at 01:00 uses yesterday's snapshot",
          "[engine][rpo]") {
  auto m = worked_case_1();
  auto r = engine::achieved_rpo(m, db_of(m), domain_loss(kDay + 1 * kH, "ap-southeast-2"));
  REQUIRE(r.applicable);
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 23 * kH);
  CHECK(r.point->kind == PointKind::kBackup);
  CHECK(r.point->location == "s3-apse1");
  CHECK(r.point->point_s == 2 * kH);
  CHECK(r.explanation == "yesterday's 02:00 snapshot nightly in s3-apse1");
}

TEST_CASE("engine::achieved_rpo: worked case 1, region lost at 02:10 before today's copy landed",
          "[engine][rpo]") {
  auto m = worked_case_1();
  auto r =
      engine::achieved_rpo(m, db_of(m), domain_loss(kDay + 2 * kH + 10 * kMin, "ap-southeast-2"));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 24 * kH + 10 * kMin);
}

TEST_CASE("engine::achieved_rpo: worked case 1, a 20 min snapshot straight into the far store",
          "[engine][rpo]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse1"));
  m.index();
  auto at = [&](double t) {
    return *engine::achieved_rpo(m, db_of(m), domain_loss(t, "ap-southeast-2")).rpo_s;
  };
  CHECK(at(kDay + 1 * kH) == 23 * kH);
  CHECK(at(kDay + 2 * kH + 10 * kMin) == 24 * kH + 10 * kMin);
  CHECK(at(kDay + 2 * kH + 19 * kMin) == 24 * kH + 19 * kMin);
  CHECK(at(kDay + 2 * kH + 20 * kMin) == 20 * kMin);  // landed exactly then: usable
}

TEST_CASE("engine::achieved_rpo: the local copy dies with its region", "[engine][rpo]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2"));
  m.index();
  auto r = engine::achieved_rpo(m, db_of(m), domain_loss(2 * kDay, "ap-southeast-2"));
  CHECK(r.applicable);
  CHECK_FALSE(r.rpo_s);
  CHECK(r.catastrophic());
  CHECK(r.explanation == "no recovery point: every replica and backup copy was lost");
  // Losing only the zone keeps the regional store: last night's snapshot, 22 h old.
  auto z = engine::achieved_rpo(m, db_of(m), domain_loss(2 * kDay, "apse2-az1"));
  REQUIRE(z.rpo_s);
  CHECK(*z.rpo_s == 22 * kH);
}

TEST_CASE("engine::achieved_rpo: a surviving primary loses nothing", "[engine][rpo]") {
  auto m = worked_case_1();
  auto r = engine::achieved_rpo(m, db_of(m), domain_loss(kDay, "ap-southeast-1"));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 0);
  CHECK(r.point->kind == PointKind::kPrimary);
  CHECK(r.explanation == "primary in apse2-az1 intact");
}

TEST_CASE("engine::achieved_rpo: a stateless service is not applicable", "[engine][rpo]") {
  auto m = worked_case_1();
  auto r = engine::achieved_rpo(m, m.services[1], domain_loss(kDay, "ap-southeast-2"));
  CHECK_FALSE(r.applicable);
  CHECK_FALSE(r.catastrophic());
}

TEST_CASE("engine::achieved_rpo: sync standby in another zone gives RPO 0", "[engine][rpo]") {
  auto m = worked_case_1();
  model::Replica standby;
  standby.zone = "apse2-az2";
  standby.mode = model::ReplicationMode::kSync;
  db_of(m).data->replicas.push_back(standby);
  m.index();
  auto r = engine::achieved_rpo(m, db_of(m), domain_loss(kDay + 5 * kH, "apse2-az1"));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 0);
  CHECK(r.point->kind == PointKind::kSyncReplica);
  CHECK_FALSE(r.point->needs_transfer);
  CHECK(r.explanation == "sync replica in apse2-az2");
}

TEST_CASE("engine::achieved_rpo: async replica loses its lag, log shipping its interval",
          "[engine][rpo]") {
  auto m = worked_case_1();
  model::Replica async;
  async.zone = "apse1-az1";
  async.mode = model::ReplicationMode::kAsync;
  async.lag = 30;
  model::Replica shipping;
  shipping.zone = "apse1-az2";
  shipping.mode = model::ReplicationMode::kLogShipping;
  shipping.interval = 5 * kMin;
  db_of(m).data->replicas.push_back(async);
  db_of(m).data->replicas.push_back(shipping);
  m.index();
  auto r = engine::achieved_rpo(m, db_of(m), domain_loss(kDay + 5 * kH, "ap-southeast-2"));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 30);
  CHECK(r.explanation == "async replica in apse1-az1 (lag 30 s)");

  DataLoss both = domain_loss(kDay + 5 * kH, "ap-southeast-2");
  both.lost_replicas = {1};  // the async replica failed on its own as well
  auto s = engine::achieved_rpo(m, db_of(m), both);
  REQUIRE(s.rpo_s);
  CHECK(*s.rpo_s == 5 * kMin);
  CHECK(s.point->kind == PointKind::kLogShipping);
  CHECK(s.explanation == "log-shipping standby in apse1-az2 (interval 5 min)");
}

TEST_CASE("engine::achieved_rpo: hardware loss of the primary falls back to the replica",
          "[engine][rpo]") {
  auto m = worked_case_1();
  model::Replica async;
  async.zone = "apse2-az2";
  async.mode = model::ReplicationMode::kAsync;
  async.lag = 2;
  db_of(m).data->replicas.push_back(async);
  m.index();
  DataLoss l;
  l.fault_s = 3 * kDay;
  l.lost_replicas = {0};
  auto r = engine::achieved_rpo(m, db_of(m), l);
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 2);
}

TEST_CASE(
    "engine::achieved_rpo: worked case 4, corruption found 36 h later restores the last "
    "snapshot before it",
    "[engine][rpo]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2", 3));
  model::Replica sync;
  sync.zone = "apse2-az2";
  sync.mode = model::ReplicationMode::kSync;
  db_of(m).data->replicas.push_back(sync);
  m.index();
  const double t = 3 * kDay + 14 * kH;  // day 3, 14:00
  auto r = engine::achieved_rpo(m, db_of(m), corruption(t, 36 * kH));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 12 * kH);  // day 3 02:00 snapshot; the sync replica is corrupted too
  CHECK(r.point->kind == PointKind::kBackup);
  CHECK(r.point->point_s == 3 * kDay + 2 * kH);
  CHECK(r.explanation == "today's 02:00 snapshot nightly in s3-apse2");
}

TEST_CASE(
    "engine::achieved_rpo: worked case 4, with log archiving the replay reaches just "
    "before the corruption",
    "[engine][rpo]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2", 3));
  db_of(m).data->backups.push_back(log_archive("wal", 5 * kMin, "s3-apse2", 7 * kDay));
  m.index();
  const double t = 3 * kDay + 14 * kH + 7 * kMin;
  auto r = engine::achieved_rpo(m, db_of(m), corruption(t, 36 * kH));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 0);
  CHECK(r.point->kind == PointKind::kLogReplay);
  CHECK(r.point->base_point_s == 3 * kDay + 2 * kH);
  CHECK(r.point->replay_bytes == Approx(1e6 * (12 * kH + 7 * kMin)));
  CHECK(r.explanation ==
        "log archive wal in s3-apse2 replayed to just before 14:07 over today's 02:00 nightly "
        "in s3-apse2");
}

TEST_CASE(
    "engine::achieved_rpo: worked case 4, detected after 4 days with 3-day retention is "
    "catastrophic",
    "[engine][rpo]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2", 3));
  m.index();
  auto r = engine::achieved_rpo(m, db_of(m), corruption(3 * kDay + 14 * kH, 4 * kDay));
  CHECK(r.applicable);
  CHECK_FALSE(r.rpo_s);
  CHECK(r.catastrophic());
  CHECK(r.explanation ==
        "no recovery point: no backup from before the damage is still retained when it is "
        "detected 4 d later");
}

TEST_CASE("engine::achieved_rpo: a weekly grandfather outlives the daily retention",
          "[engine][rpo]") {
  auto m = two_region_model();
  auto b = daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2", 3);
  b.retention.weekly = 4;
  db_of(m).data->backups.push_back(b);
  m.index();
  // Corruption on day 10 at 14:00, found 4 days later: day 10's daily is gone, day 7's weekly
  // (first run of the second week) is kept 4 weeks.
  auto r = engine::achieved_rpo(m, db_of(m), corruption(10 * kDay + 14 * kH, 4 * kDay));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 3 * kDay + 12 * kH);
  CHECK(r.point->point_s == 7 * kDay + 2 * kH);
}

TEST_CASE("engine::achieved_rpo: ransomware spares only immutable or offline copies",
          "[engine][rpo]") {
  auto m = two_region_model();
  auto b = daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2");
  b.copies.push_back({"s3-apse1", 1 * kH, {}});
  db_of(m).data->backups.push_back(b);
  m.index();
  DataLoss l;
  l.fault_s = 4 * kDay + 12 * kH;
  l.ransomware = true;
  l.detected_s = l.fault_s + 1 * kH;
  auto none = engine::achieved_rpo(m, db_of(m), l);
  CHECK(none.catastrophic());
  CHECK(none.explanation == "no recovery point: no immutable or offline copy predates the attack");

  m.stores[1].immutable = true;  // object lock on the far copy
  m.index();
  auto locked = engine::achieved_rpo(m, db_of(m), l);
  REQUIRE(locked.rpo_s);
  CHECK(*locked.rpo_s == 10 * kH);
  CHECK(locked.point->location == "s3-apse1");
  CHECK(locked.point->immutable);

  m.stores[1].immutable = false;
  m.stores[0].offline = true;  // an air-gapped local vault
  m.index();
  auto offline = engine::achieved_rpo(m, db_of(m), l);
  REQUIRE(offline.rpo_s);
  CHECK(offline.point->location == "s3-apse2");
  CHECK(offline.point->offline);
}

TEST_CASE("engine::achieved_rpo: an archive-tier copy is flagged with its retrieval delay",
          "[engine][rpo]") {
  auto m = two_region_model();
  m.stores[1].tier = model::StoreTier::kArchive;
  m.stores[1].retrieval_delay = 5 * kH;
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse1"));
  m.index();
  auto r = engine::achieved_rpo(m, db_of(m), domain_loss(2 * kDay + 6 * kH, "ap-southeast-2"));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 4 * kH);
  CHECK(r.point->retrieval_delay_s == 5 * kH);
  CHECK(r.point->needs_transfer);
  CHECK(r.point->transfer_bytes == 500e9);
  CHECK(r.explanation ==
        "today's 02:00 snapshot nightly in s3-apse1 (archive tier, retrieval 5 h)");
}

TEST_CASE("engine::achieved_rpo: losing the vendor loses every region of it", "[engine][rpo]") {
  auto m = worked_case_1();
  auto r = engine::achieved_rpo(m, db_of(m), domain_loss(2 * kDay, "aws"));
  CHECK(r.catastrophic());
}

TEST_CASE("engine::achieved_rpo: hardware loss of a lone primary restores the last backup",
          "[engine][rpo]") {
  auto m = two_region_model();
  db_of(m).data->replicas.clear();  // data lives with placement zone apse2-az1
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2"));
  m.index();
  DataLoss intact;
  intact.fault_s = kDay + 6 * kH;
  auto r = engine::achieved_rpo(m, db_of(m), intact);
  CHECK(r.point->kind == PointKind::kPrimary);
  DataLoss lost = intact;
  lost.lost_replicas = {0};
  auto l = engine::achieved_rpo(m, db_of(m), lost);
  REQUIRE(l.rpo_s);
  CHECK(*l.rpo_s == 4 * kH);
  CHECK(l.point->kind == PointKind::kBackup);
}

TEST_CASE("engine::achieved_rpo: says when there is no backup at all", "[engine][rpo]") {
  auto m = two_region_model();
  model::Replica sync;
  sync.zone = "apse2-az2";
  sync.mode = model::ReplicationMode::kSync;
  db_of(m).data->replicas.push_back(sync);
  m.index();
  auto c = engine::achieved_rpo(m, db_of(m), corruption(2 * kDay, kH));
  CHECK(c.catastrophic());
  CHECK(c.explanation == "no recovery point: replication copies the damage and there is no backup");
  auto r = engine::achieved_rpo(m, db_of(m), domain_loss(2 * kDay, "ap-southeast-2"));
  CHECK(r.explanation == "no recovery point: every replica was lost and there is no backup");
}

TEST_CASE("engine::achieved_rpo: object versions undo a deletion within their window",
          "[engine][rpo]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(object_versions("versions", "s3-apse2", 30 * kDay));
  m.index();
  const double t = 5 * kDay + 9 * kH;
  auto r = engine::achieved_rpo(m, db_of(m), corruption(t, 2 * kDay));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 0);
  CHECK(r.point->kind == PointKind::kVersioning);
  CHECK(r.explanation == "object versions versions in s3-apse2 from just before 09:00");
  auto late = engine::achieved_rpo(m, db_of(m), corruption(t, 31 * kDay));
  CHECK(late.catastrophic());
}

TEST_CASE("engine::achieved_rpo: a zone loss replays the log archive to its newest segment",
          "[engine][rpo]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2"));
  auto wal = log_archive("wal", 5 * kMin, "s3-apse2", 7 * kDay);
  wal.copies.push_back({"s3-apse1", 1 * kMin, {}});
  db_of(m).data->backups.push_back(wal);
  m.index();
  const double t = 2 * kDay + 10 * kH + 7 * kMin;
  auto zone = engine::achieved_rpo(m, db_of(m), domain_loss(t, "apse2-az1"));
  REQUIRE(zone.rpo_s);
  CHECK(*zone.rpo_s == 2 * kMin);  // the 10:05 segment
  CHECK(zone.point->kind == PointKind::kLogReplay);
  CHECK(zone.point->base_point_s == 2 * kDay + 2 * kH);
  CHECK(zone.explanation ==
        "log archive wal in s3-apse2 replayed to today's 10:05 over today's 02:00 nightly in "
        "s3-apse2");
  // Region lost: the WAL copy survives in s3-apse1 but no base snapshot does: no replay.
  auto region = engine::achieved_rpo(m, db_of(m), domain_loss(t, "ap-southeast-2"));
  CHECK(region.catastrophic());
}

TEST_CASE("engine::achieved_rpo: versions without a store live with the data", "[engine][rpo]") {
  auto m = two_region_model();
  model::Backup versions;
  versions.id = "versions";
  versions.kind = model::BackupKind::kVersioning;
  versions.schedule.every = 1;
  versions.retention.window = 7 * kDay;
  db_of(m).data->backups.push_back(versions);
  m.index();
  auto r = engine::achieved_rpo(m, db_of(m), corruption(3 * kDay, kH));
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 0);
  CHECK(r.point->location == "apse2-az1");
  CHECK_FALSE(r.point->needs_transfer);
  // Losing the zone loses the versions with the data; ransomware encrypts them too.
  CHECK(engine::achieved_rpo(m, db_of(m), domain_loss(3 * kDay, "apse2-az1")).catastrophic());
  DataLoss ransom = corruption(3 * kDay, kH);
  ransom.ransomware = true;
  CHECK(engine::achieved_rpo(m, db_of(m), ransom).catastrophic());
}

namespace {

model::Backup daily_dump(double at, std::string store) {
  auto b = daily_snapshot("logical", at, 10 * kMin, std::move(store));
  b.kind = model::BackupKind::kDump;
  return b;
}

}  // namespace

// Unusable backup runs (bad-backup scenarios) and destroyed stores: recovery falls back to the
// next usable point, and the explanation says what was skipped.

TEST_CASE("engine::achieved_rpo: the newest snapshot unusable falls back to yesterday's run",
          "[engine][rpo][unusable]") {
  auto m = worked_case_1();
  auto loss = corruption(2 * kDay + 10 * kH, kH);  // day 2 10:00, noticed at 11:00
  REQUIRE(*engine::achieved_rpo(m, db_of(m), loss).rpo_s == 8 * kH);
  loss.unusable = {{"db", "nightly", 1}};
  auto r = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 32 * kH);
  CHECK(r.point->run == 1);  // day 1 02:00
  CHECK(r.point->location == "s3-apse2");
  CHECK(r.explanation ==
        "today's 02:00 snapshot nightly unusable; yesterday's 02:00 snapshot nightly in s3-apse2");
}

TEST_CASE("engine::achieved_rpo: a separate dump serves when the newest snapshot is unusable",
          "[engine][rpo][unusable]") {
  auto m = worked_case_1();
  db_of(m).data->backups.push_back(daily_dump(4 * kH, "s3-apse1"));
  m.index();
  auto loss = corruption(2 * kDay + 10 * kH, kH);
  loss.unusable = {{"db", "nightly", 1}};
  auto r = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 6 * kH);
  CHECK(r.point->source == "logical");
  CHECK(r.explanation ==
        "today's 02:00 snapshot nightly unusable; today's 04:00 dump logical in s3-apse1");
}

TEST_CASE("engine::achieved_rpo: N newest runs or every run of a backup unusable",
          "[engine][rpo][unusable]") {
  auto m = worked_case_1();
  auto loss = corruption(2 * kDay + 10 * kH, kH);
  loss.unusable = {{"db", "nightly", 2}};
  auto two = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(two.rpo_s);
  CHECK(*two.rpo_s == 56 * kH);  // day 0 02:00
  CHECK(two.explanation ==
        "the 2 newest runs of snapshot nightly unusable (newest today's 02:00); day 0 02:00 "
        "snapshot nightly in s3-apse2");
  loss.unusable = {{"db", "nightly", 0}};
  auto all = engine::achieved_rpo(m, db_of(m), loss);
  CHECK(all.catastrophic());
  CHECK(all.explanation ==
        "no recovery point: every run of snapshot nightly unusable, and no other point survives");
}

TEST_CASE("engine::achieved_rpo: a region loss with the newest landed copy unusable",
          "[engine][rpo][unusable]") {
  auto m = worked_case_1();
  // Day 2 01:00: the newest copy that landed in s3-apse1 is day 1 02:00 (RPO 23 h); it is bad.
  auto loss = domain_loss(2 * kDay + 1 * kH, "ap-southeast-2");
  loss.unusable = {{"db", "nightly", 1}};
  auto r = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(r.rpo_s);
  CHECK(*r.rpo_s == 47 * kH);
  CHECK(r.point->location == "s3-apse1");
  CHECK(r.explanation ==
        "yesterday's 02:00 snapshot nightly unusable; day 0 02:00 snapshot nightly in s3-apse1");
}

TEST_CASE("engine::achieved_rpo: an unusable log archive or base run changes the replay",
          "[engine][rpo][unusable]") {
  auto m = worked_case_1();
  db_of(m).data->backups.push_back(log_archive("wal", 5 * kMin, "s3-apse1", 7 * kDay));
  m.index();
  auto loss = corruption(2 * kDay + 10 * kH, kH);
  // The newest snapshot bad: the replay starts from yesterday's run instead, still to 10:00.
  loss.unusable = {{"db", "nightly", 1}};
  auto base = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(base.rpo_s);
  CHECK(*base.rpo_s == 0);
  CHECK(base.point->kind == PointKind::kLogReplay);
  CHECK(base.point->base_point_s == kDay + 2 * kH);
  // The archive itself bad: today's 02:00 snapshot, 8 h.
  loss.unusable = {{"db", "wal", 1}};
  auto wal = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(wal.rpo_s);
  CHECK(*wal.rpo_s == 8 * kH);
  CHECK(wal.point->kind == PointKind::kBackup);
  CHECK(wal.explanation == "log wal unusable; today's 02:00 snapshot nightly in s3-apse2");
}

TEST_CASE("engine::achieved_rpo: a destroyed store takes its object versions, deletion does not",
          "[engine][rpo][destroy]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(object_versions("versions", "s3-apse2", 30 * kDay));
  auto copy = daily_snapshot("replica-bucket", 3 * kH, 0, "s3-apse1");
  copy.kind = model::BackupKind::kCopy;
  db_of(m).data->backups.push_back(copy);
  m.index();
  auto loss = corruption(kDay + 10 * kH, kH);  // objects deleted: versions survive
  auto deleted = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(deleted.rpo_s);
  CHECK(*deleted.rpo_s == 0);
  CHECK(deleted.point->kind == PointKind::kVersioning);

  loss.destroyed_stores = {"s3-apse2"};  // the bucket destroyed with every version
  auto destroyed = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(destroyed.rpo_s);
  CHECK(*destroyed.rpo_s == 7 * kH);
  CHECK(destroyed.point->source == "replica-bucket");
  CHECK(destroyed.explanation ==
        "copies in s3-apse2 destroyed; today's 03:00 copy replica-bucket in s3-apse1");

  loss.destroyed_stores = {"s3-apse2", "s3-apse1"};
  CHECK(engine::achieved_rpo(m, db_of(m), loss).catastrophic());
}

TEST_CASE("engine::achieved_rpo: object lock and offline stores survive their destruction",
          "[engine][rpo][destroy]") {
  auto m = worked_case_1();
  auto loss = domain_loss(2 * kDay + 1 * kH, "ap-southeast-2");
  loss.destroyed_stores = {"s3-apse1"};
  auto gone = engine::achieved_rpo(m, db_of(m), loss);
  CHECK(gone.catastrophic());
  CHECK(gone.explanation ==
        "no recovery point: copies in s3-apse1 destroyed, and no other point survives");

  m.stores[1].immutable = true;  // object lock: the bucket cannot be deleted with its versions
  auto locked = engine::achieved_rpo(m, db_of(m), loss);
  REQUIRE(locked.rpo_s);
  CHECK(*locked.rpo_s == 23 * kH);
  CHECK(locked.explanation == "yesterday's 02:00 snapshot nightly in s3-apse1");

  m.stores[1].immutable = false;
  m.stores[1].offline = true;  // air-gapped: out of the attacker's reach
  REQUIRE(engine::achieved_rpo(m, db_of(m), loss).rpo_s);

  m.stores[1].offline = false;
  db_of(m).data->backups[0].immutable = true;  // the backup's own object lock
  REQUIRE(engine::achieved_rpo(m, db_of(m), loss).rpo_s);
}
