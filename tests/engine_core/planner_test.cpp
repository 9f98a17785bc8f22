// The recovery planner (engine/core/planner.hpp) rule by rule, without SimGrid: standby
// capacity, failover per scope, failover mode none, transparent copies, repair in place.
#include "engine/core/planner.hpp"

#include <catch2/catch.hpp>

#include "tests/engine_core/site_ids.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;
using engine::Plan;
using engine::Procedure;
using engine::Situation;

namespace {

Situation lose(const std::string& domain, double at = 2 * kDay) {
  Situation s;
  s.lost_domains = {domain};
  s.fault_s = at;
  return s;
}

Plan plan_of(const model::Model& m, const std::string& id, const Situation& s) {
  const auto* svc = m.find_service(id);
  REQUIRE(svc);
  return engine::plan_recovery(m, *svc, engine::initial_state(m, m.service_position(id)), s);
}

std::vector<std::string> kinds(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps) out.emplace_back(to_string(s.kind));
  return out;
}

double lower_bound(const model::Model& m, const Plan& p, const Situation& s) {
  double t = 0;
  for (const auto& term : engine::plan_terms(m, p, engine::team_ready_after(m, s))) {
    t += term.seconds;
  }
  return t;
}

using V = std::vector<std::string>;

// web with 4 instances in ap-southeast-2 and a passive standby of 1 in ap-southeast-1.
model::Model warm_standby_web(bool active) {
  auto m = two_region_model();
  auto& web = m.services[1];
  web.placement.instances = 4;
  web.placement.min_healthy = 2;
  web.standby = model::Standby{};
  web.standby->zones = {"apse1-az1", "apse1-az2"};
  web.standby->instances = active ? 4 : 1;
  web.standby->active = active;
  web.recovery.scale_up = 600;
  web.recovery.dns_ttl = 60;
  m.index();
  return m;
}

}  // namespace

TEST_CASE("engine::initial_state: every instance at its domain's position, the standby last",
          "[engine][planner]") {
  auto m = warm_standby_web(false);
  const auto web = m.service_position("web");
  const auto st = engine::initial_state(m, web);
  CHECK(site_ids(m, st) == V{"apse2-az1", "apse2-az2", "apse2-az1", "apse2-az2", "apse1-az1"});
  CHECK(st.standby == engine::PerInstance<bool>{false, false, false, false, true});
  CHECK(st.hw_lost == engine::PerInstance<bool>(5, false));
  // Instances changed without index() again: refused, not placed where they no longer are.
  m.services[web].standby->instances = 2;
  CHECK_THROWS_WITH(engine::initial_state(m, web),
                    "service " + std::to_string(web) +
                        " is not indexed: Model::index() was not called after the services "
                        "changed");
  m.index();
  CHECK(site_ids(m, engine::initial_state(m, web)).back() == "apse1-az2");
}

TEST_CASE("engine::plan_recovery: a passive standby takes over after scale-up and DNS",
          "[engine][planner]") {
  auto m = warm_standby_web(false);
  auto s = lose("ap-southeast-2");
  auto p = plan_of(m, "web", s);
  CHECK_FALSE(p.serving);
  CHECK(p.procedure == Procedure::kStandby);
  CHECK(kinds(p) == V{"detect", "scale_up", "dns"});
  CHECK(lower_bound(m, p, s) == 30 + 600 + 60);
  // Afterwards every instance serves from the standby's region.
  for (const auto& site : site_ids(m, p.after)) CHECK(m.within(site, "ap-southeast-1"));
  CHECK(engine::capacity_ok(m, m.services[1], p.after, s.lost_domains));
}

TEST_CASE("engine::plan_recovery: an active standby keeps serving through a region loss",
          "[engine][planner]") {
  auto m = warm_standby_web(true);
  auto p = plan_of(m, "web", lose("ap-southeast-2"));
  CHECK(p.serving);
  CHECK(p.steps.empty());
}

