// The recovery behaviours of engine/sim one at a time: warm-standby scale-up, rebuild blocked by
// what it needs, cold-tier retrieval, log replay, DNS switch after a cross-region failover,
// ransomware against mutable and immutable copies.
#include <catch2/catch.hpp>

#include "engine/core/recovery_points.hpp"
#include "engine/sim/simulator.hpp"
#include "sim_models.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

ScenarioResult run_one(const model::Model& m, const scenarios::Scenario& s) {
  return engine::simulate(m, {s}).at(0);
}

model::Service stateless(const std::string& id, std::vector<std::string> zones, int n) {
  model::Service s;
  s.id = id;
  s.placement.zones = std::move(zones);
  s.placement.instances = n;
  return s;
}

}  // namespace

TEST_CASE("engine::simulate: a warm standby scales up after detection", "[engine][sim]") {
  auto m = sim_base_model();
  auto app = stateless("app", {"r1-a", "r2-a"}, 4);
  app.placement.min_healthy = 3;
  app.recovery.scale_up = 600;
  m.services = {app};
  m.index();
  auto r = run_one(m, sim_scenario(m, "region:r1"));
  const auto& t = service_of(r, "app");
  CHECK(t.rto_s == 630.0);
  CHECK(step_of(t, "scale_up").begin_s == 30.0);
  CHECK(r.recovery_process == "scale up standby or surviving capacity (app)");
}

TEST_CASE("engine::simulate: a rebuild waits while the code host it needs is down",
          "[engine][sim]") {
  auto m = sim_base_model();
  model::Service code;
  code.id = "code";
  code.kind = model::ServiceKind::kExternal;
  code.vendor = "stripe";
  auto app = stateless("app", {"r1-a"}, 1);
  app.recovery.rebuild = 3600.0;
  model::Dependency need;
  need.service = "code";
  app.recovery.rebuild_needs = {need};
  app.recovery.recovery_site = "r2-a";
  m.services = {code, app};
  m.index();
  auto s = sim_scenario(m, "region:r1");
  auto dep = sim_scenario(m, "dependency:code", "00:00", "6h");
  s.faults.push_back(dep.faults[0]);
  auto r = run_one(m, s);
  const auto& t = service_of(r, "app");
  const auto& wait = step_of(t, "wait");
  CHECK(wait.begin_s == 30 + 50 * kMin);  // after the decision
  CHECK(wait.end_s == 6 * kH);            // the code host is back
  CHECK(wait.detail == "rebuild needs code");
  CHECK(step_of(t, "rebuild").begin_s == 6 * kH);
  CHECK(t.rto_s == 7 * kH);
}

TEST_CASE("engine::simulate: a cold-tier backup is retrieved before the restore transfer",
          "[engine][sim]") {
  auto m = sim_base_model();
  m.stores[1].tier = model::StoreTier::kArchive;
  m.stores[1].retrieval_delay = 5 * kH;
  auto db = sim_database("db", "r1-a", 10e9);
  db.data->backups.push_back(sim_snapshot(2 * kH, 0, "s2", "", 0));
  db.recovery.recovery_site = "r2-a";
  db.recovery.restore_overhead = 600;
  m.services = {db};
  m.index();
  auto r = run_one(m, sim_scenario(m, "region:r1", "01:00"));
  const auto& t = service_of(r, "db");
  const auto& retrieve = step_of(t, "retrieve");
  CHECK(retrieve.begin_s == 30 + 50 * kMin);
  CHECK(retrieve.end_s - retrieve.begin_s == 5 * kH);
  // 10 GB from the r2 store to r2-a over the 10 Gbps zone link: 8 s, plus latency.
  CHECK(*t.rto_s == Approx(30 + 50 * kMin + 5 * kH + 600 + 8).margin(1));
  CHECK(t.rpo_s == 23 * kH);
}

