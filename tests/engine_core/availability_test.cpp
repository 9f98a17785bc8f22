// Steady-state availability (engine/core/availability.hpp) against closed forms: one component,
// two in parallel with one or two repair crews, k-of-n, a chain big enough for the sparse LU,
// and the outage chain of a service.
#include "engine/core/availability.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "model/errors.hpp"

using namespace drsim;
using namespace drsim::engine;

namespace {

// Σ_{i>=k} C(n, i) a^i (1 - a)^(n - i), in log space so n = 1000 does not overflow.
double binomial_at_least(int n, int k, double a) {
  double sum = 0;
  for (int i = k; i <= n; ++i) {
    double log_term = std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) +
                      i * std::log(a) + (n - i) * std::log1p(-a);
    sum += std::exp(log_term);
  }
  return sum;
}

}  // namespace

TEST_CASE("engine::availability: one component is MTBF / (MTBF + MTTR)", "[availability]") {
  // Fails twice a year, 8 h to repair: MTBF 4383 h, MTTR 8 h.
  const double lambda = 2, mttr_h = 8, mu = kSecondsPerYear / (mttr_h * 3600);
  MarkovChain c = k_of_n_chain(1, 1, lambda, mu, 1);
  SteadyState s = steady_state(c);
  const double mtbf_h = kSecondsPerYear / 3600 / lambda;
  CHECK_FALSE(s.sparse);
  CHECK(availability(c, s) == Approx(mtbf_h / (mtbf_h + mttr_h)).epsilon(1e-12));
  CHECK(availability(c, s) == Approx(0.998178).epsilon(1e-6));
}

TEST_CASE("engine::availability: two in parallel, independent and with one repair crew",
          "[availability]") {
  const double lambda = 1, mu = 50;
  const double a = mu / (lambda + mu);
  {
    MarkovChain c = k_of_n_chain(2, 1, lambda, mu, 2);
    CHECK(availability(c, steady_state(c)) == Approx(1 - (1 - a) * (1 - a)).epsilon(1e-12));
  }
  {
    // One crew: p1 = 2λ/μ p0, p2 = λ/μ p1; down only in state 2.
    MarkovChain c = k_of_n_chain(2, 1, lambda, mu, 1);
    const double r = lambda / mu;
    const double p2 = 2 * r * r / (1 + 2 * r + 2 * r * r);
    CHECK(availability(c, steady_state(c)) == Approx(1 - p2).epsilon(1e-12));
    CHECK(1 - p2 == Approx(0.999231).epsilon(1e-6));
  }
}

TEST_CASE("engine::availability: k-of-n with independent repairs is a binomial tail",
          "[availability]") {
  const double lambda = 3, mu = 40;
  MarkovChain c = k_of_n_chain(5, 3, lambda, mu, 5);
  SteadyState s = steady_state(c);
  CHECK(s.p.size() == 6);
  CHECK(availability(c, s) == Approx(binomial_at_least(5, 3, mu / (lambda + mu))).epsilon(1e-12));
}

TEST_CASE("engine::availability: a chain of 1001 states is solved with the sparse LU",
          "[availability]") {
  const double lambda = 1, mu = 9;  // a = 0.9: 900 of 1000 working on average
  MarkovChain c = k_of_n_chain(1000, 880, lambda, mu, 1000);
  SteadyState s = steady_state(c);
  CHECK(s.sparse);
  const double expected = binomial_at_least(1000, 880, 0.9);
  CHECK(expected == Approx(0.98274).epsilon(1e-4));
  CHECK(availability(c, s) == Approx(expected).epsilon(1e-9));
  double sum = 0;
  for (double p : s.p) sum += p;
  CHECK(sum == Approx(1).epsilon(1e-12));
}

TEST_CASE("engine::availability: outage modes give 1 / (1 + Σ λ d) and data lost per year",
          "[availability]") {
  // A zone loss twice a year down 90 s losing nothing; a region loss every 10 years down
  // 3 h losing 23 h of writes.
  std::vector<OutageMode> modes = {{2, 90, 0.0}, {0.1, 3 * 3600, 23 * 3600.0}, {0, 100, 0.0}};
  OutageAvailability a = outage_availability(modes);
  const double load = 2 * 90 / kSecondsPerYear + 0.1 * 3 * 3600 / kSecondsPerYear;
  const double p0 = 1 / (1 + load);
  CHECK(a.states == 3);  // the mode that never happens is left out
  CHECK_FALSE(a.sparse);
  CHECK(a.availability == Approx(p0).epsilon(1e-12));
  CHECK(a.downtime_s_per_year == Approx((1 - p0) * kSecondsPerYear).epsilon(1e-9));
  CHECK(a.downtime_s_per_year == Approx(1260).epsilon(1e-3));  // 180 s + 1080 s
  REQUIRE(a.data_loss_s_per_year);
  CHECK(*a.data_loss_s_per_year == Approx(p0 * 0.1 * 23 * 3600).epsilon(1e-12));
}

TEST_CASE("engine::availability: a mode that loses every copy makes data loss unbounded",
          "[availability]") {
  OutageAvailability a = outage_availability({{0.2, 3600, std::nullopt}});
  CHECK_FALSE(a.data_loss_s_per_year);
  CHECK(outage_availability({}).availability == 1);
  CHECK(outage_availability({}).states == 1);
}

TEST_CASE("engine::availability: a reducible or malformed chain is an internal error",
          "[availability]") {
  MarkovChain absorbing;
  absorbing.states = 2;
  absorbing.up = {true, false};
  absorbing.transitions = {{0, 1, 1.0}};  // nothing returns from state 1, and 0 is transient
  MarkovChain split;
  split.states = 3;
  split.up = {true, true, false};
  split.transitions = {{0, 1, 1.0}, {1, 0, 1.0}};  // state 2 unreachable and isolated
  CHECK(steady_state(absorbing).p[1] == 1);        // absorbing, yet unique: all mass ends in 1
  CHECK_THROWS_AS(steady_state(split), InternalError);
  MarkovChain bad = absorbing;
  bad.transitions = {{0, 5, 1.0}};
  CHECK_THROWS_AS(steady_state(bad), InternalError);
  bad.transitions = {{0, 1, -1.0}};
  CHECK_THROWS_AS(steady_state(bad), InternalError);
  CHECK_THROWS_AS(k_of_n_chain(2, 3, 1, 1, 1), InternalError);
}
