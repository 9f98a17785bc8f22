// Sweeps (engine/sim/simulator.hpp): the two executors give the same results, results reach a
// sink in scenario order whatever the job count, and compact results are the full ones with the
// untouched services counted instead of listed.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/sim/result_codec.hpp"
#include "engine/sim/simulator.hpp"
#include "model/loader.hpp"
#include "scenarios/catalog.hpp"

using namespace drsim;

namespace {

model::Model example(const std::string& name) {
  return model::load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/" + name).model;
}

// Everything a result holds, as text: the codec's bytes (states, RTO, RPO, paths, objectives,
// texts) plus what the sweep adds after the simulation (phase, worst RPOs, cost, compaction).
std::string everything(const ScenarioResult& r) {
  std::string out =
      engine::sim::encode_result(r, {}) + "|" + to_string(r.phase) + "|" + r.phase_note + "|";
  for (const auto& t : r.services) {
    out += t.id + ":" +
           (t.rpo_worst
                ? std::to_string(t.rpo_worst->rpo_s.value_or(-1)) + " " + t.rpo_worst->explanation
                : "-") +
           ";";
  }
  if (r.cost) out += "|cost " + std::to_string(r.cost->total());
  if (r.unaffected) {
    out += "|unaffected " + std::to_string(r.unaffected->count);
    for (const auto& kind : r.unaffected->verdicts) {
      for (long long n : kind) out += " " + std::to_string(n);
    }
  }
  return out;
}

std::vector<std::string> everything(const std::vector<ScenarioResult>& results) {
  std::vector<std::string> out;
  for (const auto& r : results) out.push_back(everything(r));
  return out;
}

}  // namespace

TEST_CASE("engine::resolve: auto runs small sweeps on SimGrid and big ones on the own loop",
          "[engine][sim]") {
  using engine::Executor;
  CHECK(engine::resolve(Executor::kAuto, 1) == Executor::kSimGrid);
  CHECK(engine::resolve(Executor::kAuto, engine::kSimGridScenarios) == Executor::kSimGrid);
  CHECK(engine::resolve(Executor::kAuto, engine::kSimGridScenarios + 1) == Executor::kOwn);
  CHECK(engine::resolve(Executor::kSimGrid, 10'000) == Executor::kSimGrid);
  CHECK(engine::resolve(Executor::kOwn, 1) == Executor::kOwn);
}

TEST_CASE("engine::simulate: SimGrid and the own event loop give the same sweep, costs included",
          "[engine][sim]") {
  for (const char* name : {"small.yaml", "ladder/warm-standby-async.yaml"}) {
    INFO(name);
    const auto m = example(name);
    const auto list = scenarios::all_scenarios(m, {});
    REQUIRE(list.size() > 5);
    engine::SimulateOptions sg, own;
    sg.executor = engine::Executor::kSimGrid;
    own.executor = engine::Executor::kOwn;
    own.jobs = 2;
    CHECK(everything(engine::simulate(m, list, own)) == everything(engine::simulate(m, list, sg)));
  }
}

TEST_CASE("engine::simulate_each: results reach the sink in scenario order, compact on request",
          "[engine][sim]") {
  const auto m = example("small.yaml");
  const auto list = scenarios::all_scenarios(m, {});
  engine::SimulateOptions full;
  full.executor = engine::Executor::kOwn;
  const auto reference = engine::simulate(m, list, full);
  for (int jobs : {1, 2, 3}) {
    INFO("jobs " << jobs);
    engine::SimulateOptions o = full;
    o.jobs = jobs;
    o.compact = true;
    std::vector<std::size_t> taken;
    std::vector<int> prepared(list.size(), 0);
    std::vector<ScenarioResult> results;
    std::vector<std::pair<std::size_t, std::size_t>> progress;
    o.progress = [&](std::size_t done, std::size_t total) { progress.emplace_back(done, total); };
    engine::ResultSink sink;
    sink.prepare = [&](std::size_t i, const ScenarioResult& r) {
      ++prepared[i];  // each index on one thread only
      CHECK(r.unaffected.has_value());
    };
    sink.take = [&](std::size_t i, ScenarioResult&& r) {
      taken.push_back(i);
      results.push_back(std::move(r));
    };
    engine::simulate_each(m, list, o, sink);
    std::vector<std::size_t> in_order(list.size());
    for (std::size_t i = 0; i < in_order.size(); ++i) in_order[i] = i;
    CHECK(taken == in_order);
    CHECK(prepared == std::vector<int>(list.size(), 1));
    REQUIRE_FALSE(progress.empty());
    CHECK(progress.back() == std::pair<std::size_t, std::size_t>{list.size(), list.size()});
    for (std::size_t i = 1; i < progress.size(); ++i) {
      CHECK(progress[i].first > progress[i - 1].first);  // no count reported twice
    }
    auto compacted = reference;
    std::size_t listed = 0, counted = 0;
    for (auto& r : compacted) {
      compact(r);
      listed += r.services.size();
      counted += static_cast<std::size_t>(r.unaffected->count);
    }
    CHECK(everything(results) == everything(compacted));
    CHECK(listed + counted == list.size() * m.services.size());
    CHECK(listed > 0);
    CHECK(counted > 0);
  }
}
