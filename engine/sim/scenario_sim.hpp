// One scenario simulated on SimGrid: faults switch hosts and links off and on, and the recovery
// procedures of every affected service run as actors whose sleeps, waits and transfers make up
// the recovery path. Only one scenario per process (SimGrid allows one Engine per process and a
// second would keep the first one's clock): simulator.hpp runs each in a child process.
#pragma once

#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::engine::sim {

// Counters of one simulated scenario, for benchmarks.
struct SimStats {
  long long events = 0;  // timed steps, transfers and fault events the engine processed
  double build_s = 0;    // wall seconds to start SimGrid and build the platform
  double run_s = 0;      // wall seconds SimGrid ran the scenario
};

// Simulates `scenario` on `m` in a fresh s4u::Engine and returns its result; times in the
// result are seconds after t0. Must be called at most once per process.
ScenarioResult simulate_in_this_process(const model::Model& m, const scenarios::Scenario& scenario,
                                        SimStats* stats);

}  // namespace drsim::engine::sim
