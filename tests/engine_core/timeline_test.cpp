#include "engine/core/timeline.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/core/service_state.hpp"
#include "test_models.hpp"

using drsim::engine::achieved_rto;
using drsim::engine::hard_effect;
using drsim::engine::queued_effect;
using drsim::engine::State;
using drsim::engine::Timeline;

namespace {

// The position of service `id` in `m.services`, where effective_timelines() keeps it.
std::size_t position(const drsim::model::Model& m, const std::string& id) {
  return m.service_position(id);
}

}  // namespace

TEST_CASE("engine::Timeline: merges overlapping settings into maximal intervals", "[engine]") {
  Timeline t(1000);
  t.set(100, 200, State::kDown);
  t.set(150, 300, State::kDown);
  t.set(300, 400, State::kDegraded);
  auto iv = t.intervals();
  REQUIRE(iv.size() == 4);
  CHECK(iv[0].begin == 0);
  CHECK(iv[0].end == 100);
  CHECK(iv[1].state == State::kDown);
  CHECK(iv[1].begin == 100);
  CHECK(iv[1].end == 300);
  CHECK(iv[2].state == State::kDegraded);
  CHECK(iv[2].end == 400);
  CHECK(iv[3].state == State::kUp);
  CHECK(iv[3].end == 1000);
  CHECK(t.at(299.5) == State::kDown);
  CHECK(t.at(300) == State::kDegraded);
}

TEST_CASE("engine::achieved_rto: is the end of the last down stretch, 0 or null", "[engine]") {
  Timeline never(3600);
  CHECK(achieved_rto(never) == 0.0);
  Timeline once(3600);
  once.set(0, 90, State::kDown);
  CHECK(achieved_rto(once) == 90.0);
  Timeline twice(3600);
  twice.set(0, 90, State::kDown);
  twice.set(500, 620, State::kDown);
  CHECK(achieved_rto(twice) == 620.0);
  Timeline degraded(3600);
  degraded.set(0, 3000, State::kDegraded);
  CHECK(achieved_rto(degraded) == 0.0);
  Timeline forever(3600);
  forever.set_from(10, State::kDown);
  CHECK_FALSE(achieved_rto(forever).has_value());
}

TEST_CASE("engine::queued_effect: degrades while the buffer lasts, then goes down", "[engine]") {
  Timeline dep(48 * 3600.0);
  dep.set(0, 4 * 3600.0, State::kDown);
  auto within = queued_effect(dep, 24 * 3600.0);
  CHECK(within.intervals().size() == 2);
  CHECK(within.at(3 * 3600.0) == State::kDegraded);
  CHECK(achieved_rto(within) == 0.0);

  auto overflow = queued_effect(dep, 3600);
  CHECK(overflow.at(1800) == State::kDegraded);
  CHECK(overflow.at(7200) == State::kDown);
  CHECK(achieved_rto(overflow) == 4 * 3600.0);

  auto unbounded = queued_effect(dep, 0);
  CHECK(unbounded.at(3 * 3600.0) == State::kDegraded);
}

TEST_CASE("engine::effective_timelines: hard dependencies pass down, queued ones degrade",
          "[engine]") {
  auto m = drsim::test::two_region_model();
  // web depends hard on db; add a checkout queued on web with a 1 h buffer.
  m.services[1].depends_on = {{"db", drsim::model::DependencyMode::kHard, 0, 0, {}, {}}};
  drsim::model::Service checkout;
  checkout.id = "checkout";
  checkout.depends_on = {{"web", drsim::model::DependencyMode::kQueued, 3600, 0, {}, {}}};
  m.services.push_back(checkout);
  m.index();
  std::vector<Timeline> own(m.services.size(), Timeline(10000));
  own[position(m, "db")].set(0, 5000, State::kDown);
  auto eff = drsim::engine::effective_timelines(m, own, 10000);
  CHECK(achieved_rto(eff[position(m, "web")]) == 5000.0);
  const auto& checkout_t = eff[position(m, "checkout")];
  CHECK(checkout_t.at(100) == State::kDegraded);
  CHECK(checkout_t.at(4000) == State::kDown);
  CHECK(achieved_rto(checkout_t) == 5000.0);
}

