#include "model/loader.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "model/errors.hpp"

using drsim::InputError;
using drsim::parse_document;
using namespace drsim::model;

namespace {

LoadResult load_text(const std::string& text) {
  return load_model(parse_document(text, "m.yaml", false), "m.yaml", text);
}

std::string error_of(const std::string& text) {
  try {
    load_text(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const std::string kTopology = R"(version: 1
name: shop
topology:
  vendors:
    - id: aws
      regions:
        - id: eu-west-1
          zones: [{id: euw1-az1, datacenters: [euw1-dc1]}, {id: euw1-az2}]
        - id: eu-central-1
          zones: [{id: euc1-az1}, {id: euc1-az2}]
    - {id: stripe, kind: saas}
  offices: [{id: hq, name: Head office}]
  links:
    - {between: [eu-west-1, eu-central-1], bandwidth: 10 Gbps, latency: 20 ms}
    - {between: [euw1-az1, euw1-az2], bandwidth: 25 Gbps}
  link_defaults:
    internet: {bandwidth: 500 Mbps, latency: 100 ms}
stores:
  - {id: vault, domain: eu-central-1, tier: archive, immutable: true, bandwidth: 1 Gbps}
)";

}  // namespace

TEST_CASE("model::load: reads the topology into nested failure domains and links",
          "[model][loader]") {
  auto r = load_text(kTopology + "services: []\n");
  const Model& m = r.model;
  REQUIRE(m.domains.size() == 10);
  const Domain* dc = m.find_domain("euw1-dc1");
  REQUIRE(dc);
  CHECK(dc->level == DomainLevel::kDatacenter);
  CHECK(dc->parent == "euw1-az1");
  CHECK(dc->vendor == "aws");
  CHECK(m.find_domain("stripe")->vendor_kind == VendorKind::kSaas);
  CHECK(m.find_domain("hq")->level == DomainLevel::kOffice);
  CHECK(m.find_domain("hq")->name == "Head office");
  CHECK(m.ancestors("euw1-dc1") ==
        std::vector<std::string>{"euw1-dc1", "euw1-az1", "eu-west-1", "aws"});
  // The walks up the tree, by id and by position.
  CHECK(m.within("euw1-dc1", "eu-west-1"));
  CHECK(m.within("euw1-dc1", "euw1-dc1"));
  CHECK_FALSE(m.within("eu-west-1", "euw1-dc1"));
  CHECK_FALSE(m.within("unknown", "aws"));
  CHECK(m.within_any("euw1-dc1", {"hq", "aws"}));
  CHECK_FALSE(m.within_any("euw1-dc1", {"hq", "stripe"}));
  CHECK_FALSE(m.within_any("euw1-dc1", {}));
  const auto dc1 = m.domain_position("euw1-dc1"), region = m.domain_position("eu-west-1");
  REQUIRE(dc1);
  REQUIRE(region);
  CHECK(&m.domains[*dc1] == dc);
  CHECK(m.within(*dc1, *region));
  CHECK_FALSE(m.within(*region, *dc1));
  CHECK(m.within_any(*dc1, {"eu-west-1"}));
  CHECK_FALSE(m.domain_position("unknown"));
  CHECK(m.enclosing("euw1-dc1", DomainLevel::kRegion)->id == "eu-west-1");
  CHECK(m.enclosing("euw1-dc1", DomainLevel::kZone)->id == "euw1-az1");
  CHECK(m.enclosing("eu-west-1", DomainLevel::kRegion)->id == "eu-west-1");
  CHECK(m.enclosing("hq", DomainLevel::kRegion) == nullptr);
  REQUIRE(m.links.size() == 2);
  CHECK(m.links[0].bandwidth == 1.25e9);
  CHECK(m.links[0].latency == Approx(0.020));
  CHECK(m.links[1].bandwidth == 3.125e9);
  CHECK(m.links[1].latency == Approx(0.002));  // zones of one region: the region default
  CHECK(m.link_defaults.internet_bandwidth == 62.5e6);
  CHECK(m.link_defaults.internet_latency == Approx(0.1));
  REQUIRE(m.stores.size() == 1);
  CHECK(m.stores[0].tier == StoreTier::kArchive);
  CHECK(m.stores[0].retrieval_delay == 5 * 3600);
  CHECK(m.stores[0].immutable);
  CHECK(m.stores[0].bandwidth == 1.25e8);
  CHECK(m.name == "shop");
  CHECK(m.version == 1);
}

TEST_CASE("model::load: reads services, data, replicas, backups and recovery in base units",
          "[model][loader]") {
  auto r = load_text(kTopology + R"(services:
  - id: web
    user_facing: true
    placement: {zones: [euw1-az1, euw1-az2], instances: 6, min_healthy: 3}
    depends_on: [db, {service: pay, mode: queued, buffer: 24 h}]
    recovery:
      detection: {interval: 5 s, threshold: 4}
      auto_replace: false
      replace_time: 2 min
      rebuild: {duration: 1 h 30 min, needs: [db]}
      dns_ttl: 60 s
      scale_up: 10 min
      recovery_site: eu-central-1
  - id: db
    kind: database
    placement: {zones: [euw1-dc1, euw1-az2], instances: 2}
    data:
      size: 500 GB
      write_rate: 2 MB/s
      replicas:
        - {zone: euw1-dc1, role: primary}
        - {zone: euw1-az2, mode: sync}
        - {zone: euc1-az1, role: read, mode: async, lag: 30 s}
        - {zone: euc1-az2, mode: log_shipping, interval: 5 min}
      backups:
        - id: nightly
          kind: snapshot
          schedule: daily at 02:00
          duration: 20 min
          store: vault
          copies: [{store: vault, delay: 20 min}]
          retention: {daily: 7, weekly: 4, monthly: 12}
          encrypted: true
        - {id: wal, kind: log, store: vault}
    recovery:
      failover: {mode: manual, promotion: 90 s}
      restore: {overhead: 10 min, replay_rate: 50 MB/s}
  - {id: pay, kind: external, vendor: stripe, user_facing: false}
)");
  const Model& m = r.model;
  REQUIRE(m.services.size() == 3);
  const Service& web = *m.find_service("web");
  CHECK(web.placement.instances == 6);
  CHECK(web.placement.min_healthy == 3);
  REQUIRE(web.depends_on.size() == 2);
  CHECK(web.depends_on[0].mode == DependencyMode::kHard);
  CHECK(web.depends_on[1].mode == DependencyMode::kQueued);
  CHECK(web.depends_on[1].buffer == 86400);
  CHECK(web.recovery.detect_interval == 5);
  CHECK(web.recovery.detect_threshold == 4);
  CHECK_FALSE(web.recovery.auto_replace);
  CHECK(web.recovery.replace_time == 120);
  CHECK(web.recovery.rebuild == 5400);
  REQUIRE(web.recovery.rebuild_needs.size() == 1);
  CHECK(web.recovery.rebuild_needs[0].service == "db");
  CHECK(web.recovery.dns_ttl == 60);
  CHECK(web.recovery.scale_up == 600);
  CHECK(web.recovery.recovery_site == "eu-central-1");
  CHECK_FALSE(web.stateful());

  const Service& db = *m.find_service("db");
  REQUIRE(db.stateful());
  CHECK(db.data->size == 500e9);
  CHECK(db.data->write_rate == 2e6);
  REQUIRE(db.data->replicas.size() == 4);
  CHECK(db.data->replicas[0].role == ReplicaRole::kPrimary);
  CHECK(db.data->replicas[1].role == ReplicaRole::kStandby);
  CHECK(db.data->replicas[1].mode == ReplicationMode::kSync);
  CHECK(db.data->replicas[2].lag == 30);
  CHECK(db.data->replicas[3].mode == ReplicationMode::kLogShipping);
  CHECK(db.data->replicas[3].interval == 300);
  REQUIRE(db.data->backups.size() == 2);
  const Backup& nightly = db.data->backups[0];
  CHECK(nightly.schedule.every == 86400);
  CHECK(nightly.schedule.at == 7200);
  CHECK(nightly.duration == 1200);
  CHECK(nightly.copies.at(0).delay == 1200);
  CHECK(nightly.retention.daily == 7);
  CHECK(nightly.retention.monthly == 12);
  CHECK(nightly.retention.max_age(86400) == 12 * 30 * 86400);
  CHECK(nightly.encrypted);
  const Backup& wal = db.data->backups[1];
  CHECK(wal.kind == BackupKind::kLog);
  CHECK(wal.schedule.every == 300);          // log default: every 5 min
  CHECK(wal.retention.window == 7 * 86400);  // log default: 7 days
  CHECK(db.recovery.failover == FailoverMode::kManual);
  CHECK(db.recovery.promotion == 90);
  CHECK(db.recovery.restore_overhead == 600);
  CHECK(db.recovery.replay_rate == 50e6);

  const Service& pay = *m.find_service("pay");
  CHECK(pay.kind == ServiceKind::kExternal);
  CHECK(pay.vendor == "stripe");
  CHECK_FALSE(pay.user_facing);
}

TEST_CASE("model::load: reads people, objectives and costs", "[model][loader]") {
  auto r = load_text(kTopology + R"(services:
  - {id: web, placement: {zones: [euw1-az1]}}
people:
  on_call: {page: 2 min, response: 10 min, decision: 20 min}
  offices: [hq]
  remote_work: false
objectives:
  defaults:
    az: {rto: 5 min, rpo: 0 s}
    region: {rto: 24 h, rpo: 24 h, mtd: 72 h}
  services:
    web: {region: {rto: 4 h}}
costs:
  currency: EUR
  services:
    web: {standby_monthly: 1200, downtime_hourly: 50000.5}
)");
  const Model& m = r.model;
  CHECK(m.people.page == 120);
  CHECK(m.people.response == 600);
  CHECK(m.people.decision == 1200);
  CHECK(m.people.offices == std::vector<std::string>{"hq"});
  CHECK_FALSE(m.people.remote_work);
  auto az = m.objectives.find("web", DisruptionClass::kAz);
  REQUIRE(az);
  CHECK(az->rto == 300);
  CHECK(az->rpo == 0);
  auto region = m.objectives.find("web", DisruptionClass::kRegion);
  REQUIRE(region);
  CHECK(region->rto == 4 * 3600);
  CHECK_FALSE(region->rpo);
  CHECK(m.objectives.defaults.at(DisruptionClass::kRegion).mtd == 72 * 3600);
  CHECK(m.currency == "EUR");
  CHECK(m.find_service("web")->costs.standby_monthly == 1200);
  CHECK(m.find_service("web")->costs.downtime_hourly == 50000.5);
  CHECK(m.find_service("web")->costs.unrecovered_hourly == 50000.5);  // defaults to severe
  CHECK(m.costs_given);
  CHECK_FALSE(m.likelihoods_given);
}

TEST_CASE("model::load: reads costs per impact with currency and period, and likelihoods",
          "[model][loader]") {
  auto r = load_text(kTopology + R"(services:
  - {id: web, placement: {zones: [euw1-az1]}}
  - id: db
    kind: database
    placement: {zones: [euw1-az1]}
    data: {size: 1 GB, replicas: [{zone: euw1-az1, role: primary}]}
costs:
  currency: EUR
  services:
    web:
      standby_monthly: 250 EUR/month
      downtime_hourly: {limited: 500, severe: 20000 EUR/h, catastrophic: 50000}
    db: {replica_monthly: 900, backup_monthly: 150 EUR, data_loss_hourly: 5000 EUR/h}
likelihoods:
  classes: {region: 1 per 10 years, az: 2 per year}
  domains: {eu-central-1: 1 per 4 years}
)");
  const Model& m = r.model;
  const Costs& web = m.find_service("web")->costs;
  CHECK(web.standby_monthly == 250);
  CHECK(web.degraded_hourly == 500);
  CHECK(web.downtime_hourly == 20000);
  CHECK(web.unrecovered_hourly == 50000);
  const Costs& db = m.find_service("db")->costs;
  CHECK(db.running_monthly() == 1050);
  CHECK(db.data_loss_hourly == 5000);
  CHECK(db.data_unrecoverable == 8766 * 5000.0);  // a year of writes by default
  CHECK(m.likelihoods.classes.at(DisruptionClass::kRegion) == Approx(0.1));
  CHECK(m.likelihoods.classes.at(DisruptionClass::kAz) == 2);
  CHECK(m.likelihoods.domains.at("eu-central-1") == 0.25);
  CHECK(m.likelihoods_given);
  CHECK(default_frequency(DisruptionClass::kVendor) == 0.02);
}

TEST_CASE("model::load: a data set without replicas lives once in its first placement zone",
          "[model][loader]") {
  auto r = load_text(kTopology + R"(services:
  - {id: db, kind: database, placement: {zones: [euw1-az2, euw1-az1]}, data: {size: 1 TiB}}
)");
  const auto& replicas = r.model.find_service("db")->data->replicas;
  REQUIRE(replicas.size() == 1);
  CHECK(replicas[0].zone == "euw1-az2");
  CHECK(replicas[0].role == ReplicaRole::kPrimary);
  CHECK(r.model.find_service("db")->data->size == 1099511627776.0);
}

TEST_CASE("model::load: the checksum is the SHA-256 of the file's bytes", "[model][loader]") {
  const std::string text = kTopology + "services: []\n";
  auto a = load_text(text);
  CHECK(a.model.checksum.rfind("sha256:", 0) == 0);
  CHECK(a.model.checksum.size() == 7 + 64);
  auto b = load_text(text + "# a comment changes the bytes\n");
  CHECK(a.model.checksum != b.model.checksum);
  const std::string empty_sha =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  CHECK(load_model(parse_document(text, "m.yaml", false), "m.yaml", "").model.checksum ==
        empty_sha);
}

TEST_CASE("model::load: reports every problem of a file at once, warnings too, by position",
          "[model][loader]") {
  CHECK(error_of(kTopology + R"(services:
  - id: web
    placement: {zones: [euw1-az3], instnaces: 2}
    depends_on: [dbb]
  - id: db
    kind: database
    placement: {zones: [euw1-az1]}
    data: {size: 10 GBs}
)") == "m.yaml:22:25: error: /services/0/placement/zones/0: unknown zone 'euw1-az3'\n"
       "  hint: did you mean 'euw1-az1'?\n"
       "m.yaml:22:36: error: /services/0/placement/instnaces: unknown key 'instnaces'\n"
       "  hint: did you mean 'instances'?\n"
       "  hint: allowed keys here: zones, instances, min_healthy\n"
       "m.yaml:23:18: error: /services/0/depends_on/0: unknown service 'dbb'\n"
       "  hint: did you mean 'db'?\n"
       "m.yaml:27:11: warning: /services/1/data: every replica of 'db' is in zone 'euw1-az1'\n"
       "  hint: an outage of zone 'euw1-az1' leaves no live copy of the data; add a replica in "
       "another zone\n"
       "m.yaml:27:18: error: /services/1/data/size: unknown unit 'GBs' in '10 GBs'\n"
       "  hint: did you mean 'GB'?\n"
       "  hint: write a number and a unit, e.g. '500 GB'; units: B, kB, KB, MB, GB, TB, PB, KiB, "
       "MiB, GiB, TiB, PiB\n");
}

TEST_CASE("model::load: rejects a negative replica lag", "[model][loader]") {
  CHECK(error_of(kTopology + R"(services:
  - id: db
    kind: database
    placement: {zones: [euw1-az1]}
    data:
      size: 1 GB
      replicas: [{zone: euw1-az1, role: primary}, {zone: euw1-az2, lag: -1 s}]
)") == "m.yaml:26:73: error: /services/0/data/replicas/1/lag: '-1 s' is negative\n"
       "  hint: use a duration of 0 s or more\n");
}

TEST_CASE("model::load: did-you-mean suggests the nearest id of the right kind only",
          "[model][loader]") {
  // 'vaul' is close to the store 'vault'; as a zone it is unknown with no close zone.
  std::string err = error_of(kTopology + R"(services:
  - id: web
    placement: {zones: [vaul]}
)");
  CHECK(err ==
        "m.yaml:22:25: error: /services/0/placement/zones/0: unknown zone 'vaul'\n"
        "  hint: zones are listed under topology: vendors: regions: zones:, offices under "
        "topology: offices:\n");
  CHECK(drsim::did_you_mean("warm_stanby", {"pilot_light", "warm_standby"}) == "warm_standby");
  CHECK(drsim::did_you_mean("xyz", {"pilot_light", "warm_standby"}).empty());
}

TEST_CASE("model::load: reads a JSON model file and checksums its bytes", "[model][loader]") {
  auto r = load_model(std::string(DRSIM_SOURCE_DIR) + "/tests/data/valid/minimal.json");
  const Model& m = r.model;
  // sha256sum tests/data/valid/minimal.json
  CHECK(m.checksum == "sha256:1601f819cd35576dc8be5c2c354ecd2c653cb1a40c5a91bcb9bd942457866a40");
  CHECK(m.name == "minimal");
  CHECK(m.find_store("vault")->retrieval_delay == 12 * 3600);
  const Service& db = *m.find_service("db");
  CHECK(db.data->size == 2199023255552.0);
  CHECK(db.data->write_rate == Approx(50e9 / 86400));
  CHECK(db.data->backups.at(0).schedule.every == 7 * 86400);
  CHECK(db.data->backups.at(0).retention.max_age(7 * 86400) == 8 * 7 * 86400);
  CHECK(db.recovery.failover == FailoverMode::kAutomatic);
  const Service& api = *m.find_service("api");
  CHECK(api.recovery.rebuild == 1800);  // pilot_light
  CHECK(api.recovery.recovery_site == "us-west-2");
  CHECK(r.warnings.empty());
}

TEST_CASE("model::load: the annotated example of docs/model-format.md is a valid model",
          "[model][loader]") {
  std::ifstream in(std::string(DRSIM_SOURCE_DIR) + "/docs/model-format.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const auto start = text.rfind("```yaml\n");
  REQUIRE(start != std::string::npos);
  const auto end = text.find("```", start + 8);
  const std::string example = text.substr(start + 8, end - start - 8);
  auto r =
      load_model(parse_document(example, "model-format.md", false), "model-format.md", example);
  CHECK(r.model.services.size() == 6);
  CHECK(r.warnings.empty());
  const Service& dr = *r.model.find_service("app-dr");
  REQUIRE(dr.standby);  // warm_standby expanded
  CHECK(dr.standby->zones == std::vector<std::string>{"apse1-az1", "apse1-az2"});
  CHECK(dr.recovery.scale_up == 600);
}

TEST_CASE("model::load: reads calendar schedules, incremental chains and run_by",
          "[model][loader]") {
  auto r = load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/calendar-schedules.yaml");
  const Model& m = r.model;
  CHECK(m.calendar.given);
  CHECK(m.calendar.epoch_day == 20457);  // 2026-01-04
  CHECK(m.calendar.utc_offset == 0);
  const auto& backups = m.find_service("orders-db")->data->backups;
  REQUIRE(backups.size() == 3);
  CHECK(backups[0].schedule.kind == ScheduleKind::kWeekly);
  CHECK(backups[0].schedule.weekday == 6);  // sunday
  CHECK(backups[0].schedule.at == 3600);
  CHECK(backups[0].schedule.calendar.given);
  CHECK(backups[1].kind == BackupKind::kIncremental);
  CHECK(backups[1].full == "weekly-full");
  CHECK(backups[1].size == 50e9);
  CHECK(backups[1].run_by == "cron");
  CHECK(backups[2].schedule.kind == ScheduleKind::kMonthly);
  CHECK(backups[2].schedule.month_day == 1);
  CHECK(backups[2].schedule.at == 3 * 3600);
  REQUIRE(backups[2].schedule.utc_offset);
  CHECK(*backups[2].schedule.utc_offset == 3600);
}

TEST_CASE("model::load: schedule forms and time zones", "[model][loader]") {
  auto schedule_of = [](const std::string& text) {
    auto r = load_text(
        "version: 1\nname: s\ncalendar: {time_zone: UTC-05:30}\n"
        "topology: {vendors: [{id: v, regions: [{id: r, zones: [{id: z}]}]}]}\n"
        "stores: [{id: st, domain: r}]\n"
        "services: [{id: db, kind: database, placement: {zones: [z]}, data: "
        "{size: 1 GB, backups: [{id: b, kind: snapshot, store: st, schedule: '" +
        text + "'}]}}]\n");
    return r.model.services[0].data->backups[0].schedule;
  };
  auto hourly = schedule_of("hourly at :15");
  CHECK(hourly.every == 3600);
  CHECK(hourly.at == 900);
  auto last = schedule_of("monthly on day last at 23:30");
  CHECK(last.month_day == kLastDayOfMonth);
  CHECK(last.every == 31 * 86400);
  CHECK(last.calendar.utc_offset == -5.5 * 3600);
  CHECK_FALSE(last.utc_offset);
  auto daily = schedule_of("daily at 02:00 in UTC+10:00");
  CHECK(daily.at == 7200);
  CHECK(*daily.utc_offset == 36000);
  CHECK(error_of("version: 1\nname: s\ncalendar: {epoch: 2026-02-30}\nservices: []\n") ==
        "m.yaml:3:19: error: /calendar/epoch: '2026-02-30' is not a date\n"
        "  hint: write YYYY-MM-DD between 1970-01-01 and 2199-12-31, e.g. '2026-01-05'\n");
}

TEST_CASE("model::load: any_of alternatives in depends_on and rebuild.needs", "[model]") {
  auto m = load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/image-mirrors.yaml").model;
  const Service& app = *m.find_service("app");
  REQUIRE(app.depends_on.size() == 1);
  const auto& image = app.depends_on[0];
  CHECK(image.service.empty());
  CHECK(image.any_of == std::vector<std::string>{"registry", "dockerhub"});
  CHECK(image.mode == DependencyMode::kHard);
  CHECK(image.tolerate == 300);
  CHECK(image.name() == "any of registry, dockerhub");
  REQUIRE(app.recovery.rebuild_needs.size() == 2);
  CHECK(app.recovery.rebuild_needs[0].service == "ci");
  CHECK(app.recovery.rebuild_needs[1].alternatives() ==
        std::vector<std::string>{"registry", "quay"});
}

namespace {

// A vendor with two regions, for the uncertainty tests.
const std::string kTwoRegions = R"(version: 1
name: shop
topology:
  vendors:
    - id: aws
      regions:
        - id: r1
          zones: [{id: z1}, {id: z2}]
        - id: r2
          zones: [{id: z3}]
)";

}  // namespace

TEST_CASE("loader: a distribution sets the median and records where a trial draws it") {
  auto r = load_text(kTwoRegions + R"(stores: [{id: s2, domain: r2}]
services:
  - id: db
    kind: database
    placement: {zones: [z1, z2]}
    data:
      size: 10 GB
      replicas: [{zone: z1, role: primary}, {zone: z2, mode: async, lag: 5 s}]
      backups:
        - {id: nightly, kind: dump, schedule: daily at 01:00, store: s2, retention: {daily: 7},
           unusable: 0.02}
    recovery:
      failover:
        mode: manual
        promotion: {samples: [42 s, 55 s, 61 s, 80 s]}
        cross_region: {mode: manual}
      rebuild: {duration: {uniform: [45 min, 2 h]}}
      restore: {overhead: 10 min, throughput: {triangular: [0.5, 0.8, 1]}}
people:
  on_call: {response: {lognormal: {p50: 10 min, p90: 30 min}}}
outages:
  region: {lognormal: {p50: 6 h, p90: 24 h}}
  az: 2 h
)");
  const Model& m = r.model;
  const auto& rec = m.services[0].recovery;
  CHECK(rec.promotion == 58);
  CHECK(*rec.rebuild == Approx(4950));
  CHECK(rec.restore_overhead == 600);
  CHECK(rec.restore_throughput == Approx(0.5 + std::sqrt(0.075)));  // the median
  CHECK(m.people.response == 600);
  CHECK(m.services[0].data->backups[0].unusable == 0.02);
  // A cross-region procedure without its own promotion follows the service's, draws included.
  CHECK(rec.failover_for(true).promotion == 58);
  REQUIRE(m.uncertainty.values.size() == 4);
  CHECK(m.uncertainty.values[0].name == "promotion");
  CHECK(m.uncertainty.values[0].loc.line == 25);
  CHECK(m.uncertainty.values[3].name == "response");
  // Each field is found again in a copy of the model.
  Model copy = m;
  for (const auto& v : m.uncertainty.values) v.field(copy) = 1;
  CHECK(copy.services[0].recovery.promotion == 1);
  CHECK(copy.services[0].recovery.failover_for(true).promotion == 1);
  CHECK(*copy.services[0].recovery.rebuild == 1);
  CHECK(copy.services[0].recovery.restore_throughput == 1);
  CHECK(copy.people.response == 1);
  CHECK(m.services[0].recovery.promotion == 58);
  REQUIRE(m.uncertainty.outages.size() == 2);
  CHECK(m.uncertainty.outages.at(DisruptionClass::kRegion).median() == 6 * 3600);
  CHECK(!m.uncertainty.outages.at(DisruptionClass::kAz).varies());
}

TEST_CASE("loader: distribution mistakes are located, with the fix") {
  const std::string svc = kTwoRegions + "services:\n  - id: web\n    placement: {zones: [z1]}\n";
  CHECK(error_of(svc + "    recovery: {dns_ttl: {uniform: [5 min, 1 min]}}\n") ==
        "m.yaml:14:35: error: /services/0/recovery/dns_ttl/uniform: dns_ttl uniform: the lower "
        "bound 5 min is above the upper bound 1 min\n  hint: write the smaller value first\n");
  CHECK(error_of(svc + "    recovery: {dns_ttl: {uniform: [1 min, 5 min], samples: [1 min]}}\n") ==
        "m.yaml:14:25: error: /services/0/recovery/dns_ttl: dns_ttl: give exactly one of "
        "uniform, triangular, lognormal or samples\n  hint: e.g. '{uniform: [5 min, 15 min]}'\n");
  CHECK(error_of(svc + "    recovery: {dns_ttl: {lognormal: {p50: 5 min, p90: 1 min}}}\n") ==
        "m.yaml:14:37: error: /services/0/recovery/dns_ttl/lognormal: dns_ttl lognormal: p90 "
        "(1 min) must be above p50 (5 min), and p50 above 0\n  hint: p50 is the typical value; "
        "p90 the value 9 draws in 10 stay below\n");
  CHECK(error_of(svc + "    recovery: {dns_ttl: {triangular: [1 min, 5 min]}}\n") ==
        "m.yaml:14:38: error: /services/0/recovery/dns_ttl/triangular: dns_ttl triangular takes "
        "3 values, got 2\n  hint: e.g. '{triangular: [5 min, 10 min, 30 min]}'\n");
  CHECK(error_of(svc + "    recovery: {dns_ttl: {samples: [1 min, 2 d]}}\n") ==
        "m.yaml:14:43: error: /services/0/recovery/dns_ttl/samples/1: dns_ttl samples '2 d' is "
        "out of range\n  hint: allowed range is 0 s to 24 h\n");
  CHECK(error_of(svc + "    recovery: {restore: {throughput: 0}}\n") ==
        "m.yaml:14:38: error: /services/0/recovery/restore/throughput: throughput 0 is out of "
        "range\n  hint: allowed range is 0.0001 to 1\n");
  CHECK(error_of(svc + "outages: {hardware: 2 h}\n") ==
        "m.yaml:14:11: error: /outages/hardware: a hardware fault does not end by itself: it has "
        "no outage duration\n  hint: outages: takes az, region, vendor, dependency and office; a "
        "hardware fault ends with its recovery procedure\n");
  CHECK(error_of(svc + "outages: {regio: 2 h}\n") ==
        "m.yaml:14:11: error: /outages/regio: unknown outage class 'regio'\n  hint: did you "
        "mean 'region'?\n  hint: allowed values: az, region, vendor, dependency, office\n");
}
