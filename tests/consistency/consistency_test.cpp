// One rule set, checked from outside: for every bundled example model and two generated estates,
// and for every scenario of `--all` started at three different times,
//  * analyze's RTO lower bound <= the simulated RTO ("never" only when the simulation does not
//    recover either), and its worst RPO >= the simulated RPO;
//  * blast-radius "hit directly or down" <=> the simulation says down, and "degraded" <=> only
//    degraded;
// plus the DR strategy ladder in order, and a preset model that behaves exactly like the same
// model written out by hand. These are the properties that drifted when the rules were written
// three times; the planner now makes them hold by construction, and this test keeps it so.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "engine/core/analytic.hpp"
#include "engine/core/blast_radius.hpp"
#include "engine/core/des_runtime.hpp"
#include "engine/core/phase.hpp"
#include "engine/core/trials.hpp"
#include "engine/sim/result_codec.hpp"
#include "engine/sim/simulator.hpp"
#include "model/loader.hpp"
#include "scenarios/catalog.hpp"

using namespace drsim;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> model_files() {
  std::vector<std::string> out;
  for (const auto* dir : {"/examples", "/examples/ladder"}) {
    for (const auto& e : fs::directory_iterator(std::string(DRSIM_SOURCE_DIR) + dir)) {
      if (e.path().extension() == ".yaml") out.push_back(e.path().string());
    }
  }
  for (const auto& e : fs::directory_iterator(DRSIM_CONSISTENCY_DIR)) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const engine::LossBound* bound_for(const engine::Analysis& a, const std::string& service,
                                   const std::string& loss, const std::string& target) {
  for (const auto& s : a.services) {
    if (s.service != service) continue;
    for (const auto& l : s.losses) {
      if (l.loss == loss && l.target == target) return &l;
    }
  }
  return nullptr;
}

// The analyze loss kind that a built-in scenario class stands for ("" = none).
std::string loss_of(const std::string& cls) {
  if (cls == "az") return "zone";
  if (cls == "region" || cls == "vendor" || cls == "corruption") return cls;
  return "";
}

std::string target_of(const std::string& id) { return id.substr(id.find(':') + 1); }

// analyze and blast-radius look at a loss that does not end by itself; the simulation is held to
// them with faults that last the whole (default) horizon instead of their class defaults.
const char* const kLasting = "7 d";

}  // namespace

TEST_CASE("consistency: analyze bounds hold for every simulated scenario and start time",
          "[consistency]") {
  // DRSIM_CONSISTENCY_STARTS=1 keeps only the last start time (the sanitizer build in CI).
  const char* env = std::getenv("DRSIM_CONSISTENCY_STARTS");
  const std::vector<const char*> all{"00:00", "01:00", "13:37"};
  const std::size_t keep = env ? std::clamp<std::size_t>(std::strtoul(env, nullptr, 10), 1, 3) : 3;
  const std::vector<const char*> starts(all.end() - static_cast<long>(keep), all.end());
  for (const auto& file : model_files()) {
    auto m = model::load_model(file).model;
    auto analysis = engine::analyze(m);
    for (const char* at : starts) {
      scenarios::TimeOptions o;
      o.at = at;
      o.duration = kLasting;
      auto scenarios = scenarios::all_scenarios(m, o);
      auto results = engine::simulate(m, scenarios);
      for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        const std::string loss = loss_of(r.cls);
        if (loss.empty()) continue;
        for (const auto& t : r.services) {
          const auto* b = bound_for(analysis, t.id, loss, target_of(r.id));
          if (!b) continue;
          INFO(file << " " << r.id << " at " << at << ": " << t.id);
          if (b->rto_lower_s) {
            if (t.rto_s) CHECK(*b->rto_lower_s <= *t.rto_s + 1e-6);
          } else {
            CHECK_FALSE(t.recovered);
          }
          if (b->rpo_applicable && b->rpo_worst_s && t.rpo_s) {
            CHECK(*b->rpo_worst_s + 1e-6 >= *t.rpo_s);
          }
          if (b->rpo_applicable && !t.rpo_s) CHECK(b->catastrophic_fraction > 0);
        }
      }
    }
  }
}

