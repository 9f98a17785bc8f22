// Unit tests of model/blast_radius on small models built in code: which services are hit,
// which go down or degrade through dependencies, which data sets keep a copy, and the exact
// messages for bad --fail values.
#include "engine/core/blast_radius.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "tests/graph/fixtures.hpp"

using drsim::engine::blast_radius;
using drsim::engine::BlastRadius;
using drsim::engine::parse_failure;
using drsim::model::DependencyMode;
using drsim::model::EstateGraph;
using drsim::model::Model;
using drsim::test::add_service;
using drsim::test::depend;
using drsim::test::three_zone_model;

namespace {

// web -> api -> db (hard, rides through 2 min), api -> cache (hard), checkout -> payments
// (queued 24 h), web -> checkout (hard), reports -> db (hard). db has a primary in z1, a sync
// standby in z2 promoted automatically in 90 s, and a nightly snapshot in store-r1 copied to
// store-r2; cache has one replica in z1 and no backup.
Model shop() {
  Model m = three_zone_model();
  add_service(m, "web", {"z1", "z2", "z3"}, 3, 2);
  add_service(m, "api", {"z1", "z2"}, 2, 1);
  auto& db = add_service(m, "db", {"z1", "z2"}, 2, 1);
  db.kind = drsim::model::ServiceKind::kDatabase;
  db.data.emplace();
  db.data->replicas.resize(2);
  db.data->replicas[0].zone = "z1";
  db.data->replicas[0].role = drsim::model::ReplicaRole::kPrimary;
  db.data->replicas[1].zone = "z2";
  db.data->replicas[1].mode = drsim::model::ReplicationMode::kSync;
  drsim::model::Backup nightly;
  nightly.id = "nightly";
  nightly.store = "store-r1";
  nightly.copies.push_back({"store-r2", 1200, {}});
  db.data->backups.push_back(nightly);
  db.recovery.failover = drsim::model::FailoverMode::kAutomatic;
  auto& cache = add_service(m, "cache", {"z1"}, 1, 1);
  cache.kind = drsim::model::ServiceKind::kKvStore;
  cache.data.emplace();
  cache.data->replicas.resize(1);
  cache.data->replicas[0].zone = "z1";
  cache.data->replicas[0].role = drsim::model::ReplicaRole::kPrimary;
  auto& payments = add_service(m, "payments", {}, 1, 1);
  payments.kind = drsim::model::ServiceKind::kExternal;
  payments.vendor = "paycorp";
  add_service(m, "reports", {"hq"}, 1, 1);
  add_service(m, "checkout", {"z1", "z2", "z3"}, 3, 1);
  depend(m, "web", "api");
  depend(m, "api", "db");
  depend(m, "api", "cache");
  depend(m, "checkout", "payments", DependencyMode::kQueued, 86400);
  depend(m, "web", "checkout");
  depend(m, "reports", "db");
  m.services[1].depends_on[0].tolerate = 120;  // api rides through a database failover
  m.source = "shop.yaml";
  m.index();
  return m;
}

std::vector<std::string> ids(const std::vector<drsim::engine::InstanceLoss>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.service);
  return out;
}
std::vector<std::string> ids(const std::vector<drsim::engine::IndirectImpact>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.service);
  return out;
}
std::vector<std::string> ids(const std::vector<drsim::engine::DataImpact>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.service);
  return out;
}

