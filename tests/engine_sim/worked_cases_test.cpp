// DESIGN.md §4 worked cases run through the full engine (SimGrid platform, actors, transfers):
// the numbers are the design's, to the second, or within 1 s where link latency enters.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/core/analytic.hpp"
#include "engine/core/des_runtime.hpp"
#include "engine/core/recovery_points.hpp"
#include "engine/sim/simulator.hpp"
#include "sim_models.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

ScenarioResult run_one(const model::Model& m, const scenarios::Scenario& s) {
  return engine::simulate(m, {s}).at(0);
}

model::Model failover_model(model::FailoverMode mode) {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 100e9);
  db.placement.zones = {"r1-a", "r1-b"};
  db.placement.instances = 2;
  db.data->replicas.push_back(sync_standby("r1-b"));
  db.recovery.failover = mode;
  db.recovery.promotion = 60;
  db.recovery.detect_interval = 10;
  db.recovery.detect_threshold = 3;
  m.services.push_back(db);
  m.index();
  return m;
}

// `n` databases of 500 GB in r1-a whose snapshots are copied to s2 (r2) and restored into r3-a:
// every restore crosses the one 10 Gbps link between r2 and r3.
model::Model storm_model(int n) {
  auto m = sim_base_model();
  for (int i = 0; i < n; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "db%02d", i);
    auto db = sim_database(id, "r1-a", 500e9);
    db.data->backups.push_back(sim_snapshot(2 * kH, 0, "s1", "s2", 20 * kMin));
    db.recovery.recovery_site = "r3-a";
    m.services.push_back(db);
  }
  m.index();
  return m;
}

double transfer_seconds(const TargetResult& t) {
  for (const auto& p : t.path) {
    if (p.name() == "restore" && p.detail.find(" from s2 to r3-a") != std::string::npos) {
      return p.end_s - p.begin_s;
    }
  }
  throw std::runtime_error("no restore transfer in the path of " + t.id);
}

}  // namespace

TEST_CASE("engine::simulate: worked case 2, automatic failover to a sync standby, RTO 90 s",
          "[engine][sim]") {
  auto m = failover_model(model::FailoverMode::kAutomatic);
  auto r = run_one(m, sim_scenario(m, "az:r1-a"));
  const auto& db = service_of(r, "db");
  CHECK(db.down);
  CHECK(db.rto_s == 90.0);
  CHECK(db.rpo_s == 0.0);
  CHECK(step_of(db, "detect").end_s == 30.0);
  CHECK(step_of(db, "promote").begin_s == 30.0);
  CHECK(step_of(db, "promote").end_s == 90.0);
  CHECK(r.impact == Impact::kSevere);
  CHECK(r.data_loss == "none");
}

TEST_CASE("engine::simulate: worked case 3, manual failover waits for people, RTO 51 min 30 s",
          "[engine][sim]") {
  auto m = failover_model(model::FailoverMode::kManual);
  auto r = run_one(m, sim_scenario(m, "az:r1-a"));
  const auto& db = service_of(r, "db");
  // 30 s detection + 5 min page + 15 min response + 30 min decision + 60 s promotion.
  CHECK(db.rto_s == 30 + 5 * kMin + 15 * kMin + 30 * kMin + 60);
  CHECK(db.rto_s == 51 * kMin + 30);
  CHECK(db.rpo_s == 0.0);
  CHECK(step_of(db, "page").begin_s == 30.0);
  CHECK(step_of(db, "decide").end_s == 30 + 50 * kMin);
}