TEST_CASE("engine::simulate: a log archive is replayed after the base backup is restored",
          "[engine][sim]") {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  db.data->backups.push_back(sim_snapshot(2 * kH, 0, "s2", "", 0));
  model::Backup wal;
  wal.id = "wal";
  wal.kind = model::BackupKind::kLog;
  wal.schedule.every = 300;
  wal.store = "s2";
  wal.retention.window = 7 * 86400.0;
  db.data->backups.push_back(wal);
  db.recovery.recovery_site = "r2-a";
  db.recovery.replay_rate = 50e6;
  m.services = {db};
  m.index();
  auto s = sim_scenario(m, "region:r1", "01:00");
  auto r = run_one(m, s);
  const auto& t = service_of(r, "db");
  engine::DataLoss loss;
  loss.fault_s = s.t0();
  loss.lost_domains = {"r1"};
  auto expected = engine::achieved_rpo(m, m.services[0], loss);
  REQUIRE(expected.point.has_value());
  REQUIRE(expected.point->kind == engine::PointKind::kLogReplay);
  CHECK(t.rpo_s == expected.rpo_s);
  const auto& replay = step_of(t, "replay");
  CHECK(replay.end_s - replay.begin_s == Approx(expected.point->replay_bytes / 50e6));
}

TEST_CASE("engine::simulate: a cross-region failover switches DNS", "[engine][sim]") {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  db.data->replicas.push_back(async_replica("r2-a", 30));
  db.recovery.failover = model::FailoverMode::kAutomatic;
  db.recovery.dns_ttl = 60;
  m.services = {db};
  m.index();
  auto r = run_one(m, sim_scenario(m, "region:r1"));
  const auto& t = service_of(r, "db");
  CHECK(t.rto_s == 30 + 60 + 60.0);
  CHECK(t.rpo_s == 30.0);
  CHECK(step_of(t, "dns").detail == "traffic switched to r2-a");
}

TEST_CASE("engine::simulate: ransomware leaves only immutable copies", "[engine][sim]") {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  db.data->backups.push_back(sim_snapshot(2 * kH, 0, "s1", "s2", 20 * kMin));
  db.recovery.recovery_site = "r1-b";
  m.services = {db};
  m.index();
  auto mutable_only = run_one(m, sim_scenario(m, "ransomware", "12:00"));
  CHECK(mutable_only.impact == Impact::kCatastrophic);
  CHECK_FALSE(service_of(mutable_only, "db").rpo_s.has_value());

  m.stores[1].immutable = true;  // object lock on the copies in s2
  auto locked = run_one(m, sim_scenario(m, "ransomware", "12:00"));
  CHECK(locked.impact == Impact::kSevere);
  CHECK(service_of(locked, "db").rpo_s == 10 * kH);  // the 02:00 copy, before the 12:00 attack
}

TEST_CASE("engine::simulate: work still under way at the horizon is reported, not lost",
          "[engine][sim]") {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e12);  // 10 TB: the transfer alone takes 8,000 s
  db.data->backups.push_back(sim_snapshot(2 * kH, 0, "s1", "s2", 20 * kMin));
  db.recovery.recovery_site = "r3-a";
  m.services = {db};
  m.index();
  scenarios::TimeOptions o;
  o.at = "01:00";
  o.horizon = "2h";
  auto r = run_one(m, scenarios::resolve(m, {"region:r1"}, o).at(0));
  const auto& t = service_of(r, "db");
  CHECK_FALSE(t.recovered);
  CHECK_FALSE(t.rto_s.has_value());
  CHECK(t.rpo_s == 23 * kH);
  const auto& restore = step_of(t, "restore");
  CHECK(restore.begin_s == 30 + 50 * kMin);
  CHECK(restore.end_s == 2 * kH);
  CHECK(restore.detail.find("(still running at the horizon)") != std::string::npos);
  CHECK(r.impact == Impact::kCatastrophic);
}

TEST_CASE("engine::simulate: a passive standby in another region takes over a lost region",
          "[engine][sim]") {
  auto m = sim_base_model();
  auto app = stateless("app", {"r1-a", "r1-b"}, 4);
  app.placement.min_healthy = 2;
  app.standby = model::Standby{};
  app.standby->zones = {"r2-a", "r2-b"};
  app.standby->instances = 1;
  app.recovery.scale_up = 600;
  app.recovery.dns_ttl = 60;
  app.recovery.cross_region = model::FailoverScope{model::FailoverMode::kAutomatic, 60};
  m.services = {app};
  m.index();
  auto r = run_one(m, sim_scenario(m, "region:r1"));
  const auto& t = service_of(r, "app");
  CHECK(t.rto_s == 30 + 600 + 60.0);
  CHECK(step_of(t, "scale_up").detail == "passive standby in r2-a scaled to full capacity");
  CHECK(step_of(t, "dns").detail == "traffic switched to r2-a");
  CHECK(r.impact == Impact::kSevere);

  app.standby->active = true;  // multi-site: the other region already serves
  app.standby->instances = 4;
  m.services = {app};
  m.index();
  auto active = run_one(m, sim_scenario(m, "region:r1"));
  CHECK(service_of(active, "app").rto_s == 0.0);
  CHECK_FALSE(service_of(active, "app").down);
  CHECK(active.impact == Impact::kNone);
}

