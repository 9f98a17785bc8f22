// Blast radius of the bundled seed models (examples/seed-*.yaml) against what the seeds' own
// text says: an AZ loss has no impact, a region loss takes everything and leaves only the
// cross-region snapshots, a payment processor outage only degrades, a lost database replica
// takes nothing down.
#include <catch2/catch.hpp>

#include "engine/core/blast_radius.hpp"
#include "model/loader.hpp"

using drsim::engine::blast_radius;
using drsim::engine::BlastRadius;
using drsim::engine::parse_failure;
using drsim::model::EstateGraph;
using drsim::model::load_model;

namespace {

using V = std::vector<std::string>;

template <typename T>
V ids(const std::vector<T>& v) {
  V out;
  for (const auto& x : v) out.push_back(x.service);
  return out;
}

BlastRadius radius_of(const std::string& example, const std::string& fail) {
  auto loaded = load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/" + example);
  EstateGraph g(loaded.model);
  return blast_radius(g, parse_failure(fail, loaded.model));
}

const char* kManaged = "seed-001-managed.yaml";
const char* kFortress = "seed-004-api-fortress.yaml";

}  // namespace

TEST_CASE("blast_radius seed-001: one AZ down fails the database over, its clients ride through",
          "[blast][seed]") {
  auto r = radius_of(kManaged, "az:apse2-az1");
  // main-db loses its primary: 90 s Multi-AZ failover, within the 2 min its clients tolerate.
  REQUIRE(ids(r.hit_directly) == V{"main-db"});
  CHECK(r.hit_directly[0].rto_lower_s == 90.0);
  CHECK(r.down.empty());
  CHECK(r.degraded.empty());
  REQUIRE(r.ridden_through.size() == 2);
  CHECK(r.ridden_through[0].service == "api");
  CHECK(r.ridden_through[1].service == "workers");
  CHECK(ids(r.reduced_capacity) == V{"api", "documents", "web", "workers"});
  CHECK(r.last_copy_lost.empty());
  REQUIRE(ids(r.copy_kept) == V{"documents", "main-db"});
  CHECK(r.copy_kept[1].replicas_kept.size() == 1);
  CHECK(r.copy_kept[1].replicas_kept[0].zone == "apse2-az2");
}

TEST_CASE("blast_radius seed-001: the region outage leaves only the cross-region snapshots",
          "[blast][seed]") {
  auto r = radius_of(kManaged, "region:ap-southeast-2");
  CHECK(r.failed_domains == V{"ap-southeast-2", "apse2-az1", "apse2-az2", "apse2-az3"});
  CHECK(r.stores_lost == V{"snapshots-apse2"});
  CHECK(ids(r.hit_directly) == V{"api", "documents", "main-db", "web", "workers"});
  CHECK(r.down.empty());
  CHECK(r.degraded.empty());
  CHECK(r.last_copy_lost.empty());
  REQUIRE(ids(r.copy_kept) == V{"documents", "main-db"});
  for (const auto& d : r.copy_kept) {
    CHECK(d.replicas_kept.empty());
    REQUIRE(d.backups_kept.size() == 1);
    CHECK(d.backups_kept[0].store == "snapshots-apse1");
  }
  CHECK(r.copy_kept[1].backups_kept[0].backup == "daily-snapshot");
}

TEST_CASE("blast_radius seed-001: a payment processor outage only degrades through the queue",
          "[blast][seed]") {
  auto r = radius_of(kManaged, "vendor:assembly");
  CHECK(ids(r.hit_directly) == V{"assembly-payments"});
  CHECK(r.down.empty());
  CHECK(ids(r.degraded) == V{"api", "web", "workers"});
  CHECK(r.last_copy_lost.empty());
}

TEST_CASE("blast_radius seed-001: losing all of AWS loses the last copy of every data set",
          "[blast][seed]") {
  auto r = radius_of(kManaged, "vendor:aws");
  CHECK(ids(r.last_copy_lost) == V{"documents", "main-db"});
  CHECK(r.copy_kept.empty());
}

