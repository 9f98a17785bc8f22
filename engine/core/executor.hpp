// The executor: runs the recovery planner's plans (planner.hpp) in simulated time on a Runtime
// (runtime.hpp). Faults switch domains off and on (fault_injector.hpp), every change re-evaluates
// which services still serve, and each service that does not gets an actor that walks its plan:
// timed steps sleep, the on-call gate is shared by the whole scenario, transfers share the
// network, waits block until what they wait for is up. The actor asks the planner again after
// detection, when the situation may have changed. What the times mean (RTO, RPO, verdicts) is
// decided afterwards by scenario_run.hpp. The same code runs on SimGrid and on drsim's own event
// loop, so the two can only differ in how the runtime schedules and shares.
#pragma once

#include "engine/core/runtime.hpp"
#include "engine/core/scenario_run.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::engine {

// Simulates `scenario` on `m` with the fresh runtime `rt` (at time 0) and returns its result
// (`detail`: scenario_run.hpp); times in the result are seconds after t0. rt.events counts what
// was processed.
ScenarioResult execute(const model::Model& m, const scenarios::Scenario& scenario, Runtime& rt,
                       ResultDetail detail = ResultDetail::kFull);

// What one thread keeps from run to run of one model (trials): the services' records and the
// result keep their allocations, and every run starts from the same initial records.
struct RunBuffers {
  std::vector<ServiceRun> initial;  // each service's record before a run of `model`, `horizon`
  const model::Model* model = nullptr;
  double horizon = -1;
  std::vector<ServiceRun> runs;
  // The records the last run changed (ServiceRun::touched): the next run resets only these.
  std::vector<std::size_t> touched;
  ScenarioResult result;
};

// The same as execute() above, into `buffers.result`, which it returns.
const ScenarioResult& execute(const model::Model& m, const scenarios::Scenario& scenario,
                              Runtime& rt, ResultDetail detail, RunBuffers& buffers);

}  // namespace drsim::engine
