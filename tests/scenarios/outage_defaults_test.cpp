// Default outage durations per disruption class (scenarios/outage_defaults.hpp): used when
// neither --duration nor a scenario file's `duration` says otherwise, and recorded per fault.
#include "scenarios/outage_defaults.hpp"

#include <catch2/catch.hpp>

#include "model/document.hpp"
#include "model/errors.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/loader.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using model::DisruptionClass;

TEST_CASE("scenarios::default_outage: one documented duration per class", "[scenarios]") {
  CHECK_FALSE(scenarios::default_outage(DisruptionClass::kHardware));
  CHECK(scenarios::default_outage(DisruptionClass::kAz) == 4 * 3600.0);
  CHECK(scenarios::default_outage(DisruptionClass::kRegion) == 12 * 3600.0);
  CHECK(scenarios::default_outage(DisruptionClass::kVendor) == 8 * 3600.0);
  CHECK(scenarios::default_outage(DisruptionClass::kDependency) == 2 * 3600.0);
  CHECK(scenarios::default_outage(DisruptionClass::kOffice) == 3 * 86400.0);
  for (auto c :
       {DisruptionClass::kCorruption, DisruptionClass::kDeletion, DisruptionClass::kRansomware}) {
    CHECK_FALSE(scenarios::default_outage(c));
  }
}

TEST_CASE("scenarios::resolve: a fault without --duration lasts its class default", "[scenarios]") {
  auto m = test::two_region_model();
  auto v = scenarios::resolve(m, {"vendor:stripe", "hardware:web", "az:apse2-az1"}, {});
  REQUIRE(v.size() == 3);
  CHECK(v[0].faults[0].duration_s == 8 * 3600);
  CHECK(std::isinf(v[1].faults[0].duration_s));
  CHECK(v[2].faults[0].duration_s == 4 * 3600);
  for (const auto& s : v) CHECK(s.faults[0].default_duration);

  auto outages = scenarios::fault_outages(v[0]);
  REQUIRE(outages.size() == 1);
  CHECK(outages[0].fault == "vendor:stripe");
  CHECK(outages[0].cls == "vendor");
  CHECK(outages[0].duration_s == 8 * 3600.0);
  CHECK(outages[0].is_default);
  CHECK_FALSE(scenarios::fault_outages(v[1])[0].duration_s);
}

TEST_CASE("scenarios::resolve: --duration overrides every class default", "[scenarios]") {
  auto m = test::two_region_model();
  scenarios::TimeOptions o;
  o.duration = "30 min";
  auto v = scenarios::resolve(m, {"region:ap-southeast-2", "hardware:web"}, o);
  for (const auto& s : v) {
    CHECK(s.faults[0].duration_s == 1800);
    CHECK_FALSE(s.faults[0].default_duration);
    CHECK_FALSE(scenarios::fault_outages(s)[0].is_default);
  }
}

TEST_CASE("scenarios::resolve: a default longer than the horizon lasts the whole horizon",
          "[scenarios]") {
  auto m = test::two_region_model();
  scenarios::TimeOptions o;
  o.horizon = "6 h";
  auto v = scenarios::resolve(m, {"region:ap-southeast-2"}, o);  // 12 h default, no error
  CHECK(v[0].faults[0].duration_s == 12 * 3600);
  o.duration = "12 h";
  CHECK_THROWS_AS(scenarios::resolve(m, {"region:ap-southeast-2"}, o), InputError);
}

TEST_CASE("scenarios::parse_scenarios: a file's fault without duration takes the class default",
          "[scenarios][file]") {
  auto m = test::two_region_model();
  auto v = scenarios::parse_scenarios(
      parse_document("faults:\n"
                     "  - {scenario: region:ap-southeast-2, at: '01:00'}\n"
                     "  - {scenario: dependency:payments, at: '02:00', duration: 4 h}\n",
                     "two.yaml", false),
      m);
  REQUIRE(v[0].faults.size() == 2);
  CHECK(v[0].faults[0].duration_s == 12 * 3600);
  CHECK(v[0].faults[0].default_duration);
  CHECK(v[0].faults[1].duration_s == 4 * 3600);
  CHECK_FALSE(v[0].faults[1].default_duration);
}
