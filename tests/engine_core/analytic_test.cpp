// Analytic bounds behind `drsim analyze` (engine/core/analytic.hpp): worst-case and mean RPO
// swept over the schedule phase with the one RPO rule, and RTO lower bounds from procedures.
#include "engine/core/analytic.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/core/network.hpp"
#include "model/civil_date.hpp"
#include "model/loader.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;
using engine::DataLoss;

namespace {

model::Model worked_case_1() {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse1"));
  m.index();
  return m;
}

const engine::LossBound& bound(const engine::Analysis& a, const std::string& service,
                               const std::string& loss) {
  for (const auto& s : a.services) {
    if (s.service != service) continue;
    for (const auto& l : s.losses) {
      if (l.loss == loss) return l;
    }
  }
  FAIL("no bound for " + service + " " + loss);
  throw;
}

double total(const std::vector<engine::RtoTerm>& terms) {
  double t = 0;
  for (const auto& x : terms) t += x.seconds;
  return t;
}

}  // namespace

TEST_CASE("engine::sweep_rpo: worked case 1 worst case over the day is 24 h 20 min",
          "[engine][analytic]") {
  auto m = worked_case_1();
  DataLoss loss;
  loss.lost_domains = {"ap-southeast-2"};
  auto b = engine::sweep_rpo(m, db_of(m), loss, 3 * kDay, kDay);
  REQUIRE(b.rpo_worst_s);
  CHECK(*b.rpo_worst_s == 24 * kH + 20 * kMin);
  // Mean: RPO grows from 20 min (just after 02:20) to 24 h 20 min over the day: 12 h 20 min.
  REQUIRE(b.rpo_mean_s);
  CHECK(*b.rpo_mean_s == Approx(12 * kH + 20 * kMin).margin(0.01));
  CHECK(*b.rpo_best_s == 20 * kMin);
  CHECK(b.catastrophic_fraction == 0);
  CHECK(b.worst_phase_s == Approx(3 * kDay + 2 * kH + 20 * kMin).margin(0.01));
  CHECK(b.worst_explanation == "yesterday's 02:00 snapshot nightly in s3-apse1");
}

TEST_CASE("engine::analyze: worked case 1 bounds per zone, region and vendor",
          "[engine][analytic]") {
  auto m = worked_case_1();
  auto a = engine::analyze(m);
  CHECK(a.period_s == kDay);
  CHECK(a.steady_from_s == 2 * kDay);
  const auto& region = bound(a, "db", "region");
  CHECK(region.target == "ap-southeast-2");
  CHECK(*region.rpo_worst_s == 24 * kH + 20 * kMin);
  const auto& zone = bound(a, "db", "zone");
  CHECK(zone.target == "apse2-az1");
  CHECK(*zone.rpo_worst_s == 24 * kH + 20 * kMin);
  const auto& vendor = bound(a, "db", "vendor");
  CHECK_FALSE(vendor.rpo_worst_s);
  CHECK(vendor.catastrophic_fraction == 1);
  CHECK_FALSE(vendor.rto_lower_s);
  CHECK(vendor.rto_via == engine::Procedure::kNoRecoveryPoint);
  // Restore of 500 GB from s3-apse1 near the store (10 Gbps inside the region): 400 s, after
  // detection 30 s and page 5 min + response 15 min + decision 30 min.
  REQUIRE(region.rto_lower_s);
  CHECK(region.rto_via == engine::Procedure::kRestore);
  CHECK(*region.rto_lower_s == Approx(30 + 300 + 900 + 1800 + 400));
  CHECK(total(region.rto_terms) == Approx(*region.rto_lower_s));
  CHECK(region.rto_terms.back().step == StepKind::kRestore);
}