TEST_CASE("engine::simulate: worked case 5, twenty concurrent restores share one 10 Gbps link",
          "[engine][sim]") {
  auto one = storm_model(1);
  auto r1 = run_one(one, sim_scenario(one, "region:r1", "01:00"));
  // 500 GB over 10 Gbps (1.25 GB/s) alone: 400 s, plus the link latencies.
  CHECK(transfer_seconds(service_of(r1, "db00")) == Approx(400).margin(1));

  auto storm = storm_model(20);
  // SimGrid, and drsim's own event loop that trials run on: the same sharing.
  for (const auto& r20 :
       {run_one(storm, sim_scenario(storm, "region:r1", "01:00")),
        engine::simulate_in_process(storm, sim_scenario(storm, "region:r1", "01:00"))}) {
    for (const auto& t : r20.services) {
      CHECK(transfer_seconds(t) == Approx(8000).margin(1));
      // People start every restore at 50 min 30 s; the storm ends about 8,000 s later.
      CHECK(*t.rto_s == Approx(30 + 50 * kMin + 8000).margin(1));
      CHECK(t.rpo_s == 23 * kH);
    }
    CHECK(r20.impact == Impact::kSevere);
  }
}

TEST_CASE("engine::simulate: worked case 6, a 4 h provider outage behind a 24 h queue is limited",
          "[engine][sim]") {
  auto m = sim_base_model();
  model::Service payments;
  payments.id = "payments";
  payments.kind = model::ServiceKind::kExternal;
  payments.vendor = "stripe";
  model::Service checkout;
  checkout.id = "checkout";
  checkout.placement.zones = {"r1-a", "r1-b"};
  checkout.placement.instances = 2;
  checkout.depends_on = {{"payments", model::DependencyMode::kQueued, 24 * kH, 0, {}, {}}};
  m.services = {payments, checkout};
  m.index();
  auto r = run_one(m, sim_scenario(m, "dependency:payments", "10:00", "4h"));
  const auto& c = service_of(r, "checkout");
  CHECK_FALSE(c.down);
  CHECK(c.degraded);
  CHECK(c.rto_s == 0.0);
  CHECK(c.rpo_s == 0.0);
  CHECK(step_of(c, "drain").begin_s == 4 * kH);
  CHECK(service_of(r, "payments").rto_s == 4 * kH);
  CHECK(r.impact == Impact::kLimited);
  CHECK(r.data_loss == "none");
  CHECK(r.recovery_process ==
        "wait until the outage ends (payments); queued work replayed (checkout)");

  // The same outage behind a 1 h queue: the queue overflows and checkout is down 1 h .. 4 h.
  m.services[1].depends_on[0].buffer = kH;
  auto small = run_one(m, sim_scenario(m, "dependency:payments", "10:00", "4h"));
  CHECK(service_of(small, "checkout").down);
  CHECK(service_of(small, "checkout").rto_s == 4 * kH);
  CHECK(small.impact == Impact::kSevere);
}

TEST_CASE("engine::simulate: worked case 7, losing an office nothing runs in has no impact",
          "[engine][sim]") {
  auto m = failover_model(model::FailoverMode::kManual);
  auto r = run_one(m, sim_scenario(m, "office:hq"));
  CHECK(r.impact == Impact::kNone);
  CHECK(r.recovery_process == "people work remotely");
  CHECK(r.data_loss == "none");
  CHECK(service_of(r, "db").rto_s == 0.0);
}

TEST_CASE("engine::simulate: worked case 1, the simulated RPO is the analytic one",
          "[engine][sim]") {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  db.data->backups.push_back(sim_snapshot(2 * kH, 5 * kMin, "s1", "s2", 15 * kMin));
  db.recovery.recovery_site = "r2-a";
  m.services.push_back(db);
  m.index();
  auto at_0100 = run_one(m, sim_scenario(m, "region:r1", "01:00"));
  CHECK(service_of(at_0100, "db").rpo_s == 23 * kH);
  CHECK(at_0100.data_loss == "up to 23 h (db)");
  auto at_0210 = run_one(m, sim_scenario(m, "region:r1", "02:10"));
  CHECK(service_of(at_0210, "db").rpo_s == 24 * kH + 10 * kMin);

  // The analytic sweep's worst phase, simulated, gives exactly the analytic worst case.
  engine::DataLoss loss;
  loss.lost_domains = {"r1"};
  auto bound = engine::sweep_rpo(m, m.services[0], loss, 86400, 86400);
  REQUIRE(bound.rpo_worst_s.has_value());
  CHECK(*bound.rpo_worst_s == Approx(24 * kH + 20 * kMin).margin(0.01));
  auto worst = sim_scenario(m, "region:r1");
  worst.faults[0].start_s = bound.worst_phase_s;
  auto sim_worst = run_one(m, worst);
  REQUIRE(service_of(sim_worst, "db").rpo_s.has_value());
  CHECK(*service_of(sim_worst, "db").rpo_s == Approx(*bound.rpo_worst_s).margin(1e-6));
}