BlastRadius run(const Model& m, const std::string& fail) {
  EstateGraph g(m);
  return blast_radius(g, parse_failure(fail, m));
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("engine::blast_radius: a zone takes what the planner cannot keep serving", "[blast]") {
  Model m = shop();
  auto r = run(m, "az:z1");
  CHECK(r.failed_domains == V{"z1"});
  CHECK(r.stores_lost.empty());
  // db loses its primary: down for its 90 s automatic failover; cache has no other copy.
  REQUIRE(ids(r.hit_directly) == V{"cache", "db"});
  CHECK(r.hit_directly[1].reason == "its primary copy is lost");
  CHECK(r.hit_directly[1].procedure == drsim::engine::Procedure::kAutomaticFailover);
  CHECK(r.hit_directly[1].rto_lower_s == 90.0);
  CHECK(r.hit_directly[0].procedure == drsim::engine::Procedure::kNoRecoveryPoint);
  CHECK_FALSE(r.hit_directly[0].rto_lower_s);
  CHECK(ids(r.reduced_capacity) == V{"api", "checkout", "web"});
  // api rides through db's 90 s failover (tolerate 2 min) but not cache's loss; reports has no
  // tolerance for db.
  CHECK(ids(r.down) == V{"api", "reports", "web"});
  CHECK(r.down[0].chain.size() == 1);
  CHECK(r.down[0].root == "cache");
  CHECK(r.down[2].chain.size() == 2);
  CHECK(r.down[2].chain[0].service == "api");
  CHECK(r.down[2].chain[1].service == "cache");
  CHECK(r.down[2].root == "cache");
  REQUIRE(r.ridden_through.size() == 1);
  CHECK(r.ridden_through[0].service == "api");
  CHECK(r.ridden_through[0].dependency == "db");
  CHECK(r.ridden_through[0].outage_s == 90);
  CHECK(r.degraded.empty());
  CHECK(ids(r.last_copy_lost) == V{"cache"});
  CHECK(ids(r.copy_kept) == V{"db"});
  CHECK(r.copy_kept[0].replicas_kept.size() == 1);
  CHECK(r.copy_kept[0].backups_kept.size() == 2);
}

TEST_CASE("engine::blast_radius: a region keeps only the backup copied out of it", "[blast]") {
  Model m = shop();
  auto r = run(m, "region:r1");
  CHECK(r.failed_domains == V{"r1", "z1", "z2", "z3"});
  CHECK(r.stores_lost == V{"store-r1"});
  CHECK(ids(r.hit_directly) == V{"api", "cache", "checkout", "db", "web"});
  CHECK(ids(r.down) == V{"reports"});
  CHECK(ids(r.last_copy_lost) == V{"cache"});
  REQUIRE(ids(r.copy_kept) == V{"db"});
  CHECK(r.copy_kept[0].replicas_kept.empty());
  REQUIRE(r.copy_kept[0].backups_kept.size() == 1);
  CHECK(r.copy_kept[0].backups_kept[0].store == "store-r2");
}

TEST_CASE("engine::blast_radius: a SaaS outage that outlasts the queue's buffer takes it down",
          "[blast]") {
  Model m = shop();
  auto r = run(m, "vendor:paycorp");
  CHECK(ids(r.hit_directly) == V{"payments"});
  // The outage lasts the whole horizon: checkout's 24 h queue overflows, web needs checkout.
  CHECK(ids(r.down) == V{"checkout", "web"});
  CHECK(r.down[0].chain[0].mode == DependencyMode::kQueued);
  CHECK(r.down[0].chain[0].buffer == 86400);
  CHECK(r.degraded.empty());
  CHECK(r.last_copy_lost.empty());
  CHECK(r.copy_kept.empty());
  CHECK(drsim::engine::to_text(r) ==
        "blast radius of vendor:paycorp in model \"test\"\n"
        "failed domains: paycorp\n"
        "stores lost: none\n"
        "\n"
        "hit directly (1):\n"
        "  payments: 0 of 1 instances left, needs 1; lost 1 in paycorp; recovery: waits for the "
        "outage to end\n"
        "\n"
        "losing instances but still up: none\n"
        "\n"
        "down via dependency (2):\n"
        "  checkout: depends on payments (queued, buffer 24 h); payments is hit directly\n"
        "  web: depends on checkout (hard) -> payments (queued, buffer 24 h); payments is hit "
        "directly\n"
        "\n"
        "degraded via queued dependency: none\n"
        "\n"
        "data sets losing their last copy: none\n"
        "\n"
        "data sets keeping a copy: none\n");
}

TEST_CASE("engine::blast_radius: a queue whose buffer outlasts the outage only degrades",
          "[blast]") {
  Model m = shop();
  m.services[4].recovery.auto_replace = false;
  auto r = run(m, "dependency:cache");  // down until the outage ends: forever
  CHECK(ids(r.down) == V{"api", "web"});
  m.services[6].depends_on[0].buffer = 0;  // checkout's queue to payments: unbounded
  auto v = run(m, "vendor:paycorp");
  CHECK(v.down.empty());
  CHECK(ids(v.degraded) == V{"checkout", "web"});
}

TEST_CASE("engine::blast_radius: a dependency failure takes the service and its dependants",
          "[blast]") {
  Model m = shop();
  auto r = run(m, "dependency:db");
  CHECK(r.failed_domains.empty());
  REQUIRE(ids(r.hit_directly) == V{"db"});
  CHECK(r.hit_directly[0].reason == "failed: dependency:db");
  CHECK(ids(r.down) == V{"api", "reports", "web"});
  CHECK(r.last_copy_lost.empty());
  CHECK(r.copy_kept.empty());
}

TEST_CASE("engine::blast_radius: an office takes only what runs in it, remote people work on",
          "[blast]") {
  Model m = shop();
  m.people.offices = {"hq"};
  m.people.remote_work = true;
  auto r = run(m, "office:hq");
  CHECK(ids(r.hit_directly) == V{"reports"});
  CHECK(r.down.empty());
  CHECK(r.people.office_lost);
  CHECK(r.people.can_work);
  CHECK(drsim::engine::to_text(r).find(
            "people: the on-call team works from hq and keeps working remotely") !=
        std::string::npos);
  m.people.remote_work = false;
  CHECK_FALSE(run(m, "office:hq").people.can_work);
}

TEST_CASE("engine::blast_radius: JSON names every section", "[blast]") {
  Model m = shop();
  auto j = drsim::engine::to_json(run(m, "az:z1"));
  CHECK(j["format"] == "drsim-blast-radius");
  CHECK(j["failure"]["class"] == "az");
  CHECK(j["hit_directly"][0]["service"] == "cache");
  CHECK(j["down_via_dependency"][2]["chain"][1]["service"] == "cache");
  CHECK(j["ridden_through"][0]["service"] == "api");
  CHECK(j["hit_directly"][1]["recovery"] == "automatic failover");
  CHECK(j["hit_directly"][1]["rto_lower_s"] == 90);
  CHECK(j["data_sets_losing_last_copy"][0]["replicas_lost"][0]["zone"] == "z1");
  CHECK(j["data_sets_keeping_a_copy"][0]["backups_kept"].size() == 2);
}

namespace {

// The whole message and exit code parse_failure() reports for `text`.
std::string failure_error(const std::string& text, const Model& m) {
  try {
    parse_failure(text, m);
  } catch (const drsim::InputError& e) {
    CHECK(e.exit_code() == drsim::ExitCode::kUsage);
    return e.what();
  }
  return "no error";
}

const char* const kClassesHint =
    "  hint: classes are az:ZONE, datacenter:ID, region:ID, vendor:ID, office:ID, "
    "dependency:SERVICE\n";

}  // namespace

TEST_CASE("engine::parse_failure: a value without CLASS:ID is a command-line error", "[blast]") {
  Model m = shop();
  CHECK(failure_error("z1", m) ==
        std::string("<command line>: error: --fail: 'z1' is not CLASS:ID\n") + kClassesHint);
  CHECK(failure_error("zone:", m) ==
        std::string("<command line>: error: --fail: 'zone:' is not CLASS:ID\n") + kClassesHint);
  CHECK(failure_error("zone:z1", m) ==
        std::string("<command line>: error: --fail: unknown failure class 'zone' in 'zone:z1'\n"
                    "  hint: did you mean 'az:z1'?\n") +
            kClassesHint);
  CHECK(failure_error("regoin:r1", m) ==
        std::string("<command line>: error: --fail: unknown failure class 'regoin' in 'regoin:r1'\n"
                    "  hint: did you mean 'region:r1'?\n") +
            kClassesHint);
}

TEST_CASE(
    "engine::parse_failure: an id not in the model is a command-line error with a "
    "did-you-mean",
    "[blast]") {
  Model m = shop();
  CHECK(failure_error("az:z9", m) ==
        "<command line>: error: --fail: 'az:z9': no zone 'z9' in the model\n"
        "  hint: did you mean 'z1'?\n"
        "  hint: zones in the model: z1, z2, z3, far1\n");
}

TEST_CASE("engine::parse_failure: a domain of another level says which class to use", "[blast]") {
  Model m = shop();
  CHECK(failure_error("az:r1", m) ==
        "<command line>: error: --fail: 'az:r1': no zone 'r1' in the model\n"
        "  hint: 'r1' is a region: use --fail region:r1\n"
        "  hint: zones in the model: z1, z2, z3, far1\n");
  CHECK(failure_error("dependency:paymnts", m) ==
        "<command line>: error: --fail: 'dependency:paymnts': no service 'paymnts' in the model\n"
        "  hint: did you mean 'payments'?\n"
        "  hint: services in the model: web, api, db, cache, payments, reports, checkout\n");
}

TEST_CASE("engine::blast_radius: a passive standby survives its region but serves only later",
          "[blast]") {
  Model m = three_zone_model();
  auto& web = add_service(m, "web", {"z1", "z2"}, 2, 1);
  web.standby.emplace();
  web.standby->zones = {"far1"};
  web.standby->instances = 2;
  auto& db = add_service(m, "db", {"z1"}, 1, 1);
  db.data.emplace();
  db.data->replicas.resize(2);
  db.data->replicas[0].zone = "z1";
  db.data->replicas[0].role = drsim::model::ReplicaRole::kPrimary;
  db.data->replicas[1].zone = "far1";
  db.data->replicas[1].lag = 30;
  m.index();

  auto r = run(m, "region:r1");
  REQUIRE(ids(r.hit_directly) == V{"db", "web"});
  CHECK(r.hit_directly[1].lost == 2);
  CHECK(r.hit_directly[1].standby_left == 2);
  CHECK(drsim::engine::to_text(r).find("  web: 0 of 2 instances left, needs 1; lost 2 in z1, z2; "
                                       "a passive standby of 2 takes over after scale-up; "
                                       "recovery: standby takes over, at least 30 s\n") !=
        std::string::npos);
  REQUIRE(ids(r.copy_kept) == V{"db"});
  CHECK(r.copy_kept[0].replicas_kept.size() == 1);
  CHECK(r.copy_kept[0].replicas_kept[0].zone == "far1");

  auto far = run(m, "region:r2");
  CHECK(far.hit_directly.empty());
  REQUIRE(ids(far.reduced_capacity) == V{"web"});
  CHECK(far.reduced_capacity[0].lost == 0);
  CHECK(far.reduced_capacity[0].standby_lost == 2);
  CHECK(far.reduced_capacity[0].lost_in == V{"far1"});
  CHECK(ids(far.copy_kept) == V{"db"});
  CHECK(drsim::engine::to_text(far).find(
            "  web: 2 of 2 instances left, needs 1; lost 2 passive standby in far1\n") !=
        std::string::npos);
}

TEST_CASE("engine::blast_radius: an active standby keeps serving through the region loss",
          "[blast]") {
  Model m = three_zone_model();
  auto& web = add_service(m, "web", {"z1", "z2"}, 2, 2);
  web.standby.emplace();
  web.standby->zones = {"far1"};
  web.standby->instances = 2;
  web.standby->active = true;
  m.index();
  auto r = run(m, "region:r1");
  CHECK(r.hit_directly.empty());
  REQUIRE(ids(r.reduced_capacity) == V{"web"});
  CHECK(r.reduced_capacity[0].instances == 4);
  CHECK(r.reduced_capacity[0].lost == 2);
}

TEST_CASE("engine::blast_radius: a datacenter failure takes what is placed in it, not its zone",
          "[blast]") {
  Model m = three_zone_model();
  drsim::test::add_domain(m, "z1-dc1", drsim::model::DomainLevel::kDatacenter, "z1", "cloud");
  drsim::test::add_domain(m, "z1-dc2", drsim::model::DomainLevel::kDatacenter, "z1", "cloud");
  add_service(m, "a", {"z1-dc1"}, 1, 1);
  add_service(m, "b", {"z1-dc2"}, 1, 1);
  add_service(m, "c", {"z1"}, 1, 1);
  m.index();
  CHECK(ids(run(m, "datacenter:z1-dc1").hit_directly) == V{"a"});
  auto zone = run(m, "az:z1");
  CHECK(zone.failed_domains == V{"z1", "z1-dc1", "z1-dc2"});
  CHECK(ids(zone.hit_directly) == V{"a", "b", "c"});
}

TEST_CASE("engine::blast_radius: an any_of dependency is down only when every alternative is",
          "[blast]") {
  Model m = shop();
  CHECK(ids(run(m, "dependency:cache").down) == V{"api", "web"});
  add_service(m, "far-cache", {"far1"}, 1, 1);
  drsim::model::Dependency either;
  either.any_of = {"cache", "far-cache"};
  m.services[1].depends_on[1] = either;  // api: the cache in z1 or the one in far1
  m.index();
  auto one = run(m, "dependency:cache");
  CHECK(ids(one.hit_directly) == V{"cache"});
  CHECK(one.down.empty());
  // Both alternatives out: a whole-cloud loss takes api down through the item.
  auto both = run(m, "vendor:cloud");
  CHECK(ids(both.hit_directly) == V{"api", "cache", "checkout", "db", "far-cache", "web"});
  // A rebuild that needs either cache is blocked only when both are out.
  drsim::model::Dependency need;
  need.any_of = {"cache", "far-cache"};
  m.services[0].recovery.rebuild = 3600;
  m.services[0].recovery.rebuild_needs = {need};
  CHECK(run(m, "region:r1").rebuild_blocked.empty());  // far-cache in r2 survives
  auto blocked = run(m, "vendor:cloud").rebuild_blocked;
  REQUIRE(blocked.size() == 1);
  CHECK(blocked[0].service == "web");
  CHECK(blocked[0].needs_down == V{"any of cache, far-cache"});
}
