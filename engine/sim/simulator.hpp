// The simulation entry point used by the CLI and the tests: every scenario is simulated on
// SimGrid in its own forked child process (SimGrid allows one Engine per process), up to
// `jobs` at a time, and the results come back in scenario order, so the output is the same
// byte for byte whatever the number of jobs. No SimGrid type appears in this header.
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

struct SimulateOptions {
  int jobs = 2;            // child processes running at once (>= 1)
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

// Totals over one call of simulate(), for benchmarks.
struct SimulateStats {
  long long events = 0;  // timed steps, transfers and fault events processed by SimGrid
  double build_s = 0;    // wall seconds, summed over scenarios: SimGrid start + platform build
  double run_s = 0;      // wall seconds, summed over scenarios: SimGrid running the scenario
};

// Simulates every scenario of `scenarios` on `m`; results in the same order. Throws the typed
// drsim error a child raised, or InternalError if a child died.
std::vector<ScenarioResult> simulate(const model::Model& m,
                                     const std::vector<scenarios::Scenario>& scenarios,
                                     const SimulateOptions& options = {},
                                     SimulateStats* stats = nullptr);

// A whole run: the scenario results plus the model's name, file, checksum, the tool version and
// the seed (of the first scenario, or options.seed if there is none), as `drsim simulate` reports
// it; with the costs and frequencies of engine/core/economics.hpp when the model has `costs:` or
// `likelihoods:`; with options.trials, each scenario's trial summary (the trials run in this
// process, engine/core/trials.hpp; `stats` is then left alone).
RunResult simulate_run(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                       const SimulateOptions& options = {}, SimulateStats* stats = nullptr);

// simulate_run() with options.trials > 0 for one shard of a run: the nominal results carry no
// trial summary; `parts` receives one TrialPart per scenario, in order, for drsim merge to add up.
RunResult simulate_run_parts(const model::Model& m,
                             const std::vector<scenarios::Scenario>& scenarios,
                             const SimulateOptions& options, std::vector<TrialPart>& parts);

}  // namespace drsim::engine
