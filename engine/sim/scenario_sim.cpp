// One scenario simulated on SimGrid: the executor (engine/core/executor.hpp) on the SimGrid
// runtime, in a fresh s4u::Engine with the platform built from the model.
#include "engine/sim/scenario_sim.hpp"

#include <xbt/log.h>

#include <chrono>

#include "engine/core/executor.hpp"
#include "engine/sim/platform.hpp"
#include "engine/sim/simgrid_runtime.hpp"

namespace drsim::engine::sim {
namespace sg4 = simgrid::s4u;

ScenarioResult simulate_in_this_process(const model::Model& m, const scenarios::Scenario& scenario,
                                        SimStats* stats) {
  xbt_log_control_set("root.thresh:critical");
  char name[] = "drsim";
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer cannot follow SimGrid's hand-made stack switches and floods stderr with
  // warnings; actors on threads run in the same deterministic order. The context factory is
  // chosen when the Engine starts, so it has to come in through the arguments.
  char factory[] = "--cfg=contexts/factory:thread";
  char* argv[] = {name, factory, nullptr};
  int argc = 2;
#else
  char* argv[] = {name, nullptr};
  int argc = 1;
#endif
  // The engine, the platform and the runtime are never destroyed: at the horizon actors may still
  // be blocked on the condition variable, and SimGrid aborts when such objects are torn down.
  // The caller is a child process that exits right after (simulator.cpp).
  // Wall-clock figures feed benchmarks only; nothing in the result depends on them.
  auto wall0 = std::chrono::steady_clock::now();
  auto* engine = new sg4::Engine(&argc, argv);
  configure_network_model();
  auto* platform = new Platform(build_platform(m));
  auto* runtime = new SimGridRuntime(*engine, *platform, m);
  auto wall1 = std::chrono::steady_clock::now();
  auto result = execute(m, scenario, *runtime);
  if (stats) {
    stats->events = runtime->events;
    stats->build_s = std::chrono::duration<double>(wall1 - wall0).count();
    stats->run_s = runtime->run_wall_s;
  }
  return result;
}

}  // namespace drsim::engine::sim