TEST_CASE("engine::plan_recovery: a standby that needs a person waits for the decision",
          "[engine][planner]") {
  auto m = warm_standby_web(false);
  m.services[1].recovery.cross_region = model::FailoverScope{model::FailoverMode::kManual, 60};
  auto s = lose("ap-southeast-2");
  auto p = plan_of(m, "web", s);
  CHECK(kinds(p) == V{"detect", "decide", "scale_up", "dns"});
  CHECK(lower_bound(m, p, s) == 30 + 300 + 900 + 1800 + 600 + 60);
}

TEST_CASE("engine::plan_recovery: failover per scope, automatic in the region, manual across",
          "[engine][planner]") {
  auto m = two_region_model();
  auto& db = db_of(m);
  model::Replica az2;
  az2.zone = "apse2-az2";
  az2.mode = model::ReplicationMode::kSync;
  model::Replica dr;
  dr.zone = "apse1-az1";
  dr.mode = model::ReplicationMode::kAsync;
  dr.lag = 5;
  db.data->replicas = {db.data->replicas[0], az2, dr};
  db.recovery.failover = model::FailoverMode::kAutomatic;
  db.recovery.cross_region = model::FailoverScope{model::FailoverMode::kManual, 300};
  db.recovery.dns_ttl = 60;
  m.index();

  auto zone = lose("apse2-az1");
  auto pz = plan_of(m, "db", zone);
  CHECK(pz.procedure == Procedure::kAutomaticFailover);
  CHECK(kinds(pz) == V{"detect", "promote"});  // same region: no DNS switch
  CHECK(lower_bound(m, pz, zone) == 90);
  REQUIRE(pz.rpo);
  CHECK(pz.rpo->rpo_s == 0.0);
  CHECK(pz.after.primary == 1);

  auto region = lose("ap-southeast-2");
  auto pr = plan_of(m, "db", region);
  CHECK(pr.procedure == Procedure::kManualFailover);
  CHECK(kinds(pr) == V{"detect", "decide", "promote", "dns"});
  CHECK(lower_bound(m, pr, region) == 30 + 3000 + 300 + 60);
  CHECK(pr.rpo->rpo_s == 5.0);
}

TEST_CASE("engine::plan_recovery: failover mode none never promotes, a backup is restored",
          "[engine][planner]") {
  auto m = two_region_model();
  auto& db = db_of(m);
  db.data->replicas.push_back([] {
    model::Replica r;
    r.zone = "apse2-az2";
    r.mode = model::ReplicationMode::kSync;
    return r;
  }());
  db.data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2"));
  db.recovery.failover = model::FailoverMode::kNone;
  m.index();
  auto p = plan_of(m, "db", lose("apse2-az1", 2 * kDay + 8 * kH));
  CHECK(p.procedure == Procedure::kRestore);
  REQUIRE(p.rpo);
  CHECK(*p.rpo->rpo_s == 6 * kH);  // today's 02:00 snapshot, not the sync standby

  db.data->backups.clear();
  auto none = plan_of(m, "db", lose("apse2-az1"));
  CHECK(none.procedure == Procedure::kNoRecoveryPoint);
  CHECK(none.blocked ==
        "no recovery point: the surviving sync replica in apse2-az2 is never promoted (failover "
        "mode none) and no backup survives");
}

TEST_CASE("engine::plan_recovery: queues, KV and object stores serve on from a sync copy",
          "[engine][planner]") {
  auto m = two_region_model();
  auto& db = db_of(m);
  db.kind = model::ServiceKind::kQueue;
  db.placement.zones = {"apse2-az1", "apse2-az2"};
  db.placement.instances = 2;
  model::Replica r;
  r.zone = "apse2-az2";
  r.mode = model::ReplicationMode::kSync;
  db.data->replicas.push_back(r);
  // A cross-region procedure (as a strategy preset writes it) changes nothing inside the region.
  db.recovery.cross_region = model::FailoverScope{model::FailoverMode::kAutomatic, 60};
  m.index();
  auto p = plan_of(m, "db", lose("apse2-az1"));
  CHECK(p.serving);
}