TEST_CASE("engine::hard_effect: a dependant rides through outages up to its tolerance",
          "[engine]") {
  Timeline db(10000);
  db.set(100, 190, State::kDown);    // a 90 s failover: ridden through with 120 s
  db.set(1000, 1500, State::kDown);  // 500 s: down from 120 s after the start
  db.set(2000, 2100, State::kDegraded);
  Timeline t = hard_effect(db, 120);
  CHECK(t.at(150) == State::kUp);
  CHECK(t.at(1100) == State::kUp);
  CHECK(t.at(1120) == State::kDown);
  CHECK(t.at(1499) == State::kDown);
  CHECK(t.at(1500) == State::kUp);
  CHECK(t.at(2050) == State::kDegraded);
  CHECK(hard_effect(db, 0).at(150) == State::kDown);
}

TEST_CASE("engine::Timeline::best: the pointwise best of two timelines", "[engine]") {
  Timeline a(10000), b(10000);
  a.set(0, 4000, State::kDown);
  b.set(2000, 6000, State::kDown);
  b.set(6000, 7000, State::kDegraded);
  Timeline best = Timeline::best(a, b);
  CHECK(best.at(1000) == State::kUp);    // b up
  CHECK(best.at(3000) == State::kDown);  // both down
  CHECK(best.at(5000) == State::kUp);    // a up again
  CHECK(achieved_rto(best) == 4000.0);
  CHECK(Timeline::worst(a, b).at(6500) == State::kDegraded);
}

TEST_CASE("engine::effective_timelines: an any_of item is down only while every alternative is",
          "[engine]") {
  auto m = drsim::test::two_region_model();
  drsim::model::Service mirror, registry, app;
  mirror.id = "mirror";
  registry.id = "registry";
  app.id = "app";
  drsim::model::Dependency image;
  image.any_of = {"mirror", "registry"};
  image.tolerate = 300;
  app.depends_on = {image};
  m.services.push_back(mirror);
  m.services.push_back(registry);
  m.services.push_back(app);
  m.index();
  std::vector<Timeline> own(m.services.size(), Timeline(20000));
  own[position(m, "mirror")].set(0, 7200, State::kDown);       // the mirror is out 2 h
  own[position(m, "registry")].set(3600, 9000, State::kDown);  // the registry from 1 h to 2 h 30
  auto eff = drsim::engine::effective_timelines(m, own, 20000);
  // Both out from 1 h to 2 h; tolerate 5 min: app down from 1 h 5 min to 2 h.
  const auto& app_t = eff[position(m, "app")];
  CHECK(app_t.at(3600) == State::kUp);
  CHECK(app_t.at(3900) == State::kDown);
  CHECK(app_t.at(7200) == State::kUp);
  CHECK(achieved_rto(app_t) == 7200.0);
  CHECK(image.name() == "any of mirror, registry");
  CHECK(drsim::engine::item_out(image, [](const std::string& id) { return id == "mirror"; }) ==
        false);
  CHECK(drsim::engine::item_out(image, [](const std::string&) { return true; }));
}

TEST_CASE("model::Model::dependency_positions: every item's alternatives by position, in order",
          "[engine]") {
  auto m = drsim::test::two_region_model();
  drsim::model::Service mirror, app;
  mirror.id = "mirror";
  app.id = "app";
  drsim::model::Dependency image, db;
  image.any_of = {"mirror", "nowhere", "db"};
  db.service = "db";
  app.depends_on = {db, image};
  m.services.push_back(mirror);
  m.services.push_back(app);
  m.index();
  const std::size_t a = position(m, "app");
  CHECK(m.dependency_positions(a, 0) == std::vector<std::size_t>{position(m, "db")});
  // An id that is no service has services.size(), as service_position() gives.
  CHECK(m.dependency_positions(a, 1) ==
        std::vector<std::size_t>{position(m, "mirror"), m.services.size(), position(m, "db")});
  // An item added without index() again is refused, not read out of bounds.
  m.services[a].depends_on.push_back(db);
  CHECK_THROWS_WITH(m.dependency_positions(a, 2),
                    "dependency 2 of service " + std::to_string(a) +
                        " is not indexed: Model::index() was not called after the services "
                        "changed");
  m.index();
  CHECK(m.dependency_positions(a, 2) == std::vector<std::size_t>{position(m, "db")});
}
