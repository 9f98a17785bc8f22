#include "engine/core/trials.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "engine/core/des_runtime.hpp"
#include "engine/core/phase.hpp"
#include "model/loader.hpp"
#include "scenarios/catalog.hpp"
#include "test_models.hpp"

using namespace drsim;
using namespace drsim::engine;
using namespace drsim::test;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Paths by letter: a = restore, b = promote, c = dns, d = drain, e = failback, f = rebuild
// (c to f in the order of their names).
ServiceTrial trial(double rto, double rpo, signed char met_rto, const std::string& path) {
  ServiceTrial t;
  t.affected = !path.empty();
  t.rto_s = rto;
  t.rpo_s = rpo;
  t.met[0] = met_rto;
  for (const char c : path) {
    const StepKind kinds[] = {StepKind::kRestore, StepKind::kPromote,  StepKind::kDns,
                              StepKind::kDrain,   StepKind::kFailback, StepKind::kRebuild};
    t.steps += static_cast<char>(kinds[c - 'a']);
  }
  return t;
}

// A nominal result with one service that has an RTO target of 5 s and no RPO target.
ScenarioResult nominal() {
  ScenarioResult r;
  TargetResult t;
  t.id = "db";
  t.objectives = {judge(ObjectiveKind::kRto, 5.0, 1.0, true),
                  judge(ObjectiveKind::kRpo, std::nullopt, 0.0, true)};
  r.services.push_back(t);
  return r;
}

scenarios::Scenario region_loss(bool timed) {
  scenarios::Scenario sc;
  sc.id = "region:ap-southeast-2";
  sc.cls = model::DisruptionClass::kRegion;
  sc.horizon_s = 7 * 86400;
  scenarios::Fault f;
  f.target = "ap-southeast-2";
  f.start_s = 86400 + 3600;
  f.duration_s = 12 * 3600;
  f.default_duration = true;
  f.timed = timed;
  sc.faults.push_back(f);
  return sc;
}

}  // namespace

TEST_CASE("wilson_interval: the Wilson score 95 % interval") {
  auto [lo, hi] = wilson_interval(86, 100);
  CHECK(lo == Approx(0.7786281178903616));
  CHECK(hi == Approx(0.9147365634006086));
  CHECK(wilson_interval(0, 10).first == 0);
  CHECK(wilson_interval(0, 10).second == Approx(0.2775327998628892));
  CHECK(wilson_interval(10, 10).first == Approx(0.7224672001371107));
  CHECK(wilson_interval(10, 10).second == 1);
}

TEST_CASE("TrialSummary: nearest-rank percentiles, P(met), paths by frequency") {
  TrialSummary summary(1);
  // RTO 1..10 s; the 10th trial never recovers. Paths: a x5, b x2, c..f once each.
  const char* paths[] = {"a", "a", "a", "a", "a", "b", "b", "c", "d", "e"};
  for (int i = 1; i <= 10; ++i) {
    const double rto = i == 10 ? kInf : i;
    summary.add({trial(rto, 0, rto <= 5 ? 1 : 0, paths[i - 1])});
  }
  ScenarioResult r = nominal();
  TrialRun run;
  run.count = 10;
  summary.write(run, r);
  REQUIRE(r.trials);
  CHECK(r.trials->count == 10);
  REQUIRE(r.services[0].trials);
  const TargetTrials& t = *r.services[0].trials;
  CHECK(t.affected == 10);
  CHECK(*t.rto.p50_s == 5);  // rank ceil(0.5 x 10) = 5
  CHECK(*t.rto.p90_s == 9);
  CHECK(!t.rto.p99_s);  // the trial that never recovered
  CHECK(!t.rto.max_s);
  REQUIRE(t.rto.percentiles_s.size() == 101);
  CHECK(*t.rto.percentiles_s[0] == 1);
  CHECK(*t.rto.percentiles_s[10] == 1);
  CHECK(*t.rto.percentiles_s[11] == 2);
  CHECK(*t.rpo.max_s == 0);
  REQUIRE(t.odds.size() == 1);  // the RPO has no target
  CHECK(t.odds[0].kind == ObjectiveKind::kRto);
  CHECK(t.odds[0].met == 5);
  CHECK(t.odds[0].p_met == 0.5);
  CHECK(t.odds[0].ci_low == Approx(wilson_interval(5, 10).first));
  REQUIRE(t.paths.size() == 5);
  CHECK(t.paths[0].steps == "restore");
  CHECK(t.paths[0].trials == 5);
  CHECK(t.paths[1].steps == "promote");
  CHECK(t.paths[2].steps == "dns");  // ties by name
  CHECK(t.paths[4].steps == "failback");
  CHECK(t.other_paths == 0);
}