TEST_CASE("engine::plan_recovery: logical damage is repaired where the service runs",
          "[engine][planner]") {
  auto m = two_region_model();
  auto& db = db_of(m);
  db.data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2"));
  db.recovery.recovery_site = "ap-southeast-1";  // the DR site, for when home is lost
  db.recovery.dns_ttl = 60;
  m.index();
  Situation s;
  s.fault_s = 2 * kDay + 8 * kH;
  s.damage = engine::Damage::kRansomware;
  s.detect_after_s = kH;
  db.data->backups[0].immutable = true;
  m.index();
  auto p = plan_of(m, "db", s);
  CHECK(p.procedure == Procedure::kRestore);
  REQUIRE(p.steps.size() >= 1);
  CHECK(p.steps.front().detail == "ransomware noticed after 1 h");
  const engine::PlannedStep* transfer = nullptr;
  for (const auto& step : p.steps) {
    if (step.type == engine::PlannedStep::Type::kTransfer) transfer = &step;
  }
  REQUIRE(transfer);
  CHECK(transfer->to_site == "apse2-az1");  // home is healthy: no DR site, no DNS switch
  CHECK(kinds(p) == V{"detect", "decide", "restore"});

  s.lost_domains = {"ap-southeast-2"};  // home lost too: the DR site it is
  auto dr = plan_of(m, "db", s);
  for (const auto& step : dr.steps) {
    if (step.type == engine::PlannedStep::Type::kTransfer) CHECK(step.to_site == "ap-southeast-1");
  }
}

TEST_CASE("engine::plan_recovery: object versions kept with the data restore in place, as a step",
          "[engine][planner]") {
  auto m = two_region_model();
  auto& db = db_of(m);
  db.kind = model::ServiceKind::kObjectStore;
  model::Backup versions;
  versions.id = "versions";
  versions.kind = model::BackupKind::kVersioning;
  versions.schedule.every = 1;
  versions.retention.window = 7 * kDay;
  db.data->backups.push_back(versions);
  m.index();
  Situation s;
  s.fault_s = 2 * kDay;
  s.damage = engine::Damage::kDeletion;
  s.detect_after_s = kH;
  auto p = plan_of(m, "db", s);
  CHECK(p.procedure == Procedure::kRestore);
  CHECK(kinds(p) == V{"detect", "decide", "restore"});
  CHECK(p.steps.back().detail.find("in place") != std::string::npos);
}

TEST_CASE("engine::plan_recovery: a dependency fault waits for the provider", "[engine][planner]") {
  auto m = two_region_model();
  auto st = engine::initial_state(m, 2);
  st.dependency_faults = 1;
  auto p = engine::plan_recovery(m, m.services[2], st, Situation{});
  CHECK(p.procedure == Procedure::kWaitForProvider);
  CHECK(kinds(p) == V{"detect"});
}

TEST_CASE("engine::plan_recovery: replacing lost instances leaves the standby a standby",
          "[engine][planner]") {
  auto m = warm_standby_web(false);
  auto& web = m.services[1];
  web.placement.min_healthy = 3;  // losing one zone of four instances falls short
  web.recovery.scale_up = 0;
  auto s = lose("apse2-az1");
  auto p = plan_of(m, "web", s);
  CHECK(p.procedure == Procedure::kStandby);  // a passive standby is there: it takes over

  web.standby.reset();
  m.index();  // the instances changed
  auto r = plan_of(m, "web", s);
  CHECK(r.procedure == Procedure::kReplace);
  for (const auto& site : site_ids(m, r.after)) CHECK(site == "apse2-az2");

  auto w = warm_standby_web(false);
  w.services[1].placement.min_healthy = 1;  // serving: replaced in the background
  auto bg = plan_of(w, "web", s);
  CHECK(bg.serving);
  CHECK(bg.replace_in_background);
  REQUIRE(bg.after.standby.size() == 5);
  CHECK(bg.after.standby[4]);  // still a standby
  CHECK(site_ids(w, bg.after)[4] == "apse1-az1");
}

