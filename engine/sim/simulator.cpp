#include "engine/sim/simulator.hpp"

#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <thread>

#include "drsim/version.hpp"
#include "engine/core/des_runtime.hpp"
#include "engine/core/economics.hpp"
#include "engine/core/phase.hpp"
#include "engine/core/trials.hpp"
#include "engine/sim/result_codec.hpp"
#include "engine/sim/scenario_sim.hpp"
#include "model/errors.hpp"
#include "platform/child.hpp"

namespace drsim::engine {
namespace {

// Runs in a worker: simulates and returns "R<result>", "E<code>:<message>" or "M" (out of
// memory) for the parent to decode.
std::string simulate_for_parent(const model::Model& m, const scenarios::Scenario& sc) {
  try {
    sim::SimStats st;
    auto r = sim::simulate_in_this_process(m, sc, &st);
    return "R" + sim::encode_result(r, st);
  } catch (const Error& e) {
    return "E" + std::to_string(static_cast<int>(e.exit_code())) + ":" + e.what();
  } catch (const std::bad_alloc&) {
    return "M";
  } catch (const std::exception& e) {
    return "E70:simulation of " + sc.id + " failed: " + e.what();
  }
}

struct CloseFile {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, CloseFile>;

struct Running {
  platform::ForkedChild worker;
  std::size_t index = 0;
  std::string bytes;
  File err;  // the worker's stderr, read once it has ended
};

// Everything the worker wrote to its stderr.
std::string drain(std::FILE* f) {
  std::string text;
  std::rewind(f);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  return text;
}

// SimGrid aborts, with a backtrace, when it cannot map an actor's stack: that is the memory
// limit, not a bug, and main() says so plainly.
bool ran_out_of_memory(const std::string& child_stderr) {
  return child_stderr.find("Failed to allocate") != std::string::npos;
}

// The phase sweep's window per detection delay (phase.hpp sweep_window()), computed once for all
// the scenarios that share it.
class Windows {
 public:
  explicit Windows(const model::Model& m) : m_(m) {}
  const SweepWindow& of(const scenarios::Scenario& sc) {
    const double gap = sc.faults.empty() ? 0 : sc.faults.front().detect_after_s;
    auto it = windows_.find(gap);
    if (it == windows_.end()) it = windows_.emplace(gap, sweep_window(m_, gap)).first;
    return it->second;
  }

