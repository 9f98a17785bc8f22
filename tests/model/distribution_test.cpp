#include "model/distribution.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "model/errors.hpp"
#include "model/loader.hpp"
#include "model/units.hpp"

using namespace drsim::model;

namespace {

// `n` draws of `d` from trial generators 0..n-1 of seed 42, sorted.
std::vector<double> draws(const Distribution& d, int n) {
  std::vector<double> out;
  for (int k = 0; k < n; ++k) {
    TrialRng rng(42, static_cast<std::uint64_t>(k));
    out.push_back(d.sample(rng));
  }
  std::sort(out.begin(), out.end());
  return out;
}

double quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

LoadResult load_text(const std::string& text) {
  return load_model(drsim::parse_document(text, "m.yaml", false), "m.yaml", text);
}

std::string error_of(const std::string& text) {
  try {
    load_text(text);
  } catch (const drsim::InputError& e) {
    return e.what();
  }
  return "";
}

const std::string kHead = R"(version: 1
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

TEST_CASE("TrialRng: the same seed and trial give the same numbers, others differ") {
  TrialRng a(7, 3), b(7, 3), c(7, 4), d(8, 3);
  const auto first = a.next();
  CHECK(first == b.next());
  CHECK(first != c.next());
  CHECK(first != d.next());
  TrialRng e(7, 3);
  for (int i = 0; i < 1000; ++i) {
    const double u = e.uniform();
    REQUIRE(u >= 0);
    REQUIRE(u < 1);
  }
}

TEST_CASE("Distribution: medians as documented") {
  CHECK(Distribution::fixed(90).median() == 90);
  CHECK(Distribution{DistributionKind::kUniform, 60, 180, 0, {}}.median() == 120);
  // Triangular 0..10, mode 0: F(x) = 1 - (1 - x/10)^2 = 1/2 at 10 - sqrt(50).
  CHECK(Distribution{DistributionKind::kTriangular, 0, 0, 10, {}}.median() ==
        Approx(10 - std::sqrt(50.0)));
  CHECK(Distribution{DistributionKind::kTriangular, 0, 5, 10, {}}.median() == Approx(5));
  CHECK(Distribution{DistributionKind::kLognormal, 600, 1800, 0, {}}.median() == 600);
  CHECK(Distribution{DistributionKind::kEmpirical, 0, 0, 0, {42, 55, 61, 80}}.median() == 58);
  CHECK(Distribution{DistributionKind::kEmpirical, 0, 0, 0, {42, 55, 61}}.median() == 55);
}

TEST_CASE("Distribution: 20,000 draws match what each distribution promises") {
  const int n = 20000;
  SECTION("uniform 60..180: within bounds, quartiles at 90 and 150") {
    auto v = draws({DistributionKind::kUniform, 60, 180, 0, {}}, n);
    CHECK(v.front() >= 60);
    CHECK(v.back() < 180);
    CHECK(quantile(v, 0.25) == Approx(90).epsilon(0.02));
    CHECK(quantile(v, 0.75) == Approx(150).epsilon(0.02));
  }
  SECTION("triangular 300, 600, 1800: the median of the formula") {
    Distribution d{DistributionKind::kTriangular, 300, 600, 1800, {}};
    auto v = draws(d, n);
    CHECK(v.front() >= 300);
    CHECK(v.back() <= 1800);
    CHECK(quantile(v, 0.5) == Approx(d.median()).epsilon(0.02));
  }
  SECTION("lognormal p50 10 min, p90 30 min: both percentiles hold") {
    auto v = draws({DistributionKind::kLognormal, 600, 1800, 0, {}}, n);
    CHECK(quantile(v, 0.5) == Approx(600).epsilon(0.03));
    CHECK(quantile(v, 0.9) == Approx(1800).epsilon(0.03));
  }
  SECTION("samples: only the given values, each about as often") {
    auto v = draws({DistributionKind::kEmpirical, 0, 0, 0, {42, 55, 61, 80}}, n);
    for (double x : {42.0, 55.0, 61.0, 80.0}) {
      const auto count = std::count(v.begin(), v.end(), x);
      CHECK(count == Approx(n / 4).epsilon(0.05));
    }
    CHECK(std::count(v.begin(), v.end(), 42.0) + std::count(v.begin(), v.end(), 55.0) +
              std::count(v.begin(), v.end(), 61.0) + std::count(v.begin(), v.end(), 80.0) ==
          n);
  }
}

TEST_CASE("Distribution: described for reports") {
  auto f = [](double v) { return drsim::units::format_duration(v); };
  CHECK(Distribution{DistributionKind::kUniform, 300, 900, 0, {}}.describe(f) ==
        "uniform 5 min to 15 min");
  CHECK(Distribution{DistributionKind::kLognormal, 600, 1800, 0, {}}.describe(f) ==
        "lognormal p50 10 min p90 30 min");
  CHECK(Distribution{DistributionKind::kEmpirical, 0, 0, 0, {42, 80}}.describe(f) ==
        "2 samples 42 s to 1 min 20 s");
}

TEST_CASE("loader: a distribution sets the median and records where a trial draws it") {
  auto r = load_text(kHead + R"(stores: [{id: s2, domain: r2}]
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
  const std::string svc = kHead + "services:\n  - id: web\n    placement: {zones: [z1]}\n";
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
        "range\n  hint: allowed range is 0.01 to 1\n");
  CHECK(error_of(svc + "outages: {hardware: 2 h}\n") ==
        "m.yaml:14:11: error: /outages/hardware: a hardware fault does not end by itself: it has "
        "no outage duration\n  hint: outages: takes az, region, vendor, dependency and office; a "
        "hardware fault ends with its recovery procedure\n");
  CHECK(error_of(svc + "outages: {regio: 2 h}\n") ==
        "m.yaml:14:11: error: /outages/regio: unknown outage class 'regio'\n  hint: did you "
        "mean 'region'?\n  hint: allowed values: az, region, vendor, dependency, office\n");
}
