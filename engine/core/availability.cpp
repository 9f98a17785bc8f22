#include "engine/core/availability.hpp"

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <string>

#include "model/errors.hpp"

namespace drsim::engine {
namespace {

void check_chain(const MarkovChain& chain) {
  if (chain.states == 0) throw InternalError("availability: a Markov chain needs a state");
  if (chain.up.size() != chain.states) {
    throw InternalError("availability: up flags do not match the number of states");
  }
  for (const auto& t : chain.transitions) {
    if (t.from >= chain.states || t.to >= chain.states || t.from == t.to) {
      throw InternalError("availability: transition " + std::to_string(t.from) + " -> " +
                          std::to_string(t.to) + " outside the chain");
    }
    if (!std::isfinite(t.rate) || t.rate <= 0) {
      throw InternalError("availability: transition rate " + std::to_string(t.rate) +
                          " is not a positive number");
    }
  }
}

// The triplets of Q^T with its last row replaced by ones (the normalisation).
std::vector<Eigen::Triplet<double>> system_triplets(const MarkovChain& chain) {
  const std::size_t last = chain.states - 1;
  std::vector<Eigen::Triplet<double>> out;
  out.reserve(2 * chain.transitions.size() + chain.states);
  auto add = [&](std::size_t row, std::size_t col, double v) {
    if (row != last) out.emplace_back(static_cast<int>(row), static_cast<int>(col), v);
  };
  for (const auto& t : chain.transitions) {
    add(t.to, t.from, t.rate);     // inflow into `to` from `from`
    add(t.from, t.from, -t.rate);  // outflow of `from`
  }
  for (std::size_t c = 0; c < chain.states; ++c) {
    out.emplace_back(static_cast<int>(last), static_cast<int>(c), 1.0);
  }
  return out;
}

Eigen::VectorXd solve_dense(const MarkovChain& chain, const Eigen::VectorXd& b) {
  const auto n = static_cast<Eigen::Index>(chain.states);
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  for (const auto& t : system_triplets(chain)) a(t.row(), t.col()) += t.value();
  Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  if (!lu.isInvertible()) {
    throw InternalError("availability: the Markov chain is reducible (no unique steady state)");
  }
  return lu.solve(b);
}

Eigen::VectorXd solve_sparse(const MarkovChain& chain, const Eigen::VectorXd& b) {
  const auto n = static_cast<Eigen::Index>(chain.states);
  auto triplets = system_triplets(chain);
  Eigen::SparseMatrix<double> a(n, n);
  a.setFromTriplets(triplets.begin(), triplets.end());
  a.makeCompressed();
  Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success) {
    throw InternalError("availability: the Markov chain is reducible (no unique steady state)");
  }
  Eigen::VectorXd x = lu.solve(b);
  if (lu.info() != Eigen::Success) throw InternalError("availability: sparse solve failed");
  return x;
}

}  // namespace

SteadyState steady_state(const MarkovChain& chain) {
  check_chain(chain);
  const auto n = static_cast<Eigen::Index>(chain.states);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  b(n - 1) = 1;
  SteadyState out;
  out.sparse = chain.states > kDenseStateLimit;
  Eigen::VectorXd x = out.sparse ? solve_sparse(chain, b) : solve_dense(chain, b);
  double sum = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!std::isfinite(x(i))) throw InternalError("availability: steady state is not finite");
    x(i) = std::max(0.0, x(i));  // rounding below zero
    sum += x(i);
  }
  if (sum <= 0) throw InternalError("availability: steady state sums to zero");
  out.p.resize(chain.states);
  for (Eigen::Index i = 0; i < n; ++i) out.p[static_cast<std::size_t>(i)] = x(i) / sum;
  return out;
}

double availability(const MarkovChain& chain, const SteadyState& s) {
  double a = 0;
  for (std::size_t i = 0; i < chain.states && i < s.p.size(); ++i) {
    if (chain.up[i]) a += s.p[i];
  }
  return std::min(1.0, a);
}

MarkovChain k_of_n_chain(int n, int k, double failure_rate, double repair_rate, int crews) {
  if (n < 1 || k < 1 || k > n || crews < 1 || crews > n) {
    throw InternalError("availability: k-of-n needs 1 <= k <= n and 1 <= crews <= n");
  }
  MarkovChain c;
  c.states = static_cast<std::size_t>(n) + 1;
  for (int failed = 0; failed <= n; ++failed) {
    c.up.push_back(failed <= n - k);
    const auto i = static_cast<std::size_t>(failed);
    if (failed < n) c.transitions.push_back({i, i + 1, (n - failed) * failure_rate});
    if (failed > 0) c.transitions.push_back({i, i - 1, std::min(failed, crews) * repair_rate});
  }
  return c;
}

MarkovChain outage_chain(const std::vector<OutageMode>& modes) {
  MarkovChain c;
  c.states = 1;
  c.up.push_back(true);
  for (const auto& m : modes) {
    if (m.rate_per_year <= 0 || m.duration_s <= 0) continue;
    c.transitions.push_back({0, c.states, m.rate_per_year});
    c.transitions.push_back({c.states, 0, kSecondsPerYear / m.duration_s});
    c.up.push_back(false);
    ++c.states;
  }
  return c;
}

OutageAvailability outage_availability(const std::vector<OutageMode>& modes) {
  MarkovChain chain = outage_chain(modes);
  SteadyState s = steady_state(chain);
  OutageAvailability out;
  out.availability = availability(chain, s);
  out.downtime_s_per_year = (1 - out.availability) * kSecondsPerYear;
  out.states = chain.states;
  out.sparse = s.sparse;
  double loss = 0;
  bool unbounded = false;
  for (const auto& m : modes) {
    // Entries per year into a mode: from the up state only (modes do not overlap). A mode with
    // no downtime (a replica promoted at once) still loses its data on every occurrence.
    const double entries = s.p[0] * m.rate_per_year;
    if (entries <= 0) continue;
    if (!m.data_loss_s) {
      unbounded = true;
    } else {
      loss += entries * *m.data_loss_s;
    }
  }
  if (!unbounded) out.data_loss_s_per_year = loss;
  return out;
}

}  // namespace drsim::engine