TEST_CASE("engine::analyze: worked cases 2 and 3, sync standby with automatic or manual failover",
          "[engine][analytic]") {
  auto m = worked_case_1();
  model::Replica standby;
  standby.zone = "apse2-az2";
  standby.mode = model::ReplicationMode::kSync;
  db_of(m).data->replicas.push_back(standby);
  db_of(m).recovery.failover = model::FailoverMode::kAutomatic;
  db_of(m).recovery.detect_interval = 10;
  db_of(m).recovery.detect_threshold = 3;
  db_of(m).recovery.promotion = 60;
  m.index();
  auto a = engine::analyze(m);
  const auto& zone = bound(a, "db", "zone");
  CHECK(*zone.rpo_worst_s == 0);
  CHECK(*zone.rpo_mean_s == 0);
  CHECK(zone.rto_via == engine::Procedure::kAutomaticFailover);
  CHECK(*zone.rto_lower_s == 90);

  db_of(m).recovery.failover = model::FailoverMode::kManual;
  auto manual = engine::analyze(m);
  const auto& mz = bound(manual, "db", "zone");
  CHECK(mz.rto_via == engine::Procedure::kManualFailover);
  CHECK(*mz.rto_lower_s == 51 * kMin + 30);  // 51 min 30 s with the 30 s detection
}

TEST_CASE("engine::analyze: corruption bounds follow retention and log archiving",
          "[engine][analytic]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2", 3));
  m.index();
  engine::AnalyzeOptions o;
  o.detect_after_s = 36 * kH;
  auto a = engine::analyze(m, o);
  const auto& c = bound(a, "db", "corruption");
  // The newest run before the corruption; worst just before the next run starts: 24 h.
  CHECK(*c.rpo_worst_s == 24 * kH);
  CHECK(*c.rpo_mean_s == Approx(12 * kH).margin(0.01));
  CHECK(c.rto_terms.front().step == StepKind::kDetect);
  CHECK(c.rto_terms.front().seconds == 36 * kH);

  o.detect_after_s = 4 * kDay;  // past the 3-day retention: never a clean point
  auto late = engine::analyze(m, o);
  const auto& cl = bound(late, "db", "corruption");
  CHECK_FALSE(cl.rpo_worst_s);
  CHECK(cl.catastrophic_fraction == 1);

  db_of(m).data->backups.push_back(log_archive("wal", 5 * kMin, "s3-apse2", 7 * kDay));
  m.index();
  o.detect_after_s = 36 * kH;
  auto logs = engine::analyze(m, o);
  const auto& cw = bound(logs, "db", "corruption");
  CHECK(*cw.rpo_worst_s == 0);
  // The newest archived segment; 300 MB per 5 min segment (1 MB/s) lands 0.24 s after its
  // boundary at 10 Gbps (backup_landing.hpp).
  CHECK(*bound(logs, "db", "zone").rpo_worst_s == 5 * kMin + 0.24);
}

TEST_CASE("engine::analyze: stateless and external services get RTO bounds only",
          "[engine][analytic]") {
  auto m = worked_case_1();
  auto& web = m.services[1];  // 2 instances over apse2-az1 and apse2-az2
  web.recovery.replace_time = 120;
  auto a = engine::analyze(m);
  CHECK(bound(a, "web", "zone").rto_via == engine::Procedure::kNone);  // min_healthy 1: one is left
  CHECK(*bound(a, "web", "zone").rto_lower_s == 0);
  web.placement.min_healthy = 2;
  web.recovery.rebuild = 1800;
  a = engine::analyze(m);
  const auto& web_zone = bound(a, "web", "zone");
  CHECK_FALSE(web_zone.rpo_applicable);
  CHECK(web_zone.rto_via == engine::Procedure::kReplace);
  CHECK(*web_zone.rto_lower_s == 30 + 120);
  const auto& web_region = bound(a, "web", "region");
  CHECK(web_region.rto_via == engine::Procedure::kRebuild);  // no live zone left to replace into
  CHECK(*web_region.rto_lower_s == 30 + 3000 + 1800);        // detect, people, rebuild
  CHECK(bound(a, "web", "vendor").rto_via == engine::Procedure::kNoSite);  // no live zone anywhere
  const auto& pay = bound(a, "payments", "vendor");
  CHECK(pay.target == "stripe");
  CHECK(pay.rto_via == engine::Procedure::kWaitForOutage);
  CHECK_FALSE(pay.rto_lower_s);
}