TEST_CASE("TrialSummary: the trials at 0 s rank among the figures without being stored") {
  TrialSummary summary(1);
  summary.add({trial(0, 0, 1, "")});       // unaffected: counted as 0 s for both, not stored
  summary.add({trial(0, 0, 1, "")});       // the same
  summary.add({trial(0, 30, 1, "a")});     // RTO 0 stored beside an RPO of 30 s
  summary.add({trial(20, 0, 0, "a")});     // RTO 20 s, RPO 0
  summary.add({trial(kInf, 10, 0, "a")});  // never recovered
  ScenarioResult r = nominal();
  summary.write(TrialRun{}, r);
  REQUIRE(r.services[0].trials);
  const TargetTrials& t = *r.services[0].trials;
  // RTO over the 5 trials, ascending: 0 0 0 20 inf. RPO: 0 0 0 10 30.
  CHECK(*t.rto.p50_s == 0);  // rank 3
  CHECK(*t.rto.percentiles_s[60] == 0);
  CHECK(*t.rto.percentiles_s[61] == 20);  // rank 4
  CHECK(!t.rto.p90_s);                    // rank 5: never recovered
  CHECK(*t.rpo.percentiles_s[0] == 0);
  CHECK(*t.rpo.percentiles_s[61] == 10);
  CHECK(*t.rpo.max_s == 30);
}

TEST_CASE("TrialSummary: a service no trial affected gets no summary") {
  TrialSummary summary(1);
  summary.add({trial(0, 0, 1, "")});
  ScenarioResult r = nominal();
  summary.write(TrialRun{}, r);
  CHECK(!r.services[0].trials);
}

TEST_CASE("TrialSlice: the shards of a run take every trial number once") {
  std::vector<long long> seen;
  for (long long shard = 0; shard < 3; ++shard) {
    const TrialSlice slice{shard, 3};
    CHECK(slice.size(10) == (shard == 0 ? 4 : 3));
    for (long long i = 0; i < slice.size(10); ++i) seen.push_back(slice.trial(i));
  }
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<long long>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(TrialSlice{}.size(10) == 10);
  CHECK(TrialSlice{4, 5}.size(3) == 0);  // more shards than trials: nothing left for this one
}