TEST_CASE("engine::simulate: automatic failover in the region, manual across regions",
          "[engine][sim]") {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  db.data->replicas.push_back(sync_standby("r1-b"));
  db.data->replicas.push_back(async_replica("r2-a", 5));
  db.recovery.failover = model::FailoverMode::kAutomatic;
  db.recovery.cross_region = model::FailoverScope{model::FailoverMode::kManual, 300};
  m.services = {db};
  m.index();
  auto zone = run_one(m, sim_scenario(m, "az:r1-a"));
  CHECK(service_of(zone, "db").rto_s == 90.0);
  CHECK(service_of(zone, "db").rpo_s == 0.0);
  auto region = run_one(m, sim_scenario(m, "region:r1"));
  CHECK(service_of(region, "db").rto_s == 30 + 50 * kMin + 300);
  CHECK(service_of(region, "db").rpo_s == 5.0);
}

TEST_CASE("engine::simulate: queued work is replayed once, when the damaged provider is back",
          "[engine][sim]") {
  auto m = sim_base_model();
  auto q = sim_database("jobs", "r1-a", 1e9);
  q.kind = model::ServiceKind::kQueue;
  q.data->backups.push_back(sim_snapshot(2 * kH, 0, "s1", "", 0));
  auto app = stateless("app", {"r1-a", "r1-b"}, 2);
  app.depends_on.push_back({"jobs", model::DependencyMode::kQueued, 0, 0, {}, {}});
  m.services = {q, app};
  m.index();
  auto r = run_one(m, sim_scenario(m, "corruption:jobs", "12:00"));
  const auto& jobs = service_of(r, "jobs");
  REQUIRE(jobs.rto_s);
  std::vector<PathStep> drains;
  for (const auto& p : service_of(r, "app").path) {
    if (p.kind == StepKind::kDrain) drains.push_back(p);
  }
  // The provider is degraded until the damage is noticed, then down until restored: one outage.
  REQUIRE(drains.size() == 1);
  CHECK(drains[0].begin_s == *jobs.rto_s);
  CHECK(step_of(jobs, "detect").detail == "corruption noticed after 1 h");
}

TEST_CASE("engine::simulate: ransomware and deletion say what was noticed", "[engine][sim]") {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  auto b = sim_snapshot(2 * kH, 0, "s1", "s2", 20 * kMin);
  b.immutable = true;
  db.data->backups.push_back(b);
  m.services = {db};
  m.index();
  auto rw = run_one(m, sim_scenario(m, "ransomware", "12:00"));
  CHECK(step_of(service_of(rw, "db"), "detect").detail == "ransomware noticed after 1 h");
  auto del = run_one(m, sim_scenario(m, "deletion:db", "12:00"));
  CHECK(step_of(service_of(del, "db"), "detect").detail == "deletion noticed after 1 h");
  // The home zone is healthy: the restore runs there, not at a DR site.
  CHECK(step_of(service_of(del, "db"), "restore").detail.find(" to r1-a ") != std::string::npos);
}