TEST_CASE("engine::plan_recovery: a replica seconds behind is promoted before a newer backup",
          "[engine][planner]") {
  // An async replica 5 s behind in apse2-az2 and a snapshot every hour that lands 1 s after it
  // starts: 2 s after the 00:00 run, the backup is 3 s newer than the replica.
  auto m = two_region_model();
  auto& db = db_of(m);
  model::Replica az2;
  az2.zone = "apse2-az2";
  az2.mode = model::ReplicationMode::kAsync;
  az2.lag = 5;
  db.data->replicas.push_back(az2);
  db.recovery.failover = model::FailoverMode::kAutomatic;
  auto hourly = daily_snapshot("hourly", 0, 1, "s3-apse2");
  hourly.schedule.every = kH;
  db.data->backups.push_back(hourly);
  m.index();

  auto zone = lose("apse2-az1", 2 * kDay + 2);
  auto runbook = plan_of(m, "db", zone);
  CHECK(runbook.procedure == Procedure::kAutomaticFailover);
  CHECK(runbook.rpo->rpo_s == 5.0);
  CHECK(runbook.rpo->explanation == "async replica in apse2-az2 (lag 5 s)");

  db.recovery.prefer = model::PointPreference::kNewest;
  auto newest = plan_of(m, "db", zone);
  CHECK(newest.procedure == Procedure::kRestore);
  CHECK(newest.rpo->rpo_s == 2.0);
  CHECK(newest.rpo->explanation == "today's 00:00 snapshot hourly in s3-apse2");
}

TEST_CASE("engine::plan_recovery: a restore moves the full and every incremental of the chain",
          "[engine][planner][chain]") {
  auto m = weekly_chain();  // 1 TB full + 6 x 50 GB at 1 Gbps
  Plan p = plan_of(m, "db", lose("ap-southeast-2", 12 * kDay + 12 * kH));
  CHECK(p.procedure == Procedure::kRestore);
  const engine::PlannedStep* transfer = nullptr;
  for (const auto& s : p.steps) {
    if (s.type == engine::PlannedStep::Type::kTransfer) transfer = &s;
  }
  REQUIRE(transfer);
  CHECK(transfer->bytes == 1.3e12);
  CHECK(transfer->bandwidth == 1.25e8);
  CHECK(transfer->bytes / transfer->bandwidth == 10400);  // 2 h 53 min 20 s
  CHECK(transfer->detail ==
        "1.3 TB from s3-apse1 to apse1-az1 (today's 01:00 incremental daily-incr in s3-apse1: "
        "full weekly-full (day 6 01:00, in s3-apse1) + 6 incrementals)");
}

TEST_CASE("engine::plan_recovery: a scheduler's down windows skip the runs it starts",
          "[engine][planner][run_by]") {
  auto m = scheduled_nightly("web");
  Situation s = lose("ap-southeast-2", 5 * kDay + kH);
  s.down_windows["web"] = {{3 * kDay, 5 * kDay}};
  Plan p = plan_of(m, "db", s);
  REQUIRE(p.rpo);
  CHECK(*p.rpo->rpo_s == 2 * kDay + 23 * kH);
}