TEST_CASE("engine::route_bandwidth: the bottleneck of the platform's route, explicit links first",
          "[engine][network]") {
  auto m = two_region_model();
  const auto& d = m.link_defaults;
  const double nic = 1e12;  // cards faster than any link, so the links decide
  CHECK(engine::route_bandwidth(m, "apse2-az1", nic, "apse2-az1", nic) == nic);
  CHECK(engine::route_bandwidth(m, "apse2-az1", nic, "apse2-az2", nic) == d.region_bandwidth);
  CHECK(engine::route_bandwidth(m, "apse2-az1", nic, "apse1-az1", nic) ==
        std::min(d.region_bandwidth, d.vendor_bandwidth));
  CHECK(engine::route_bandwidth(m, "apse2-az1", nic, "sydney-office", nic) == d.internet_bandwidth);
  CHECK(engine::route_bandwidth(m, "apse2-az1", 2e8, "apse2-az2", nic) == 2e8);  // slow card
  m.links.push_back({"ap-southeast-2", "ap-southeast-1", 2.5e8, 0.03, {}});
  m.index();
  CHECK(engine::route_bandwidth(m, "apse1-az2", nic, "apse2-az1", nic) == 2.5e8);
}

TEST_CASE("engine::schedule_period: least common multiple of the backup periods",
          "[engine][analytic]") {
  auto m = worked_case_1();
  CHECK(engine::schedule_period(m) == kDay);
  auto hourly = daily_snapshot("hourly", 0, 0, "s3-apse2");
  hourly.schedule.every = 5400;  // every 90 min
  db_of(m).data->backups.push_back(hourly);
  m.index();
  CHECK(engine::schedule_period(m) == kDay);  // lcm(86400, 5400) = 86400
  db_of(m).data->backups.back().schedule.every = 7 * kH;
  CHECK(engine::schedule_period(m) == 7 * kDay);
  CHECK(engine::schedule_period(two_region_model()) == kDay);
}

TEST_CASE("engine::analyze: examples/small.yaml orders database bounds", "[engine][analytic]") {
  auto loaded = model::load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/small.yaml");
  auto a = engine::analyze(loaded.model);
  // Daily 02:00 snapshot, 20 min to finish, 20 min more to reach eu-central-1.
  const auto& region = bound(a, "orders-db", "region");
  CHECK(*region.rpo_worst_s == 24 * kH + 40 * kMin);
  CHECK(*region.rpo_mean_s == Approx(12 * kH + 40 * kMin).margin(0.01));
  CHECK(region.worst_explanation == "yesterday's 02:00 snapshot nightly in s3-euc1");
  // 30 s detection + 50 min people + 10 min overhead + 200 GB at 25 Gbps (64 s): the store and
  // the recovery site (the region eu-central-1) share the region's site, so only the two network
  // cards limit the transfer — as in the simulation (README: 1 h 30 s to 1 h 1 min 34 s).
  CHECK(*region.rto_lower_s == Approx(30 + 3000 + 600 + 64));
  const auto& zone = bound(a, "orders-db", "zone");
  CHECK(*zone.rpo_worst_s == 0);
  CHECK(*zone.rto_lower_s == 90);
  CHECK(bound(a, "orders-db", "vendor").catastrophic_fraction == 1);
  CHECK(*bound(a, "orders-db", "corruption").rpo_worst_s == 0);  // the WAL archive
}

