// Unit tests of model/graph_export: the DOT drawing and JSON export of a small model built in
// code, compared as whole text so any change to the output is deliberate.
#include "model/graph_export.hpp"

#include <catch2/catch.hpp>

#include "tests/graph/fixtures.hpp"

using drsim::model::DependencyMode;
using drsim::model::EstateGraph;
using drsim::model::Model;
using drsim::test::add_service;
using drsim::test::depend;

namespace {

// One cloud with region r1 (zone z1, z2) and a SaaS vendor; web over both zones queues work
// for payments at the SaaS; db lives in z1 with a backup to the region's store.
Model tiny() {
  Model m;
  m.name = "tiny";
  using drsim::model::DomainLevel;
  drsim::test::add_domain(m, "cloud", DomainLevel::kVendor, "", "cloud");
  drsim::test::add_domain(m, "r1", DomainLevel::kRegion, "cloud", "cloud");
  drsim::test::add_domain(m, "z1", DomainLevel::kZone, "r1", "cloud");
  drsim::test::add_domain(m, "z2", DomainLevel::kZone, "r1", "cloud");
  drsim::test::add_domain(m, "paycorp", DomainLevel::kVendor, "", "paycorp",
                          drsim::model::VendorKind::kSaas);
  drsim::model::Store store;
  store.id = "vault";
  store.domain = "r1";
  m.stores.push_back(store);
  add_service(m, "web", {"z1", "z2"}, 2, 1);
  auto& db = add_service(m, "db", {"z1"});
  db.kind = drsim::model::ServiceKind::kDatabase;
  db.data.emplace();
  db.data->replicas.resize(1);
  db.data->replicas[0].zone = "z1";
  db.data->replicas[0].role = drsim::model::ReplicaRole::kPrimary;
  drsim::model::Backup nightly;
  nightly.id = "nightly";
  nightly.store = "vault";
  db.data->backups.push_back(nightly);
  auto& pay = add_service(m, "payments", {});
  pay.kind = drsim::model::ServiceKind::kExternal;
  pay.vendor = "paycorp";
  depend(m, "web", "db");
  depend(m, "web", "payments", DependencyMode::kQueued, 3600);
  m.index();
  return m;
}

}  // namespace

TEST_CASE("model::to_dot: draws services inside the smallest domain that holds them", "[graph]") {
  Model m = tiny();
  EstateGraph g(m);
  CHECK(drsim::model::to_dot(g) ==
        R"dot(digraph "tiny" {
  graph [rankdir=LR, fontname="Helvetica", compound=true, label="tiny: services in their failure domains"];
  node [fontname="Helvetica", fontsize=10];
  edge [fontname="Helvetica", fontsize=9];
  subgraph "cluster_cloud" {
    label="vendor cloud"; style=rounded; color=gray60;
    subgraph "cluster_r1" {
      label="region r1"; style=rounded; color=gray60;
      "svc:web" [label="web\nstateless x2 (min 1)", shape=box];
      "store:vault" [label="vault (store)", shape=folder, color=gray40];
      subgraph "cluster_z1" {
        label="zone z1"; style=rounded; color=gray60;
        "svc:db" [label="db\ndatabase", shape=cylinder, style=bold];
      }
      subgraph "cluster_z2" {
        label="zone z2"; style=rounded; color=gray60;
        "domain:z2" [label="", shape=point, style=invis];
      }
    }
  }
  subgraph "cluster_paycorp" {
    label="vendor paycorp"; style=rounded; color=gray60;
    "svc:payments" [label="payments\nexternal", shape=box];
  }
  "svc:web" -> "svc:db" [label="hard"];
  "svc:web" -> "svc:payments" [label="queued 1 h", style=dashed];
  "svc:db" -> "store:vault" [label="nightly (snapshot)", style=dotted, color=gray40, arrowhead=empty];
}
)dot");
}

TEST_CASE("model::to_json: exports domains, services, dependencies and backups", "[graph]") {
  Model m = tiny();
  EstateGraph g(m);
  auto j = drsim::model::to_json(g);
  CHECK(j["format"] == "drsim-graph");
  CHECK(j["domains"].size() == 5);
  CHECK(j["domains"][2]["parent"] == "r1");
  CHECK(j["services"][0]["home_domain"] == "r1");
  CHECK(j["services"][1]["home_domain"] == "z1");
  CHECK(j["services"][2]["home_domain"] == "paycorp");
  REQUIRE(j["dependencies"].size() == 2);
  CHECK(j["dependencies"][1].dump() ==
        R"js({"from":"web","to":"payments","mode":"queued","buffer_s":3600.0})js");
  CHECK(j["backups"][0].dump() ==
        R"js({"service":"db","backup":"nightly","kind":"snapshot","store":"vault","copies":[]})js");
}