TEST_CASE("engine::plan_recovery: a bad newest run or a destroyed store changes what is restored",
          "[engine][planner]") {
  auto m = two_region_model();
  auto b = daily_snapshot("nightly", 2 * kH, 0, "s3-apse2");
  b.copies.push_back({"s3-apse1", 20 * kMin, {}});
  db_of(m).data->backups.push_back(b);
  m.index();
  auto s = lose("ap-southeast-2", 2 * kDay + 1 * kH);
  auto good = plan_of(m, "db", s);
  REQUIRE(good.rpo);
  CHECK(*good.rpo->rpo_s == 23 * kH);
  s.unusable = {{"db", "nightly", 1}};
  auto bad = plan_of(m, "db", s);
  CHECK(bad.procedure == Procedure::kRestore);
  REQUIRE(bad.rpo);
  CHECK(*bad.rpo->rpo_s == 47 * kH);
  CHECK(bad.steps.back().detail ==
        "500 GB from s3-apse1 to apse1-az1 (yesterday's 02:00 snapshot nightly unusable; day 0 "
        "02:00 snapshot nightly in s3-apse1)");
  s.unusable.clear();
  s.destroyed_stores = {"s3-apse1"};
  auto gone = plan_of(m, "db", s);
  CHECK(gone.procedure == Procedure::kNoRecoveryPoint);
  CHECK(gone.blocked ==
        "no recovery point: copies in s3-apse1 destroyed, and no other point survives");
}

TEST_CASE("engine::mark_out_of_sync / plan_resync: who misses writes and how they rejoin",
          "[engine][planner][resync]") {
  auto m = two_region_model();
  auto& db = db_of(m);
  model::Replica az2;
  az2.zone = "apse2-az2";
  az2.mode = model::ReplicationMode::kSync;
  db.data->replicas.push_back(az2);
  db.recovery.failover = model::FailoverMode::kAutomatic;
  m.index();
  auto st = engine::initial_state(m, m.service_position(db.id));
  CHECK(engine::hot_spare(m, db, st, {}));

  // The standby's zone is lost while the primary serves: behind from then on, no hot spare.
  engine::mark_out_of_sync(m, db, st, {"apse2-az2"}, 2 * kDay);
  REQUIRE(st.out_of_sync.count(1) == 1);
  CHECK(st.out_of_sync.at(1).since_s == 2 * kDay);
  CHECK_FALSE(st.out_of_sync.at(1).diverged);
  CHECK_FALSE(engine::hot_spare(m, db, st, {}));
  // Back 1 h later it catches up by itself: 3.6 GB missed at 10 Gbps.
  auto catch_up = engine::plan_resync(m, db, st, 1, 2 * kDay + kH);
  REQUIRE(catch_up.size() == 1);
  CHECK(catch_up[0].seconds == Approx(2.88));
  CHECK(catch_up[0].detail == "copy in apse2-az2 resynced after 1 h out of sync");

  // The primary's zone is lost: failover; the old primary has diverged.
  auto fresh = engine::initial_state(m, m.service_position(db.id));
  auto plan = engine::plan_recovery(m, db, fresh, lose("apse2-az1"));
  CHECK(plan.after.primary == 1);
  REQUIRE(plan.after.out_of_sync.count(0) == 1);
  CHECK(plan.after.out_of_sync.at(0).diverged);
  // By default it rejoins only after a person and the root cause: people, root cause, resync.
  db.recovery.resync.root_cause = 4 * kH;
  auto rejoin = engine::plan_resync(m, db, plan.after, 0, 2 * kDay + kH);
  REQUIRE(rejoin.size() == 3);
  CHECK(rejoin[0].type == engine::PlannedStep::Type::kPeople);
  CHECK(rejoin[1].seconds == 4 * kH);
  CHECK(rejoin[2].detail == "diverged copy in apse2-az1 resynced after 1 h out of sync");

  // Losing the new primary before the resync: the stale copy holds data as of the first loss,
  // and only a person promotes it.
  Situation second = lose("apse2-az2", 2 * kDay + kH);
  auto again = engine::plan_recovery(m, db, plan.after, second);
  CHECK(again.procedure == Procedure::kManualFailover);
  REQUIRE(again.rpo);
  CHECK(*again.rpo->rpo_s == kH);
  CHECK(again.rpo->explanation ==
        "stale replica in apse2-az1 (missed every write since today's 00:00)");
}