TEST_CASE("blast_radius seed-001: the office outage hits nothing and people work remotely",
          "[blast][seed]") {
  auto r = radius_of(kManaged, "office:sydney-office");
  CHECK(r.hit_directly.empty());
  CHECK(r.reduced_capacity.empty());
  CHECK(r.people.office_lost);
  CHECK(r.people.can_work);
}

TEST_CASE("blast_radius seed-004: losing the rack of a database replica takes nothing down",
          "[blast][seed]") {
  auto r = radius_of(kFortress, "az:rack-c");
  CHECK(r.hit_directly.empty());
  CHECK(r.down.empty());
  CHECK(r.degraded.empty());
  CHECK(ids(r.reduced_capacity) ==
        V{"core-server", "dashboard", "downloaders", "mongodb", "postgres"});
  REQUIRE(ids(r.copy_kept) == V{"mongodb", "postgres"});
  CHECK(r.copy_kept[1].replicas_lost.size() == 1);
  CHECK(r.copy_kept[1].replicas_lost[0].zone == "rack-c");
  CHECK(r.copy_kept[1].replicas_kept.size() == 2);
}

TEST_CASE(
    "blast_radius seed-004: a global RabbitMQ failure stops scheduled work, degrades the "
    "dashboard",
    "[blast][seed]") {
  auto r = radius_of(kFortress, "dependency:rabbitmq");
  CHECK(ids(r.hit_directly) == V{"rabbitmq"});
  CHECK(ids(r.down) == V{"connector", "core-server", "downloaders", "mailer", "scheduler"});
  CHECK(ids(r.degraded) == V{"dashboard"});
}

TEST_CASE("blast_radius seed-004: losing every PostgreSQL replica stops API Fortress",
          "[blast][seed]") {
  auto r = radius_of(kFortress, "dependency:postgres");
  CHECK(ids(r.hit_directly) == V{"postgres"});
  CHECK(ids(r.down) == V{"core-server", "dashboard", "mailer", "scheduler"});
  CHECK(r.degraded.empty());
}

TEST_CASE("blast_radius seed-004: losing the main datacenter keeps only the off-site dumps",
          "[blast][seed]") {
  auto r = radius_of(kFortress, "region:dc-main");
  CHECK(r.hit_directly.size() == 9);
  CHECK(ids(r.last_copy_lost) == V{"rabbitmq"});
  REQUIRE(ids(r.copy_kept) == V{"mongodb", "postgres"});
  CHECK(r.copy_kept[1].backups_kept.size() == 1);
  CHECK(r.copy_kept[1].backups_kept[0].backup == "pg-dump");
  CHECK(r.copy_kept[1].backups_kept[0].store == "backup-nas");
}

TEST_CASE("blast_radius small example: a payment outage for the whole horizon overflows the queue",
          "[blast][seed]") {
  auto r = radius_of("small.yaml", "vendor:payco");
  CHECK(drsim::engine::to_text(r) ==
        "blast radius of vendor:payco in model \"small-shop\"\n"
        "failed domains: payco\n"
        "stores lost: none\n"
        "\n"
        "hit directly (1):\n"
        "  payments: 0 of 1 instances left, needs 1; lost 1 in payco; recovery: waits for the "
        "outage to end\n"
        "\n"
        "losing instances but still up: none\n"
        "\n"
        "down via dependency (2):\n"
        "  api: depends on payments (queued, buffer 24 h); payments is hit directly\n"
        "  web: depends on api (hard) -> payments (queued, buffer 24 h); payments is hit "
        "directly\n"
        "\n"
        "degraded via queued dependency: none\n"
        "\n"
        "data sets losing their last copy: none\n"
        "\n"
        "data sets keeping a copy: none\n");
}