TEST_CASE("engine::simulate: worked case 4, corruption restores the last clean snapshot",
          "[engine][sim]") {
  auto m = sim_base_model();
  auto db = sim_database("db", "r1-a", 10e9);
  auto snap = sim_snapshot(2 * kH, 0, "s1", "", 0);
  snap.retention.daily = 3;
  db.data->backups.push_back(snap);
  m.services.push_back(db);
  m.index();
  scenarios::TimeOptions o;
  o.at = "day 3 12:00";
  o.detect_after = "36h";
  auto r = run_one(m, scenarios::resolve(m, {"corruption:db"}, o).at(0));
  const auto& t = service_of(r, "db");
  CHECK(t.rpo_s == 10 * kH);  // day 3 02:00 snapshot, taken before the corruption at 12:00
  CHECK(step_of(t, "detect").end_s == 36 * kH);
  CHECK(t.down);
  CHECK(t.recovered);

  o.detect_after = "4d";
  auto late = run_one(m, scenarios::resolve(m, {"corruption:db"}, o).at(0));
  CHECK_FALSE(service_of(late, "db").rpo_s.has_value());
  CHECK(late.impact == Impact::kCatastrophic);
}

TEST_CASE("engine::simulate_run with trials: progress counts the nominal runs, then the trials",
          "[engine][sim]") {
  auto m = storm_model(3);
  std::vector<scenarios::Scenario> list = {sim_scenario(m, "region:r1", "01:00"),
                                           sim_scenario(m, "az:r1-a", "03:00")};
  engine::SimulateOptions o;
  o.jobs = 1;
  o.trials = 3;
  std::vector<std::pair<std::size_t, std::size_t>> reports;  // (done, total) as they come
  o.progress = [&](std::size_t done, std::size_t total) { reports.emplace_back(done, total); };
  engine::simulate_run(m, list, o);
  REQUIRE(reports.size() >= 4);
  CHECK(reports[0] == std::pair<std::size_t, std::size_t>{1, 8});
  CHECK(reports[1] == std::pair<std::size_t, std::size_t>{2, 8});
  CHECK(reports.back() == std::pair<std::size_t, std::size_t>{8, 8});
  for (std::size_t i = 1; i < reports.size(); ++i) {
    CHECK(reports[i].second == 8);
    CHECK(reports[i].first >= reports[i - 1].first);
  }
}

TEST_CASE("engine::simulate: the same scenarios give the same results whatever the job count",
          "[engine][sim]") {
  auto m = storm_model(3);
  std::vector<scenarios::Scenario> list = {sim_scenario(m, "region:r1", "01:00"),
                                           sim_scenario(m, "az:r1-a", "03:00"),
                                           sim_scenario(m, "office:hq")};
  engine::SimulateOptions one;
  one.jobs = 1;
  std::vector<std::pair<std::size_t, std::size_t>> reports;  // (done, total) as they come
  one.progress = [&](std::size_t done, std::size_t total) { reports.emplace_back(done, total); };
  auto a = engine::simulate(m, list, one);
  auto b = engine::simulate(m, list);
  CHECK(reports == std::vector<std::pair<std::size_t, std::size_t>>{{1, 3}, {2, 3}, {3, 3}});
  REQUIRE(a.size() == 3);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].id == list[i].id);
    CHECK(a[i].recovery_process == b[i].recovery_process);
    for (std::size_t j = 0; j < a[i].services.size(); ++j) {
      CHECK(a[i].services[j].rto_s == b[i].services[j].rto_s);
      CHECK(a[i].services[j].path.size() == b[i].services[j].path.size());
    }
  }
}
