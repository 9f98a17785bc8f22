// How long the availability part of `drsim compare` takes on a big model: simulates the given
// scenarios once (SimGrid, not timed as availability), then times evaluate_design() — one outage
// chain per service plus the design's chain, each solved with Eigen — and one large k-of-n chain
// on the sparse path. Frequencies are the documented defaults.
// Usage: availability_bench MODEL [SCENARIO...]   (default scenario: every region, region:*)
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/core/availability.hpp"
#include "engine/core/comparison.hpp"
#include "engine/core/economics.hpp"
#include "engine/sim/simulator.hpp"
#include "model/loader.hpp"
#include "scenarios/catalog.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace drsim;
  if (argc < 2) {
    std::fprintf(stderr, "usage: availability_bench MODEL [SCENARIO...]\n");
    return 2;
  }
  auto t = std::chrono::steady_clock::now();
  const model::Model m = model::load_model(argv[1]).model;
  std::vector<std::string> ids(argv + 2, argv + argc);
  if (ids.empty()) ids = {"region:*"};
  auto list = scenarios::resolve(m, ids, {});
  std::printf("model: %zu services, %zu scenarios, loaded in %.2f s\n", m.services.size(),
              list.size(), seconds_since(t));
  t = std::chrono::steady_clock::now();
  RunResult run = engine::simulate_run(m, list);
  engine::add_costs(m, list, run);  // the documented default frequencies
  std::printf("simulate: %.2f s\n", seconds_since(t));

  t = std::chrono::steady_clock::now();
  engine::DesignEvaluation d = engine::evaluate_design(m, run);
  const double eval_s = seconds_since(t);
  std::size_t states = 0, sparse = 0;
  for (const auto& s : d.services) {
    states += s.availability.states;
    sparse += s.availability.sparse;
  }
  std::printf(
      "availability: %zu service chains (%zu states, %zu sparse) + the design chain (%zu states) "
      "in %.3f s; design availability %.9f, %.0f s down a year\n",
      d.services.size(), states, sparse, d.availability.states, eval_s, d.availability.availability,
      d.availability.downtime_s_per_year);

  t = std::chrono::steady_clock::now();
  engine::MarkovChain big = engine::k_of_n_chain(10000, 9000, 1, 9, 10000);
  engine::SteadyState s = engine::steady_state(big);
  std::printf("k-of-n chain of %zu states (sparse LU: %s): %.3f s, availability %.9f\n", big.states,
              s.sparse ? "yes" : "no", seconds_since(t), engine::availability(big, s));
  return 0;
}