 private:
  const model::Model& m_;
  std::map<double, SweepWindow> windows_;
};

}  // namespace

Executor resolve(Executor e, std::size_t scenarios) {
  if (e != Executor::kAuto) return e;
  return scenarios <= kSimGridScenarios ? Executor::kSimGrid : Executor::kOwn;
}

namespace {

// Untimed scenarios run at their worst phase; every result carries the worst RPOs (phase.hpp).
struct Phased {
  PhaseAnalysis phase;
  scenarios::Scenario run;  // the scenario as it runs
};

Phased phased(const model::Model& m, const scenarios::Scenario& sc, const SweepWindow& window) {
  PhaseAnalysis phase = analyse_phase(m, sc, window);
  scenarios::Scenario run = phase.phase == FaultPhase::kWorst ? starting_at(sc, phase.start_s) : sc;
  return {std::move(phase), std::move(run)};
}

// What every result goes through once its simulation is complete (simulate_each()).
void finish(const model::Model& m, const scenarios::Scenario& sc, const PhaseAnalysis& phase,
            const SimulateOptions& options, ScenarioResult& result) {
  record_phase(phase, result);
  if (has_costs(m)) add_scenario_cost(m, sc, result);
  if (options.compact) compact(result);
}

// Every scenario in its own forked SimGrid child, up to options.jobs at a time.
void simulate_forked(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                     const SimulateOptions& options, const ResultSink& sink, SimulateStats* stats) {
  std::vector<Phased> runs;
  Windows windows(m);
  for (const auto& sc : scenarios) runs.push_back(phased(m, sc, windows.of(sc)));
  std::vector<std::string> raw(scenarios.size());
  std::vector<Running> running;
  std::size_t next = 0;
  const std::size_t jobs = static_cast<std::size_t>(std::max(options.jobs, 1));
  while (next < scenarios.size() || !running.empty()) {
    while (next < scenarios.size() && running.size() < jobs) {
      File err(std::tmpfile());
      if (!err) throw InternalError(std::string("tmpfile: ") + std::strerror(errno));
      const int err_fd = ::fileno(err.get());
      const scenarios::Scenario& sc = runs[next].run;
      auto worker = platform::fork_worker([&](int fd) {
        ::dup2(err_fd, STDERR_FILENO);
        platform::write_all(fd, simulate_for_parent(m, sc));
      });
      running.push_back({std::move(worker), next, {}, std::move(err)});
      ++next;
    }
    std::vector<int> fds;
    for (const auto& r : running) fds.push_back(r.worker.out.get());
    const std::vector<bool> ready = platform::wait_readable(fds, -1);
    for (std::size_t i = running.size(); i-- > 0;) {
      Running& r = running[i];
      if (!ready[i] ||
          platform::read_chunk(r.worker.out.get(), r.bytes) != platform::ReadStatus::kEnd) {
        continue;
      }
      const platform::ExitStatus status = r.worker.child.wait_exit();
      const auto& id = scenarios[r.index].id;
      const std::string child_stderr = drain(r.err.get());
      if (!status.exited() || r.bytes.empty()) {
        if (ran_out_of_memory(child_stderr)) throw std::bad_alloc();
        std::fputs(child_stderr.c_str(), stderr);
        throw InternalError("simulation of " + id + " died" +
                            (status.signal != 0 ? " (signal " + std::to_string(status.signal) + ")"
                                                : std::string()));
      }
      std::fputs(child_stderr.c_str(), stderr);
      raw[r.index] = std::move(r.bytes);
      running.erase(running.begin() + static_cast<long>(i));
      // Started and no longer running: finished.
      if (options.progress) options.progress(next - running.size(), scenarios.size());
    }
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string& r = raw[i];
    if (r[0] == 'M') throw std::bad_alloc();  // main() says what to do about it
    if (r[0] == 'E') {
      auto colon = r.find(':');
      int code = std::atoi(r.c_str() + 1);
      throw Error(static_cast<ExitCode>(code), r.substr(colon + 1));
    }
    sim::SimStats st;
    ScenarioResult result = sim::decode_result(raw[i].substr(1), &st);
    std::string().swap(raw[i]);
    finish(m, scenarios[i], runs[i].phase, options, result);
    if (sink.prepare) sink.prepare(i, result);
    sink.take(i, std::move(result));
    if (stats) {
      stats->events += st.events;
      stats->build_s += st.build_s;
      stats->run_s += st.run_s;
    }
  }
}

// Every scenario on drsim's own event loop in this process, on options.jobs threads: each takes
// the next scenario until none is left, and whoever completes the next one due hands it (and
// any completed after it) to the sink. A thread does not run ahead of the sink by more than a
// few scenarios, so results waiting for an earlier one stay few.
void simulate_here(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                   const SimulateOptions& options, const ResultSink& sink) {
  Windows windows(m);
  std::vector<const SweepWindow*> window;
  for (const auto& sc : scenarios) window.push_back(&windows.of(sc));
  const auto threads = static_cast<std::size_t>(std::max(options.jobs, 1));
  const std::size_t ahead = 4 * threads;
  std::map<std::size_t, ScenarioResult> waiting;  // complete, not yet due
  std::size_t due = 0, next = 0, reported = 0;
  std::exception_ptr failure;
  std::size_t failed_at = scenarios.size();
  std::mutex mutex;
  std::condition_variable moved;
  auto work = [&](bool reports_progress) {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      moved.wait(lock, [&] { return failure || next >= scenarios.size() || next < due + ahead; });
      if (failure || next >= scenarios.size()) return;
      const std::size_t i = next++;
      lock.unlock();
      std::exception_ptr error;
      ScenarioResult result;
      try {
        Phased p = phased(m, scenarios[i], *window[i]);
        result = simulate_in_process(m, p.run);
        finish(m, scenarios[i], p.phase, options, result);
        if (sink.prepare) sink.prepare(i, result);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error) {
        // Scenarios are taken in order and every one taken is finished, so the first failure
        // in scenario order is the same for any number of threads.
        if (i < failed_at) {
          failed_at = i;
          failure = error;
        }
        moved.notify_all();
        continue;
      }
      waiting.emplace(i, std::move(result));
      for (auto it = waiting.begin(); !failure && it != waiting.end() && it->first == due;
           it = waiting.erase(it)) {
        try {
          sink.take(due, std::move(it->second));
        } catch (...) {
          failed_at = due;
          failure = std::current_exception();
        }
        ++due;
      }
      if (reports_progress && options.progress && due > reported) {
        reported = due;
        options.progress(due, scenarios.size());
      }
      moved.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < threads; ++i) pool.emplace_back(work, false);
  work(true);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  if (options.progress && due > reported) options.progress(due, scenarios.size());
}

}  // namespace

void simulate_each(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                   const SimulateOptions& options, const ResultSink& sink, SimulateStats* stats) {
  if (resolve(options.executor, scenarios.size()) == Executor::kOwn) {
    simulate_here(m, scenarios, options, sink);
  } else {
    simulate_forked(m, scenarios, options, sink, stats);
  }
}

std::vector<ScenarioResult> simulate(const model::Model& m,
                                     const std::vector<scenarios::Scenario>& scenarios,
                                     const SimulateOptions& options, SimulateStats* stats) {
  std::vector<ScenarioResult> out;
  out.reserve(scenarios.size());
  ResultSink sink;
  sink.take = [&out](std::size_t, ScenarioResult&& r) { out.push_back(std::move(r)); };
  simulate_each(m, scenarios, options, sink, stats);
  return out;
}

RunResult run_header(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                     const SimulateOptions& options) {
  RunResult run;
  run.model = m.name;
  run.model_source = m.source;
  run.model_checksum = m.checksum;
  run.tool_version = kVersion;
  run.seed = static_cast<long long>(scenarios.empty() ? options.seed : scenarios.front().seed);
  if (has_costs(m)) add_run_costs(m, run);
  return run;
}

namespace {

// The nominal results of `scenarios` and, per scenario, the summary of the options.trial_slice
// of options.trials trials on drsim's own event loop (trials.hpp, in this process).
std::vector<ScenarioResult> simulate_trials(const model::Model& m,
                                            const std::vector<scenarios::Scenario>& scenarios,
                                            const SimulateOptions& options,
                                            std::vector<TrialPart>& parts) {
  // Progress counts runs: the nominal run of every scenario first, then the trials.
  const long long per_scenario = options.trial_slice.size(options.trials);
  const auto total = (static_cast<std::size_t>(per_scenario) + 1) * scenarios.size();
  SimulateOptions nominal_options = options;
  nominal_options.progress = nullptr;
  nominal_options.compact = false;  // the trials are written into every service first
  if (options.progress) {
    nominal_options.progress = [&](std::size_t done, std::size_t) {
      options.progress(done, total);
    };
  }
  std::vector<ScenarioResult> out = simulate(m, scenarios, nominal_options);
  Windows windows(m);
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto& sc = scenarios[s];
    const std::size_t before = scenarios.size() + s * static_cast<std::size_t>(per_scenario);
    const TrialRun run = trial_run(m, sc, windows.of(sc), options.trials);
    parts.push_back(
        {run,
         run_trials(m, sc, run, sc.seed, options.trial_slice, options.jobs, [&](long long done) {
           if (options.progress) {
             options.progress(before + static_cast<std::size_t>(done), total);
           }
         })});
  }
  return out;
}

}  // namespace

RunResult simulate_run(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                       const SimulateOptions& options, SimulateStats* stats) {
  if (options.trials > 0) {
    std::vector<TrialPart> parts;
    RunResult run = simulate_run_parts(m, scenarios, options, parts);
    for (std::size_t s = 0; s < parts.size(); ++s) {
      parts[s].summary.write(parts[s].run, run.scenarios[s]);
      if (options.compact) compact(run.scenarios[s]);
    }
    return run;
  }
  RunResult run = run_header(m, scenarios, options);
  run.scenarios = simulate(m, scenarios, options, stats);
  return run;
}

RunResult simulate_run_parts(const model::Model& m,
                             const std::vector<scenarios::Scenario>& scenarios,
                             const SimulateOptions& options, std::vector<TrialPart>& parts) {
  RunResult run = run_header(m, scenarios, options);
  run.scenarios = simulate_trials(m, scenarios, options, parts);
  return run;
}

}  // namespace drsim::engine
