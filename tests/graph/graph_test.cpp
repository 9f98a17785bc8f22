// Unit tests of model/graph: the dependency graph, cycle detection and the failure-domain tree,
// on small models built in code.
#include "model/graph.hpp"

#include <catch2/catch.hpp>

#include "tests/graph/fixtures.hpp"

using drsim::model::DependencyMode;
using drsim::model::EstateGraph;
using drsim::model::find_dependency_cycle;
using drsim::model::Model;
using drsim::test::add_service;
using drsim::test::depend;
using drsim::test::three_zone_model;

TEST_CASE("model::find_dependency_cycle: returns nothing for an acyclic graph", "[graph]") {
  Model m = three_zone_model();
  add_service(m, "web", {"z1"});
  add_service(m, "api", {"z1"});
  add_service(m, "db", {"z1"});
  depend(m, "web", "api");
  depend(m, "web", "db");
  depend(m, "api", "db");
  CHECK(find_dependency_cycle(m).empty());
}

TEST_CASE("model::find_dependency_cycle: names a three-service cycle in dependency order",
          "[graph]") {
  Model m = three_zone_model();
  add_service(m, "web", {"z1"});
  add_service(m, "api", {"z1"});
  add_service(m, "db", {"z1"});
  depend(m, "web", "api");
  depend(m, "api", "db");
  depend(m, "db", "web", DependencyMode::kQueued);
  CHECK(find_dependency_cycle(m) == std::vector<std::string>{"web", "api", "db", "web"});
}

TEST_CASE("model::find_dependency_cycle: reports a service depending on itself", "[graph]") {
  Model m = three_zone_model();
  add_service(m, "a", {"z1"});
  add_service(m, "b", {"z1"});
  depend(m, "a", "b");
  depend(m, "b", "b");
  CHECK(find_dependency_cycle(m) == std::vector<std::string>{"b", "b"});
}

TEST_CASE("model::find_dependency_cycle: finds a cycle not reachable from the first service",
          "[graph]") {
  Model m = three_zone_model();
  add_service(m, "lonely", {"z1"});
  add_service(m, "x", {"z1"});
  add_service(m, "y", {"z1"});
  depend(m, "lonely", "x");
  depend(m, "y", "x");
  depend(m, "x", "y");
  CHECK(find_dependency_cycle(m) == std::vector<std::string>{"x", "y", "x"});
}

TEST_CASE("model::find_dependency_cycle: ignores dependencies on unknown services", "[graph]") {
  Model m = three_zone_model();
  add_service(m, "a", {"z1"});
  depend(m, "a", "nowhere");
  CHECK(find_dependency_cycle(m).empty());
}

TEST_CASE("model::find_dependency_cycle: walks a 10,000-service chain without overflowing",
          "[graph]") {
  Model m = three_zone_model();
  for (int i = 0; i < 10000; ++i) add_service(m, "s" + std::to_string(i), {"z1"});
  for (int i = 0; i + 1 < 10000; ++i)
    depend(m, "s" + std::to_string(i), "s" + std::to_string(i + 1));
  CHECK(find_dependency_cycle(m).empty());
  depend(m, "s9999", "s0");
  auto cycle = find_dependency_cycle(m);
  REQUIRE(cycle.size() == 10001);
  CHECK(cycle.front() == "s0");
  CHECK(cycle[9999] == "s9999");
  CHECK(cycle.back() == "s0");
}

TEST_CASE("model::EstateGraph: keeps edges with their dependency mode and buffer", "[graph]") {
  Model m = three_zone_model();
  add_service(m, "checkout", {"z1"});
  add_service(m, "payments", {});
  depend(m, "checkout", "payments", DependencyMode::kQueued, 86400);
  m.index();
  EstateGraph g(m);
  const auto& deps = g.dependencies();
  REQUIRE(boost::num_edges(deps) == 1);
  auto e = *boost::edges(deps).first;
  CHECK(deps[boost::source(e, deps)].id == "checkout");
  CHECK(deps[boost::target(e, deps)].id == "payments");
  CHECK(deps[e].mode == DependencyMode::kQueued);
  CHECK(deps[e].buffer == 86400);
}

TEST_CASE("model::EstateGraph: a region holds the instances, replicas and stores of its zones",
          "[graph]") {
  Model m = three_zone_model();
  add_service(m, "web", {"z1", "z2", "z3"}, 6, 2);
  auto& db = add_service(m, "db", {"z1", "z2"}, 2, 1);
  db.data.emplace();
  db.data->replicas.resize(2);
  db.data->replicas[0].zone = "z1";
  db.data->replicas[1].zone = "z2";
  m.index();
  EstateGraph g(m);

  auto zone = g.contents("z2");
  CHECK(zone.domains == std::vector<std::string>{"z2"});
  CHECK(zone.stores.empty());
  CHECK(zone.instances.at(0) == std::vector<std::size_t>{1, 4});
  CHECK(zone.instances.at(1) == std::vector<std::size_t>{1});
  CHECK(zone.replicas.at(1) == std::vector<std::size_t>{1});

  auto region = g.contents("r1");
  CHECK(region.domains == std::vector<std::string>{"r1", "z1", "z2", "z3"});
  CHECK(region.stores == std::vector<std::string>{"store-r1"});
  CHECK(region.instances.at(0).size() == 6);
  CHECK(region.replicas.at(1) == std::vector<std::size_t>{0, 1});

  CHECK(g.contents("no-such-domain").domains.empty());
}

TEST_CASE("model::EstateGraph: the home domain is the smallest domain holding every copy",
          "[graph]") {
  Model m = three_zone_model();
  add_service(m, "one", {"z1"});
  add_service(m, "spread", {"z1", "z3"});
  add_service(m, "global", {"z1", "far1"});
  auto& ext = add_service(m, "payments", {});
  ext.kind = drsim::model::ServiceKind::kExternal;
  ext.vendor = "paycorp";
  m.index();
  EstateGraph g(m);
  CHECK(g.home_domain(*m.find_service("one")) == "z1");
  CHECK(g.home_domain(*m.find_service("spread")) == "r1");
  CHECK(g.home_domain(*m.find_service("global")) == "cloud");
  CHECK(g.home_domain(*m.find_service("payments")) == "paycorp");
}