TEST_CASE("TrialSummary: the slices of a run, merged in any order, write the whole run's summary") {
  const char* paths[] = {"a", "b", "a", "", "c", "a", "b", "d", "e", "f", "a"};
  auto outcome = [&](long long k) {
    const double rto = k == 7 ? kInf : static_cast<double>(k % 4);
    return TrialOutcome{
        trial(rto, k % 3 == 0 ? 0 : 0.1 * static_cast<double>(k), rto <= 2 ? 1 : 0, paths[k])};
  };
  TrialSummary whole(1);
  for (long long k = 0; k < 11; ++k) whole.add(outcome(k));
  std::vector<TrialSummary> shards;
  for (long long shard = 0; shard < 3; ++shard) {
    const TrialSlice slice{shard, 3};
    shards.emplace_back(1);
    for (long long i = 0; i < slice.size(11); ++i) shards.back().add(outcome(slice.trial(i)));
  }
  // Sorted (as run_trials() leaves each thread's part) or not, the parts merge to the same.
  const bool sorted = GENERATE(false, true);
  if (sorted) {
    for (auto& s : shards) s.sort();
  }
  TrialSummary merged = std::move(shards[2]);
  merged.merge(std::move(shards[0]));
  merged.merge(std::move(shards[1]));
  if (sorted) {
    const auto& rto = merged.services()[0].rto;
    CHECK(std::is_sorted(rto.begin(), rto.end()));
  }
  ScenarioResult a = nominal(), b = nominal();
  whole.write(TrialRun{}, a);
  merged.write(TrialRun{}, b);
  REQUIRE(a.services[0].trials);
  REQUIRE(b.services[0].trials);
  const TargetTrials& x = *a.services[0].trials;
  const TargetTrials& y = *b.services[0].trials;
  CHECK(b.trials->count == 11);
  CHECK(x.affected == y.affected);
  CHECK(x.rto.percentiles_s == y.rto.percentiles_s);
  CHECK(x.rpo.percentiles_s == y.rpo.percentiles_s);
  REQUIRE(x.odds.size() == y.odds.size());
  CHECK(x.odds[0].met == y.odds[0].met);
  CHECK(x.odds[0].ci_low == y.odds[0].ci_low);
  REQUIRE(x.paths.size() == y.paths.size());
  for (std::size_t i = 0; i < x.paths.size(); ++i) {
    CHECK(x.paths[i].steps == y.paths[i].steps);
    CHECK(x.paths[i].trials == y.paths[i].trials);
  }
  CHECK(x.other_paths == y.other_paths);
}

TEST_CASE("sample_trial: draws in range, the same for the same trial, start over the window") {
  model::Model m = two_region_model();
  model::VaryingValue v;
  v.name = "response";
  v.dist = {model::DistributionKind::kLognormal, 600, 3600, 0, {}};
  v.lo = 0;
  v.hi = 7200;  // the lognormal's tail is clamped here
  v.field = [](model::Model& x) -> double& { return x.people.response; };
  m.uncertainty.values.push_back(v);
  m.uncertainty.outages[model::DisruptionClass::kRegion] = {
      model::DistributionKind::kUniform, 3600, 7200, 0, {}};
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 3600, 600, "s3-apse1"));
  db_of(m).data->backups.back().unusable = 0.5;
  const SweepWindow window{86400, 86400};
  const auto sc = region_loss(false);
  const TrialRun run = trial_run(m, sc, window, 2000);
  // The nightly may be unusable: the window moves on until its 7 daily runs exist (day 9).
  CHECK(run.start_from_s == 9 * 86400);
  CHECK(run.start_span_s == 86400);
  CHECK(run.varying == 3);  // response, the region's outage, the nightly's runs
  int bad = 0, clamped = 0;
  for (std::uint64_t k = 0; k < 2000; ++k) {
    const Trial t = sample_trial(m, sc, run, 5, k);
    const auto& f = t.scenario.faults.front();
    REQUIRE(f.start_s >= 9 * 86400);
    REQUIRE(f.start_s < 10 * 86400);
    REQUIRE(f.timed);
    REQUIRE(f.duration_s >= 3600);
    REQUIRE(f.duration_s < 7200);
    REQUIRE(t.model.people.response <= 7200);
    clamped += t.model.people.response == 7200;
    if (t.scenario.faults.size() == 2) {
      const auto& b = t.scenario.faults[1];
      REQUIRE(b.kind == scenarios::FaultKind::kBadBackup);
      REQUIRE(b.backup == "nightly");
      REQUIRE(b.unusable_runs >= 1);
      REQUIRE(b.start_s == f.start_s);
      ++bad;
    }
  }
  CHECK(bad == Approx(1000).epsilon(0.08));  // the newest run is bad half of the time
  CHECK(clamped > 0);
  const Trial a = sample_trial(m, sc, run, 5, 17), b = sample_trial(m, sc, run, 5, 17);
  CHECK(a.model.people.response == b.model.people.response);
  CHECK(a.scenario.faults.front().start_s == b.scenario.faults.front().start_s);
  CHECK(m.people.response == 900);  // the model itself is left alone
}

