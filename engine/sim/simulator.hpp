// The simulation entry point used by the CLI and the tests: every scenario is simulated on
// SimGrid in its own forked child process (SimGrid allows one Engine per process), or on drsim's
// own event loop in this process (engine/core/des_runtime.hpp), up to `jobs` at a time, and the
// results come back in scenario order, so the output is the same byte for byte whatever the
// number of jobs. No SimGrid type appears in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/trials.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::engine {

// What runs a run's nominal scenarios (docs/engine.md "Where scenarios run"). The two runtimes
// give the same results (tests/consistency); they differ in what a scenario costs.
enum class Executor {
  kAuto,     // SimGrid for up to kSimGridScenarios scenarios, drsim's own event loop beyond
  kSimGrid,  // SimGrid, the reference: a forked process, an Engine and a platform per scenario
  kOwn,      // drsim's own event loop, in this process on `jobs` threads
};
inline constexpr std::size_t kSimGridScenarios = 50;

// The executor kAuto stands for with `scenarios` scenarios; others stand for themselves.
Executor resolve(Executor e, std::size_t scenarios);

struct SimulateOptions {
  int jobs = 2;  // scenarios simulated at once (>= 1): child processes or threads
  Executor executor = Executor::kAuto;
  // Every result compact (model/outcome.hpp compact()): only the services a scenario touched,
  // the others counted; a result is compacted as soon as it is complete, so a sweep of a big
  // estate holds only what it affected.
  bool compact = false;
  std::uint64_t seed = 1;  // the run's seed when there is no scenario to take it from
  // Called in the calling process each time a scenario's simulation has finished, with the
  // number finished so far and the number in all (for a progress bar); may be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // simulate_run(): 0 = one run per scenario; N = besides it, N trials per scenario with values
  // drawn from the model's distributions (engine/core/trials.hpp), summarised in the results.
  long long trials = 0;
  // With trials: the trial numbers run (one shard's part, `simulate --shard`); every one by
  // default.
  TrialSlice trial_slice;
};

// Totals over one call of simulate() on SimGrid, for benchmarks.
struct SimulateStats {
  long long events = 0;  // timed steps, transfers and fault events processed by SimGrid
  double build_s = 0;    // wall seconds, summed over scenarios: SimGrid start + platform build
  double run_s = 0;      // wall seconds, summed over scenarios: SimGrid running the scenario
};

// Receives a run's results one scenario at a time (simulate_each()).
struct ResultSink {
  // On the thread that simulated scenario `index`, once its result is complete: in any order and
  // on several threads at once (to serialise results in parallel, say); may be empty.
  std::function<void(std::size_t index, const ScenarioResult& result)> prepare;
  // Once per scenario, in scenario order, one call at a time; the result is the sink's to keep.
  std::function<void(std::size_t index, ScenarioResult&& result)> take;
};

// Simulates every scenario of `scenarios` on `m` and hands each result to `sink` as soon as it
// and every one before it are complete, so a sink that writes them out holds a few at a time.
// Each result is complete: the worst phase recorded (phase.hpp), the cost for models with
// `costs:` or `likelihoods:` (economics.hpp), compact with options.compact. Throws the typed
// drsim error of the first scenario that failed, or InternalError if a child died.
void simulate_each(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                   const SimulateOptions& options, const ResultSink& sink,
                   SimulateStats* stats = nullptr);

// simulate_each() collected: the results in scenario order.
std::vector<ScenarioResult> simulate(const model::Model& m,
                                     const std::vector<scenarios::Scenario>& scenarios,
                                     const SimulateOptions& options = {},
                                     SimulateStats* stats = nullptr);

// The header of a run, without its scenarios: the model's name, file, checksum, the tool version,
// the seed (of the first scenario, or options.seed if there is none), and for models with
// `costs:` or `likelihoods:` the currency and running cost.
RunResult run_header(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                     const SimulateOptions& options);

// A whole run: run_header() and the scenario results, as `drsim simulate` reports it; with
// options.trials, each scenario's trial summary (the trials run in this process,
// engine/core/trials.hpp; `stats` is then left alone).
RunResult simulate_run(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                       const SimulateOptions& options = {}, SimulateStats* stats = nullptr);

// simulate_run() with options.trials > 0 for one shard of a run: the nominal results carry no
// trial summary; `parts` receives one TrialPart per scenario, in order, for drsim merge to add up.
RunResult simulate_run_parts(const model::Model& m,
                             const std::vector<scenarios::Scenario>& scenarios,
                             const SimulateOptions& options, std::vector<TrialPart>& parts);

}  // namespace drsim::engine
