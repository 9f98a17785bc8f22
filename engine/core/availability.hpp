// Steady-state availability of repairable systems as continuous-time Markov chains (CTMC),
// solved with Eigen. Pure maths: no model, no SimGrid, no Eigen type in this header (only the
// length of a year, from model/units.hpp).
//
// Specification.
//
// * A chain has states 0..n-1 and transitions (from, to, rate) with rates in events per year
//   (a year is kSecondsPerYear = 365.25 days). Its generator Q has Q[i][j] = the sum of the
//   rates from i to j (i != j) and Q[i][i] = -(the sum of the rates out of i).
// * The steady state is the probability vector p with p Q = 0 and sum(p) = 1. It exists and is
//   unique when the chain is irreducible (every state reaches every other); otherwise the
//   solve fails with InternalError. steady_state() solves Q^T p = 0 with the last equation
//   replaced by sum(p) = 1: dense LU (Eigen::PartialPivLU) up to kDenseStateLimit states,
//   sparse LU (Eigen::SparseLU, COLAMD ordering) above, since a chain over many domains or
//   components has few transitions per state. Entries below 0 by rounding are set to 0 and the
//   vector is renormalised.
// * Availability = the sum of p over the states marked up.
// * k_of_n_chain(): n identical components, each failing at rate λ while working and repaired
//   at rate μ by at most `crews` repair crews at once; state i = number failed (0..n); the
//   system is up while at least k work (i <= n - k). Closed forms the tests check: n = k = 1 is
//   μ / (λ + μ) = MTBF / (MTBF + MTTR); with crews = n the components are independent and the
//   availability is Σ_{i>=k} C(n, i) a^i (1 - a)^(n - i) with a = μ / (λ + μ).
// * outage_chain(): a service that is up (state 0) and leaves it through outage modes m, each at
//   rate λ_m per year into its own down state, from which it returns to state 0 after a mean
//   duration d_m (repair rate 1 / d_m). Modes do not overlap (while down from one mode, no other
//   starts), which holds when outages are short next to the time between them. Closed form:
//   p_0 = 1 / (1 + Σ λ_m d_m) with d_m in years.
// * outage_availability(): that chain solved; expected downtime per year = (1 - A) x one year;
//   expected data lost per year = Σ_m (entries into m per year = p_0 λ_m) x data lost per entry.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "model/units.hpp"

namespace drsim::engine {

constexpr double kSecondsPerYear = units::kYear;
// Chains with more states than this are solved with the sparse LU.
constexpr std::size_t kDenseStateLimit = 200;

struct Transition {
  std::size_t from = 0;
  std::size_t to = 0;
  double rate = 0;  // per year, > 0
};

struct MarkovChain {
  std::size_t states = 0;
  std::vector<Transition> transitions;
  std::vector<bool> up;  // one flag per state: the system is up there
};

struct SteadyState {
  std::vector<double> p;  // probability of each state, sums to 1
  bool sparse = false;    // solved with the sparse LU
};

// The steady-state distribution of an irreducible chain; throws InternalError for a malformed
// chain (state out of range, rate not finite or <= 0) or a singular (reducible) one.
SteadyState steady_state(const MarkovChain& chain);

// Σ p over the up states of a steady state of `chain`.
double availability(const MarkovChain& chain, const SteadyState& s);

// n identical components, k needed, failure rate λ and repair rate μ per year, `crews` repairs
// at once (1 <= crews <= n); 1 <= k <= n.
MarkovChain k_of_n_chain(int n, int k, double failure_rate, double repair_rate, int crews);

// One way a service goes down: how often, for how long, and how much data each time costs.
struct OutageMode {
  double rate_per_year = 0;
  double duration_s = 0;              // mean time down per outage, seconds (> 0)
  std::optional<double> data_loss_s;  // data lost per outage, seconds of writes; none: all of it
};

struct OutageAvailability {
  double availability = 1;                     // 0..1
  double downtime_s_per_year = 0;              // expected seconds down per year
  std::optional<double> data_loss_s_per_year;  // none: some mode (rate > 0) loses every copy
  std::size_t states = 1;
  bool sparse = false;
};

// The chain of outage modes with rate > 0 and duration > 0 (others are left out): state 0 up,
// state m + 1 down through the m-th kept mode.
MarkovChain outage_chain(const std::vector<OutageMode>& modes);

// Availability, expected downtime and data loss per year of `modes` (see the specification).
OutageAvailability outage_availability(const std::vector<OutageMode>& modes);

}  // namespace drsim::engine
