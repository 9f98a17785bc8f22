#include "model/distribution.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

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