TEST_CASE("engine::simulate: the promoted primary is tracked, the old one is stale until resynced",
          "[engine][sim][resync]") {
  // Primary in r1-a, sync standby in r1-b, automatic failover. r1-a is out 10 min; r1-b is lost
  // at 00:50 for 4 h. By default the old primary rejoins only after a person resyncs it (decided at
  // 01:00), so at 00:50 it holds data only as of 00:00.
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  db.data->replicas.push_back(sync_standby("r1-b"));
  db.recovery.failover = model::FailoverMode::kAutomatic;
  m.services.push_back(db);
  m.index();
  auto s = sim_scenario(m, "az:r1-a", "00:00", "10 min");
  s.faults.push_back(sim_scenario(m, "az:r1-b", "00:50").faults.at(0));

  auto manual = service_of(run_one(m, s), "db");
  CHECK(manual.rpo_s == 3000.0);
  auto last = [](const TargetResult& t, const std::string& step) {
    for (auto it = t.path.rbegin(); it != t.path.rend(); ++it) {
      if (it->name() == step) return *it;
    }
    return PathStep{};
  };
  CHECK(step_of(manual, "promote").detail == "promote sync replica in r1-b");
  CHECK(last(manual, "promote").detail ==
        "promote stale replica in r1-a (missed every write since today's 00:00)");
  const auto& window = step_of(manual, "no_hot_spare");
  CHECK(window.begin_s == 90.0);  // failed over to r1-b, r1-a out of sync
  // r1-b, the old primary now, is back after the default 4 h az outage and resynced 11.52 s later
  // (the decision was made at 01:00): a spare again at 4 h 50 min 11.52 s.
  CHECK(window.end_s == Approx(3000 + 4 * 3600 + 11.52));
  CHECK(step_of(manual, "decide").end_s == 3600.0);

  m.services.back().recovery.resync.mode = model::ResyncMode::kAutomatic;
  auto automatic = service_of(run_one(m, s), "db");
  CHECK(automatic.rpo_s == 0.0);  // r1-a caught up at 10 min + 0.48 s
  const auto& resync = step_of(automatic, "resync");
  CHECK(resync.begin_s == 600.0);
  CHECK(resync.end_s == Approx(600.48));
  CHECK(step_of(automatic, "no_hot_spare").end_s == Approx(600.48));
}

TEST_CASE("engine::simulate: failback moves a service home once its region is back",
          "[engine][sim][failback]") {
  // Primary in r1-a, async copy in r2-a promoted automatically when r1 is lost at 00:00 for 2 h;
  // the old primary rejoins by itself (resync automatic), then the failback freezes writes for
  // 5 min and switches DNS back (1 min): 6 min of planned downtime, nothing lost.
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  db.data->replicas.push_back(async_replica("r2-a", 2));
  db.recovery.failover = model::FailoverMode::kAutomatic;
  db.recovery.resync.mode = model::ResyncMode::kAutomatic;
  db.recovery.dns_ttl = 60;
  db.recovery.failback.mode = model::FailbackMode::kAutomatic;
  db.recovery.failback.freeze = 300;
  m.services.push_back(db);
  m.index();

  auto incident = service_of(run_one(m, sim_scenario(m, "region:r1", "00:00", "2 h")), "db");
  CHECK(incident.rto_s == Approx(150.0));  // detect 30 s, promote 60 s, dns 60 s
  CHECK(incident.rpo_s == 2.0);
  // Back at 2 h; the 7.2 GB the old primary missed resync at 10 Gbps in 5.76 s first.
  const auto& wait = step_of(incident, "failback");
  CHECK(wait.detail == "failback waits for r1-a to resync");
  CHECK(wait.end_s == Approx(7200 + 5.76));
  const auto& sw = incident.path.at(incident.path.size() - 2);
  REQUIRE(sw.name() == "failback");
  CHECK(sw.begin_s == Approx(7200 + 5.76));
  CHECK(sw.end_s == Approx(7200 + 5.76 + 300));
  CHECK(sw.detail == "writes frozen in r2-a, the last changes moved, r1-a serves again");

  auto judged = service_of(run_one(m, sim_scenario(m, "failback:r1", "00:00", "2 h")), "db");
  CHECK(judged.rto_s == Approx(360.0));
  CHECK(judged.rpo_s == 0.0);

  // Discarding the recovery side's writes: the failback loses what r2-a took from 2 min 30 s.
  m.services.back().recovery.failback.writes = model::FailbackWrites::kDiscard;
  auto discard = service_of(run_one(m, sim_scenario(m, "failback:r1", "00:00", "2 h")), "db");
  CHECK(discard.rto_s == Approx(360.0));
  CHECK(discard.rpo_s == Approx(7200 - 150.0));

  // failback: none keeps it in r2: nothing moves, nothing is due.
  m.services.back().recovery.failback.mode = model::FailbackMode::kNone;
  auto stays = service_of(run_one(m, sim_scenario(m, "failback:r1", "00:00", "2 h")), "db");
  CHECK(stays.rto_s == 0.0);
  CHECK_THROWS(step_of(stays, "failback"));
}