TEST_CASE("engine::sweep_rpo: log replay stops where the archive no longer reaches the base",
          "[engine][analytic]") {
  // Daily 02:00 snapshot kept 7 days, WAL every 5 min kept only 12 h: after 14:00 the newest
  // snapshot is older than the archive's reach, so zone loss falls back to the snapshot.
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 0, "s3-apse2"));
  db_of(m).data->backups.push_back(log_archive("wal", 5 * kMin, "s3-apse2", 12 * kH));
  m.index();
  DataLoss loss;
  loss.lost_domains = {"apse2-az1"};
  auto b = engine::sweep_rpo(m, db_of(m), loss, 3 * kDay, kDay);
  // The snapshot's duration is derived (backup_landing.hpp): 86.4 GB changed per day at 10 Gbps
  // lands at 02:01:09.12; a 300 MB WAL segment 0.24 s after its boundary.
  // Worst: just before 02:01:09.12 the newest snapshot is 24 h 1 min 9.12 s old and out of the
  // WAL's reach.
  CHECK(*b.rpo_worst_s == 24 * kH + 69.12);
  // 02:01-14:00 WAL sawtooth (mean 150.24 s), 14:00-02:01 snapshot age 12 h..24 h 1 min 9 s.
  const double wal = 12 * kH - 69.12, snap = 12 * kH + 69.12;
  CHECK(*b.rpo_mean_s == Approx((wal * 150.24 + snap * (18 * kH + 34.56)) / kDay).margin(0.1));
}

TEST_CASE("engine::rto_lower_bound: cold tier retrieval, store bandwidth and log replay add up",
          "[engine][analytic]") {
  auto m = two_region_model();
  m.stores[1].tier = model::StoreTier::kArchive;
  m.stores[1].retrieval_delay = 5 * kH;
  m.stores[1].bandwidth = 2.5e8;  // 2 Gbps out of the vault
  auto b = daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse2");
  b.copies.push_back({"s3-apse1", 0, {}});
  db_of(m).data->backups.push_back(b);
  auto& rec = db_of(m).recovery;
  rec.restore_overhead = 600;
  rec.dns_ttl = 60;
  rec.recovery_site = "apse1-az1";
  m.index();
  DataLoss loss;
  loss.fault_s = 2 * kDay + 8 * kH;
  loss.lost_domains = {"ap-southeast-2"};
  engine::Situation sit;
  sit.fault_s = loss.fault_s;
  sit.lost_domains = loss.lost_domains;
  engine::LossBound out;
  engine::rto_lower_bound(m, db_of(m), sit, out);
  REQUIRE(out.rto_lower_s);
  CHECK(out.rto_via == engine::Procedure::kRestore);
  std::vector<std::string> steps;
  for (const auto& t : out.rto_terms) steps.push_back(to_string(t.step));
  // The fixed restore overhead comes before the transfer, as the simulation runs it.
  CHECK(steps == std::vector<std::string>{"detect", "page", "respond", "decide", "retrieve",
                                          "restore", "restore", "dns"});
  // 500 GB at the vault's 2 Gbps (slower than the 10 Gbps region link): 2,000 s.
  CHECK(out.rto_terms[6].seconds == Approx(2000));
  CHECK(*out.rto_lower_s == Approx(30 + 3000 + 5 * kH + 2000 + 600 + 60));
}

TEST_CASE("engine::analyze: per-second object versions are swept as continuous",
          "[engine][analytic]") {
  auto m = two_region_model();
  model::Backup versions;
  versions.id = "versions";
  versions.kind = model::BackupKind::kVersioning;
  versions.schedule.every = 1;
  versions.retention.window = 7 * kDay;
  db_of(m).data->backups.push_back(versions);
  m.index();
  auto a = engine::analyze(m);
  const auto& c = bound(a, "db", "corruption");
  CHECK(*c.rpo_worst_s == 0);
  const auto& zone = bound(a, "db", "zone");
  CHECK(zone.catastrophic_fraction == 1);  // versions live with the data in the lost zone
}