namespace {

// The same figures from SimGrid (`sim`) and from drsim's own event loop (`des`): times to the
// microsecond (the two share links by max-min fairness with different floating-point steps).
void check_same(const ScenarioResult& sim, const ScenarioResult& des, const std::string& what) {
  REQUIRE(sim.services.size() == des.services.size());
  auto close = [](const std::optional<double>& a, const std::optional<double>& b) {
    return a.has_value() == b.has_value() && (!a || std::fabs(*a - *b) <= 1e-6 * (1 + *a));
  };
  for (std::size_t k = 0; k < sim.services.size(); ++k) {
    const auto& a = sim.services[k];
    const auto& b = des.services[k];
    INFO(what << ": " << a.id);
    CHECK(a.down == b.down);
    CHECK(a.degraded == b.degraded);
    CHECK(a.recovered == b.recovered);
    CHECK(close(a.rto_s, b.rto_s));
    CHECK(close(a.rpo_s, b.rpo_s));
    CHECK(a.path.size() == b.path.size());
  }
  CHECK(sim.impact == des.impact);
}

}  // namespace

TEST_CASE("consistency: drsim's event loop gives SimGrid's RTO and RPO for every scenario",
          "[consistency]") {
  for (const auto& file : model_files()) {
    auto m = model::load_model(file).model;
    for (const char* at : {"", "01:00"}) {
      scenarios::TimeOptions o;
      if (*at) o.at = at;
      auto list = scenarios::all_scenarios(m, o);
      auto sim = engine::simulate(m, list);
      for (std::size_t i = 0; i < list.size(); ++i) {
        auto sc = list[i];
        const auto phase = engine::analyse_phase(m, sc);
        if (phase.phase == FaultPhase::kWorst) sc = engine::starting_at(sc, phase.start_s);
        check_same(sim[i], engine::simulate_in_process(m, sc), file + " " + sc.id + " " + at);
      }
    }
  }
}

TEST_CASE("consistency: every trial of the uncertainty example is the same on both runtimes",
          "[consistency]") {
  auto m = model::load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/uncertainty.yaml").model;
  for (const char* id : {"region:us-east-1", "az:use1-az1"}) {
    const auto sc = scenarios::resolve(m, {id}, {}).at(0);
    const auto run = engine::trial_run(m, sc, engine::sweep_window(m, 0), 40);
    for (std::uint64_t k = 0; k < 40; ++k) {
      const auto t = engine::sample_trial(m, sc, run, 3, k);
      const auto sim = engine::simulate(t.model, {t.scenario}).at(0);
      check_same(sim, engine::simulate_in_process(t.model, t.scenario),
                 std::string(id) + " trial " + std::to_string(k));
    }
  }
}

TEST_CASE("consistency: a run into reused buffers gives a fresh run's result, whatever ran before",
          "[consistency]") {
  // Trials run one scenario after another into one thread's buffers (RunBuffers), and
  // scenario_result() overwrites a used result field by field instead of rebuilding it: nothing
  // of an earlier run may show, at either level of detail. Compared in the exact wire format,
  // which carries every field of a result.
  auto same = [](const ScenarioResult& reused, const ScenarioResult& fresh) {
    return engine::sim::encode_result(reused, {}) == engine::sim::encode_result(fresh, {});
  };
  for (const auto& file : model_files()) {
    auto m = model::load_model(file).model;
    auto list = scenarios::all_scenarios(m, {});
    engine::RunBuffers buffers;
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& sc : list) {
        INFO(file << " " << sc.id << (pass ? " (reversed)" : ""));
        for (const auto detail : {engine::ResultDetail::kFull, engine::ResultDetail::kFigures}) {
          CHECK(same(engine::simulate_in_process(m, sc, detail, buffers),
                     engine::simulate_in_process(m, sc, detail)));
        }
      }
      std::reverse(list.begin(), list.end());
    }
  }
}

