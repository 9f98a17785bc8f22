// THE TRIAL RULE (`drsim simulate --trials N --seed S`, docs/engine.md "Trials"): a scenario is
// run N times, each trial with its own draws, and each service's figures are summarised over
// the trials.
//  * Trial k draws from its own generator, TrialRng(S, k), in a fixed order: the start (when the
//    scenario does not say when), then every varying model value in model order, then the
//    length of every fault whose duration the scenario left to its class (from the model's
//    `outages:`), then, per backup with `unusable`, how many of its newest runs are unusable.
//    The draws of a trial therefore never depend on the other trials or on the number of jobs.
//  * Start: a scenario that says when (--at, `at:`) starts there in every trial; otherwise the
//    first fault happens uniformly over one schedule period in steady state (the window the
//    phase rule sweeps, phase.hpp), every later fault keeping its offset. The phase rule's worst
//    phase is not used: trials ask how likely, not how bad. When a backup's runs may be
//    unusable, that window is moved on until its retention is full (full_history_from()): a
//    trial whose newest runs are unusable falls back as far as an estate running for long
//    could, not just to the first runs after the epoch.
//  * A drawn value is clamped to its field's range (a lognormal tail cannot give a promotion
//    longer than the 1 d a model may write).
//  * A backup whose runs are each unusable with probability p has its newest k runs unusable,
//    k geometric: P(k) = p^k (1 - p), every run when p = 1 (a bad-backup fault at the start).
//  * Per service: RTO and RPO percentiles (nearest rank) over every trial, a service that is not
//    affected counting 0; a trial that does not recover, or finds no recovery point, counts as
//    beyond every finite value (its percentiles are none). P(meet) is the share of trials whose
//    verdict is met, with the Wilson score 95 % interval; the paths are the step names of the
//    trials that affected the service, the 5 most frequent first (ties by name).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/core/phase.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::engine {

// The most RTO and RPO figures a scenario's trials keep for their percentiles (trials x services
// of the model; 16 bytes each, so about 1.6 GB): `simulate --trials` refuses more.
constexpr long long kMaxTrialFigures = 100'000'000;

struct Trial {
  model::Model model;
  scenarios::Scenario scenario;
};

// The first moment at which every backup whose runs may be unusable (`unusable` > 0) holds every
// run its retention keeps: its first run plus the longest any rule keeps a run, plus one gap;
// 0 without such backups. A backup kept without limit adds nothing.
double full_history_from(const model::Model& m);

// The first-fault window of every trial of `sc`: one schedule period from `window.from_s` when
// the scenario is untimed (from steady_state_start() not before full_history_from() when that is
// later), else its own t0 (span 0).
TrialRun trial_run(const model::Model& m, const scenarios::Scenario& sc, const SweepWindow& window,
                   long long count);

// Trial `k` of a run seeded `seed` (the rule above).
Trial sample_trial(const model::Model& m, const scenarios::Scenario& sc, const TrialRun& run,
                   std::uint64_t seed, std::uint64_t k);
// The same, drawn into `working`, a copy of `m` reused from trial to trial (every varying value
// is written afresh each time): returns the trial's scenario.
scenarios::Scenario draw_trial(const model::Model& m, const scenarios::Scenario& sc,
                               const TrialRun& run, std::uint64_t seed, std::uint64_t k,
                               model::Model& working);

// What one trial leaves for the summary, per service in model order.
struct ServiceTrial {
  bool affected = false;  // down or degraded at some point
  double rto_s = 0;       // infinity: not recovered
  double rpo_s = 0;       // infinity: no recovery point
  // Per objective kind (rto, rpo): 1 met, 0 breached, -1 without a target or not applicable.
  signed char met[2] = {-1, -1};
  // The kinds of its path's steps in order, one char each (static_cast<char>(StepKind)): a
  // short string to count, named once per distinct path when the summary is read.
  std::string steps;
};
using TrialOutcome = std::vector<ServiceTrial>;

TrialOutcome trial_outcome(const ScenarioResult& result);
// The same into `out`, whose buffers are reused.
void trial_outcome(const ScenarioResult& result, TrialOutcome& out);

// Collects the outcomes of a scenario's trials (in any order, in parts that merge), then writes
// the summary into the nominal result: TargetResult::trials for every service some trial
// affected, and `run`.
class TrialSummary {
 public:
  // What the trials left for one service: enough to merge parts exactly, in any order.
  struct Tally {
    long long affected = 0;
    // RTO and RPO of the trials where either is not 0 (infinity: not recovered, no recovery
    // point); every other trial counts 0 for both. Each ascending once the summary is sorted.
    std::vector<double> rto, rpo;
    long long met[2] = {0, 0};               // trials meeting the RTO, the RPO objective
    std::map<std::string, long long> paths;  // trials per path (step names, space-separated)
  };

  explicit TrialSummary(std::size_t services);
  // A summary of `trials` trials as tallied per service in model order (a shard read back).
  TrialSummary(long long trials, std::vector<Tally> services);
  void add(const TrialOutcome& outcome);
  // Sorts every service's figures; run_trials() sorts each thread's part on its thread, and
  // merge() keeps sorted parts sorted in one linear pass, so write() has nothing left to sort.
  void sort() const;
  void merge(TrialSummary&& other);
  void write(const TrialRun& run, ScenarioResult& nominal) const;

  long long trials() const { return trials_; }
  const std::vector<Tally>& services() const {
    name_paths();
    return services_;
  }

 private:
  // Moves the counts of `coded_` into the tallies' paths, by name.
  void name_paths() const;

  mutable std::vector<Tally> services_;
  // Per service: trials per path as ServiceTrial::steps, not yet counted in services_ by name.
  mutable std::vector<std::map<std::string, long long>> coded_;
  long long trials_ = 0;
  mutable bool sorted_ = true;  // every Tally's rto and rpo ascending
};

// The trial numbers one shard of a run takes (`simulate --shard`): k with k % stride == offset.
// The default is every trial. Since trial k's draws depend only on the seed and k, the shards'
// summaries merge into exactly the summary of the whole run.
struct TrialSlice {
  long long offset = 0;  // 0 <= offset < stride
  long long stride = 1;
  // How many of the trial numbers 0 .. count - 1 are in the slice.
  long long size(long long count) const;
  // The i-th trial number of the slice.
  long long trial(long long i) const { return offset + i * stride; }
};

// One scenario's trials as a shard ran them: their first-fault window (count: every trial of the
// run) and the summary of the shard's slice, not yet written into the result.
struct TrialPart {
  TrialRun run;
  TrialSummary summary;
};

// Runs the trials of `sc` in `slice` (trial_run() `run`, seed `seed`) with the executor on drsim's
// own event loop (des_runtime.hpp), in this process on `jobs` threads, and returns their summary;
// the same for any `jobs`. `progress(done)` is called on the calling thread as trials finish.
TrialSummary run_trials(const model::Model& m, const scenarios::Scenario& sc, const TrialRun& run,
                        std::uint64_t seed, const TrialSlice& slice, int jobs,
                        const std::function<void(long long)>& progress);

// Wilson score interval for `met` successes out of `n`, at 95 %.
std::pair<double, double> wilson_interval(long long met, long long n);

}  // namespace drsim::engine