TEST_CASE("trial_run: a backup that may be unusable moves the window on until retention is full") {
  // An estate that has run for long keeps 7 daily runs; two days after the epoch only two exist,
  // and a trial whose newest three were unusable would wrongly find no recovery point.
  model::Model m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 3600, 600, "s3-apse1"));
  m.index();
  const auto sc = region_loss(false);
  CHECK(full_history_from(m) == 0);  // nothing may be unusable: the phase window as it is
  CHECK(trial_run(m, sc, SweepWindow{86400, 86400}, 10).start_from_s == 86400);
  db_of(m).data->backups.back().unusable = 0.5;
  // The first run at 01:00, kept 7 days, and one gap more: from the next day on, day 9.
  CHECK(full_history_from(m) == 3600 + 7 * 86400 + 86400);
  const TrialRun run = trial_run(m, sc, SweepWindow{86400, 86400}, 200);
  CHECK(run.start_from_s == 9 * 86400);
  int deep = 0;
  for (std::uint64_t k = 0; k < 200; ++k) {
    const Trial t = sample_trial(m, sc, run, 5, k);
    // Three to five bad runs: an older one of the seven kept is restored.
    if (t.scenario.faults.size() < 2) continue;
    const int bad = t.scenario.faults[1].unusable_runs;
    if (bad < 3 || bad > 5) continue;
    ++deep;
    const auto r = simulate_in_process(t.model, t.scenario);
    const auto& db = r.services.at(m.service_position(db_of(m).id));
    INFO("trial " << k << ", newest " << bad << " runs unusable");
    REQUIRE(db.rpo_s.has_value());  // an older run is restored
    CHECK(*db.rpo_s > (bad - 1) * 86400.0);
  }
  CHECK(deep > 10);  // P(3 to 5) = 7/64
}

TEST_CASE("sample_trial: a timed scenario keeps its start, unusable 1 makes every run bad") {
  model::Model m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 3600, 600, "s3-apse1"));
  db_of(m).data->backups.back().unusable = 1;
  const auto sc = region_loss(true);
  const TrialRun run = trial_run(m, sc, SweepWindow{0, 86400}, 10);
  CHECK(run.start_span_s == 0);
  CHECK(run.start_from_s == 86400 + 3600);
  const Trial t = sample_trial(m, sc, run, 1, 0);
  CHECK(t.scenario.faults.front().start_s == 86400 + 3600);
  CHECK(t.scenario.faults.front().duration_s == 12 * 3600);  // no `outages:` for the class
  REQUIRE(t.scenario.faults.size() == 2);
  CHECK(t.scenario.faults[1].unusable_runs == 0);  // every run
}

TEST_CASE("trial_outcome: a result without texts gives the outcome of the full result") {
  // Trials skip the step details, recovery process and data loss (ResultDetail::kFigures): what
  // a trial keeps must be what the full result would have given, on every trial.
  auto m = model::load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/uncertainty.yaml").model;
  for (const char* id : {"region:us-east-1", "az:use1-az1"}) {
    const auto sc = scenarios::resolve(m, {id}, {}).at(0);
    const auto run = trial_run(m, sc, sweep_window(m, 0), 30);
    for (std::uint64_t k = 0; k < 30; ++k) {
      const auto t = sample_trial(m, sc, run, 5, k);
      const auto full = trial_outcome(simulate_in_process(t.model, t.scenario));
      const auto bare = simulate_in_process(t.model, t.scenario, ResultDetail::kFigures);
      const auto figures = trial_outcome(bare);
      // Not one sentence is written: the planner and the executor word nothing for a trial.
      for (const auto& service : bare.services) {
        for (const auto& step : service.path) CHECK(step.detail.empty());
      }
      REQUIRE(full.size() == figures.size());
      for (std::size_t i = 0; i < full.size(); ++i) {
        INFO(id << " trial " << k << " service " << i);
        CHECK(full[i].affected == figures[i].affected);
        CHECK(full[i].rto_s == figures[i].rto_s);
        CHECK(full[i].rpo_s == figures[i].rpo_s);
        CHECK(full[i].met[0] == figures[i].met[0]);
        CHECK(full[i].met[1] == figures[i].met[1]);
        CHECK(full[i].steps == figures[i].steps);
      }
    }
  }
}
