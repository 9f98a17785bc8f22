// Engine overhead versus the physical limit: simulates every scenario of `--all` on a model
// (bench/gen_model.py output) with the SimGrid engine, counts the events it processed (timed
// steps, transfers, fault events), then runs a bare binary-heap event loop over the same number
// of timer events, and prints both rates. Usage: event_loop_bench MODEL [JOBS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <queue>
#include <random>
#include <vector>

#include "engine/sim/simulator.hpp"
#include "model/loader.hpp"
#include "scenarios/catalog.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A bare discrete-event loop: `n` timer events through a binary heap, each re-arming itself
// until the budget is spent (the loop a hand-written simulator would have). Returns a checksum
// of the event times so the work cannot be optimised away.
double heap_loop(long long n) {
  struct Event {
    double t;
    long long id;
    bool operator>(const Event& o) const { return t > o.t || (t == o.t && id > o.id); }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> heap;
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> delay(1, 3600);
  const long long live = std::min<long long>(n, 1000);
  for (long long i = 0; i < live; ++i) heap.push({delay(rng), i});
  long long done = 0, next_id = live;
  double sum = 0;
  while (!heap.empty() && done < n) {
    Event e = heap.top();
    heap.pop();
    ++done;
    sum += e.t;
    if (next_id < n) heap.push({e.t + delay(rng), next_id++});
  }
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: event_loop_bench MODEL [JOBS]\n");
    return 2;
  }
  auto m = drsim::model::load_model(argv[1]).model;
  drsim::engine::SimulateOptions options;
  options.jobs = argc > 2 ? std::atoi(argv[2]) : 2;
  options.executor = drsim::engine::Executor::kSimGrid;  // what this bench measures
  auto list = drsim::scenarios::all_scenarios(m, {});

  auto t0 = std::chrono::steady_clock::now();
  drsim::engine::SimulateStats stats;
  auto results = drsim::engine::simulate(m, list, options, &stats);
  double engine_s = seconds_since(t0);

  // The heap loop is timed over enough repetitions to measure, then scaled to the same count.
  long long n = std::max<long long>(stats.events, 1);
  long long reps = std::max<long long>(1, 10'000'000 / n);
  auto t1 = std::chrono::steady_clock::now();
  double checksum = 0;
  for (long long r = 0; r < reps; ++r) checksum += heap_loop(n);
  double heap_s = seconds_since(t1) / static_cast<double>(reps);

  std::printf("model: %s, %zu services, %zu scenarios (--all), jobs %d\n", m.name.c_str(),
              m.services.size(), results.size(), options.jobs);
  std::printf(
      "engine: %lld events in %.3f s wall = %.0f events/s (%.1f ms per scenario, "
      "fork + platform + actors)\n",
      stats.events, engine_s, static_cast<double>(stats.events) / engine_s,
      1000 * engine_s / static_cast<double>(results.size()));
  std::printf(
      "  of which, summed over scenarios: SimGrid start + platform build %.3f s, "
      "SimGrid run %.3f s = %.0f events/s while running\n",
      stats.build_s, stats.run_s, static_cast<double>(stats.events) / stats.run_s);
  std::printf("binary heap: %lld events in %.6f s = %.0f events/s (checksum %.0f)\n", n, heap_s,
              static_cast<double>(n) / heap_s, checksum);
  std::printf("engine overhead over the bare loop: %.0fx\n", engine_s / heap_s);
  return 0;
}