TEST_CASE("consistency: blast-radius says down exactly where the simulation goes down",
          "[consistency]") {
  for (const auto& file : model_files()) {
    auto m = model::load_model(file).model;
    model::EstateGraph graph(m);
    scenarios::TimeOptions o;
    o.duration = kLasting;
    auto scenarios = scenarios::all_scenarios(m, o);
    auto results = engine::simulate(m, scenarios);
    for (const auto& r : results) {
      if (r.cls == "corruption" || r.cls == "hardware") continue;
      auto radius = engine::blast_radius(graph, engine::parse_failure(r.id, m));
      std::set<std::string> down, degraded;
      for (const auto& l : radius.hit_directly) down.insert(l.service);
      for (const auto& d : radius.down) down.insert(d.service);
      for (const auto& d : radius.degraded) degraded.insert(d.service);
      for (const auto& t : r.services) {
        INFO(file << " " << r.id << ": " << t.id);
        CHECK(down.count(t.id) == (t.down ? 1u : 0u));
        CHECK(degraded.count(t.id) == (t.degraded ? 1u : 0u));
      }
    }
  }
}

TEST_CASE("consistency: the DR strategy ladder comes out in order on the same application",
          "[consistency]") {
  // Worst RTO and RPO over the services after losing us-east-1 at 01:00.
  auto worst = [](const std::string& rung) {
    auto m = model::load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/ladder/" + rung + ".yaml")
                 .model;
    scenarios::TimeOptions o;
    o.at = "01:00";
    auto r = engine::simulate(m, scenarios::resolve(m, {"region:us-east-1"}, o)).at(0);
    double rto = 0, rpo = 0;
    for (const auto& t : r.services) {
      REQUIRE(t.rto_s);
      REQUIRE(t.rpo_s);
      rto = std::max(rto, *t.rto_s);
      rpo = std::max(rpo, *t.rpo_s);
    }
    return std::make_pair(rto, rpo);
  };
  auto backup = worst("backup-restore"), pilot = worst("pilot-light"), warm = worst("warm-standby"),
       multi = worst("multi-site");
  CHECK(backup.first == 2 * 3600 + 51 * 60 + 30);  // detect, people, 2 h rebuild, DNS
  CHECK(pilot.first == 3600 + 21 * 60 + 30);       // detect, people, 30 min rebuild, DNS
  CHECK(warm.first == 11 * 60 + 30);               // detect, 10 min scale-up, DNS
  CHECK(multi.first == 90);                        // the database's automatic failover
  CHECK(backup.first > pilot.first);
  CHECK(pilot.first > warm.first);
  CHECK(warm.first > multi.first);
  CHECK(backup.second == 23 * 3600);  // yesterday's 02:00 snapshot
  CHECK(pilot.second == 1);           // the preset's async standby, 1 s behind
  CHECK(warm.second == 1);
  CHECK(multi.second == 1);
}

TEST_CASE("consistency: a preset model simulates exactly like its hand-expanded twin",
          "[consistency]") {
  auto preset =
      model::load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/ladder/warm-standby.yaml").model;
  auto twin = model::load_model(std::string(DRSIM_SOURCE_DIR) +
                                "/tests/data/valid/warm-standby-expanded.yaml")
                  .model;
  scenarios::TimeOptions o;
  o.at = "01:00";
  auto a = engine::simulate(preset, scenarios::all_scenarios(preset, o));
  auto b = engine::simulate(twin, scenarios::all_scenarios(twin, o));
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(a[i].id);
    CHECK(a[i].id == b[i].id);
    CHECK(a[i].impact == b[i].impact);
    CHECK(a[i].recovery_process == b[i].recovery_process);
    CHECK(a[i].data_loss == b[i].data_loss);
    REQUIRE(a[i].services.size() == b[i].services.size());
    for (std::size_t j = 0; j < a[i].services.size(); ++j) {
      const auto& x = a[i].services[j];
      const auto& y = b[i].services[j];
      CHECK(x.rto_s == y.rto_s);
      CHECK(x.rpo_s == y.rpo_s);
      REQUIRE(x.path.size() == y.path.size());
      for (std::size_t k = 0; k < x.path.size(); ++k) {
        CHECK(x.path[k].name() == y.path[k].name());
        CHECK(x.path[k].end_s == y.path[k].end_s);
        CHECK(x.path[k].detail == y.path[k].detail);
      }
    }
  }
}