TEST_CASE("engine::analyze: a snapshot every few seconds costs no more than a daily one",
          "[engine][analytic]") {
  auto m = two_region_model();
  auto fast = daily_snapshot("fast", 0, 5, "s3-apse1");
  fast.schedule.every = 10;  // lands 5 s after each start: the true worst case is 15 s
  fast.retention = {};
  fast.retention.keep_last = 100;
  db_of(m).data->backups.push_back(fast);
  m.index();
  auto a = engine::analyze(m);
  const auto& region = bound(a, "db", "region");
  REQUIRE(region.rpo_worst_s);
  // Swept as continuous: the sampled worst plus one period, a bound within 10 s of the truth.
  CHECK(*region.rpo_worst_s >= 15);
  CHECK(*region.rpo_worst_s <= 25);
  REQUIRE(region.rpo_mean_s);
  CHECK(*region.rpo_mean_s >= 5);
  CHECK(*region.rpo_mean_s <= 20);
}

TEST_CASE("engine::schedule_period: retention calendars repeat too", "[engine][analytic]") {
  // An hourly snapshot kept only as the first run of each day: which runs survive repeats daily,
  // so sweeping one hour would miss the 13 h RPO of a corruption found in the afternoon.
  auto m = two_region_model();
  auto hourly = daily_snapshot("hourly", 0, 60, "s3-apse1", 7);
  hourly.schedule.every = 3600;
  db_of(m).data->backups.push_back(hourly);
  m.index();
  CHECK(engine::schedule_period(m) == kDay);
  db_of(m).data->backups[0].retention.weekly = 4;
  CHECK(engine::schedule_period(m) == 7 * kDay);
  engine::AnalyzeOptions o;
  o.detect_after_s = kH;
  const auto a = engine::analyze(m, o);
  const auto& c = bound(a, "db", "corruption");
  REQUIRE(c.rpo_worst_s);
  // Just before midnight only the day's first run (00:00) is still kept: 24 h of loss.
  CHECK(*c.rpo_worst_s == Approx(24 * kH).margin(1));
}

TEST_CASE("engine::analyze: a monthly schedule is swept over a January, its longest gap",
          "[engine][analytic][calendar]") {
  auto m = two_region_model();
  auto b = calendar_snapshot("monthly", model::ScheduleKind::kMonthly, 15, kH, "s3-apse1");
  b.duration = kH;
  db_of(m).data->backups.push_back(b);
  m.index();
  auto a = engine::analyze(m);
  CHECK(a.period_s == 31 * kDay);
  // 2027-01-01, the first January 1st after the first run has landed.
  CHECK(a.steady_from_s ==
        static_cast<double>(model::days_from_civil({2027, 1, 1}) - 20458) * kDay);
  const auto& region = bound(a, "db", "region");
  // December 15th 01:00 to the January 15th run landing at 02:00: 31 d 1 h.
  REQUIRE(region.rpo_worst_s);
  CHECK(*region.rpo_worst_s == 31 * kDay + kH);
  CHECK(*region.rpo_best_s == kH);
}

TEST_CASE(
    "engine::route_bandwidth: by domain position, the bottleneck of route_links() for every "
    "pair of domains of every example",
    "[engine][network]") {
  std::size_t pairs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DRSIM_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".yaml") continue;
    auto m = model::load_model(entry.path().string()).model;
    // An explicit link between the first two domains that are no ancestor of each other, so that
    // every model is walked with a link to match too.
    for (std::size_t i = 1; i < m.domains.size() && m.links.empty(); ++i) {
      if (!m.within(m.domains[i].id, m.domains[0].id)) {
        m.links.push_back({m.domains[0].id, m.domains[i].id, 1.5e8, 0.01, {}});
      }
    }
    m.index();
    const double nic = 1e15;
    for (const auto& a : m.domains) {
      for (const auto& b : m.domains) {
        double expected = nic;
        for (const auto& l : engine::route_links(m, a.id, b.id)) {
          expected = std::min(expected, l.spec.bandwidth);
        }
        INFO(entry.path().filename().string() << ": " << a.id << " -> " << b.id);
        CHECK(engine::route_bandwidth(m, a.id, nic, b.id, nic) == expected);
        ++pairs;
      }
    }
  }
  CHECK(pairs > 500);
}
