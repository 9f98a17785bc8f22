#include "engine/core/trials.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <thread>

#include "engine/core/analytic.hpp"
#include "engine/core/des_runtime.hpp"
#include "engine/core/recovery_points.hpp"
#include "engine/core/schedule.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kPathsShown = 5;

// Newest runs unusable when each is with probability p: geometric, every run (0) when p = 1.
int unusable_runs(double p, model::TrialRng& rng) {
  if (p >= 1) return 0;
  const double u = 1.0 - rng.uniform();  // (0, 1]
  const double k = std::floor(std::log(u) / std::log(p));
  return static_cast<int>(std::min(k, 1e6));
}

// True for an objective the trials give odds for: one with a target that applies.
bool has_odds(const ObjectiveResult& o) {
  return o.target_s && o.verdict != Verdict::kNotApplicable;
}

// The nearest-rank percentile `p` (0..100) of ascending `v` with `zeros` more trials at 0 s
// (placed where 0 sorts among `v`, from `at`); none when it is infinite.
std::optional<double> percentile(const std::vector<double>& v, long long zeros, std::size_t at,
                                 int p) {
  const auto n = static_cast<long long>(v.size()) + zeros;
  if (n == 0) return std::nullopt;
  long long rank = static_cast<long long>(std::ceil(p / 100.0 * static_cast<double>(n)));
  const auto i = static_cast<std::size_t>(std::clamp(rank, 1LL, n) - 1);
  const auto z = static_cast<std::size_t>(zeros);
  const double x = i < at ? v[i] : i < at + z ? 0.0 : v[i - z];
  return std::isfinite(x) ? std::optional<double>(x) : std::nullopt;
}

// Ascending `v` and `zeros` more trials at 0 s.
Spread spread(const std::vector<double>& v, long long zeros) {
  const auto at = static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), 0.0) - v.begin());
  Spread s;
  s.p50_s = percentile(v, zeros, at, 50);
  s.p90_s = percentile(v, zeros, at, 90);
  s.p99_s = percentile(v, zeros, at, 99);
  s.max_s = percentile(v, zeros, at, 100);
  for (int p = 0; p <= 100; ++p) s.percentiles_s.push_back(percentile(v, zeros, at, p));
  return s;
}

// `into` and `from`, both ascending, into `into`, ascending.
void merge_sorted(std::vector<double>& into, const std::vector<double>& from) {
  const auto middle = static_cast<std::ptrdiff_t>(into.size());
  into.insert(into.end(), from.begin(), from.end());
  std::inplace_merge(into.begin(), into.begin() + middle, into.end());
}

}  // namespace

double full_history_from(const model::Model& m) {
  double from = 0;
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) {
      if (b.unusable <= 0) continue;
      // The first run is the first of its day, week and month, so every rule keeps it; one gap
      // more covers rules whose ages differ from run to run (calendar months).
      const double age = retention_age(b, 0);
      if (std::isfinite(age)) {
        from = std::max(from, run_start(b, 0) + age + longest_gap(b.schedule));
      }
    }
  }
  return from;
}

TrialRun trial_run(const model::Model& m, const scenarios::Scenario& sc, const SweepWindow& window,
                   long long count) {
  TrialRun run;
  run.count = count;
  if (sc.untimed()) {
    run.start_from_s = window.from_s;
    run.start_span_s = window.period_s;
    if (const double full = full_history_from(m); full > window.from_s) {
      const double detect = sc.faults.empty() ? 0 : sc.faults.front().detect_after_s;
      run.start_from_s = steady_state_start(m, detect, full);
    }
  } else {
    run.start_from_s = sc.t0();
  }
  run.varying = static_cast<long long>(m.uncertainty.values.size());
  for (const auto& f : sc.faults) {
    if (f.default_duration && m.uncertainty.outages.count(f.cls)) ++run.varying;
  }
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) run.varying += b.unusable > 0;
  }
  return run;
}

Trial sample_trial(const model::Model& m, const scenarios::Scenario& sc, const TrialRun& run,
                   std::uint64_t seed, std::uint64_t k) {
  Trial t{m, {}};
  t.scenario = draw_trial(m, sc, run, seed, k, t.model);
  return t;
}

scenarios::Scenario draw_trial(const model::Model& m, const scenarios::Scenario& sc,
                               const TrialRun& run, std::uint64_t seed, std::uint64_t k,
                               model::Model& working) {
  model::TrialRng rng(seed, k);
  scenarios::Scenario out = sc;
  auto& faults = out.faults;
  if (run.start_span_s > 0) {
    out = starting_at(out, run.start_from_s + run.start_span_s * rng.uniform());
  }
  for (auto& f : faults) f.timed = true;  // each trial runs where it was drawn
  for (const auto& v : m.uncertainty.values) {
    v.field(working) = std::clamp(v.dist.sample(rng), v.lo, v.hi);
  }
  for (auto& f : faults) {
    auto it = m.uncertainty.outages.find(f.cls);
    if (f.default_duration && it != m.uncertainty.outages.end()) {
      f.duration_s = std::clamp(it->second.sample(rng), 60.0, units::kMaxSimulatedSeconds);
    }
  }
  const double t0 = out.t0();
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) {
      if (b.unusable <= 0) continue;
      const int runs = unusable_runs(b.unusable, rng);
      if (runs == 0 && b.unusable < 1) continue;
      scenarios::Fault f;
      f.kind = scenarios::FaultKind::kBadBackup;
      f.cls = out.cls;
      f.target = s.id;
      f.backup = b.id;
      f.unusable_runs = runs;
      f.start_s = t0;
      f.timed = true;
      faults.push_back(f);
    }
  }
  return out;
}

TrialOutcome trial_outcome(const ScenarioResult& result) {
  TrialOutcome out;
  trial_outcome(result, out);
  return out;
}

void trial_outcome(const ScenarioResult& result, TrialOutcome& out) {
  out.resize(result.services.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto& r = result.services[i];
    ServiceTrial& t = out[i];
    t.steps.clear();
    t.met[0] = t.met[1] = -1;
    t.affected = r.down || r.degraded;
    t.rto_s = r.rto_s.value_or(kInf);
    t.rpo_s = r.rpo_s.value_or(kInf);
    for (const auto& o : r.objectives) {
      if (has_odds(o)) t.met[static_cast<int>(o.kind)] = o.verdict == Verdict::kMet ? 1 : 0;
    }
    if (t.affected) {
      for (const auto& p : r.path) t.steps += static_cast<char>(p.kind);
    }
  }
}

long long TrialSlice::size(long long count) const {
  return count > offset ? (count - offset + stride - 1) / stride : 0;
}

TrialSummary run_trials(const model::Model& m, const scenarios::Scenario& sc, const TrialRun& run,
                        std::uint64_t seed, const TrialSlice& slice, int jobs,
                        const std::function<void(long long)>& progress) {
  const auto threads = static_cast<std::size_t>(std::max(jobs, 1));
  std::vector<TrialSummary> parts(threads, TrialSummary(m.services.size()));
  std::vector<std::exception_ptr> failures(threads);
  std::atomic<long long> next{0}, done{0};
  std::atomic<bool> failed{false};
  const long long count = slice.size(run.count);
  // Each thread takes the next trial number of the slice until none is left; a trial's draws
  // depend only on its number, and the summary not on the order, so the output is the same for
  // any `jobs`.
  auto work = [&](std::size_t part) {
    try {
      model::Model working = m;  // the draws of each trial are written into this copy
      RunBuffers buffers;        // reused by every trial of this thread
      TrialOutcome outcome;      // the same
      for (long long i; !failed && (i = next++) < count;) {
        const auto k = static_cast<std::uint64_t>(slice.trial(i));
        const auto trial = draw_trial(m, sc, run, seed, k, working);
        trial_outcome(simulate_in_process(working, trial, ResultDetail::kFigures, buffers),
                      outcome);
        parts[part].add(outcome);
        ++done;
        if (part == 0 && progress) progress(done);
      }
      parts[part].sort();  // on this thread: the threads sort their parts side by side
    } catch (...) {
      failures[part] = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < threads; ++i) pool.emplace_back(work, i);
  work(0);
  for (auto& t : pool) t.join();
  for (auto& f : failures) {
    if (f) std::rethrow_exception(f);
  }
  if (progress) progress(done);
  for (std::size_t i = 1; i < threads; ++i) parts[0].merge(std::move(parts[i]));
  return std::move(parts[0]);
}

std::pair<double, double> wilson_interval(long long met, long long n) {
  if (n <= 0) return {0, 1};
  constexpr double z = 1.959963984540054;
  const double nn = static_cast<double>(n), p = static_cast<double>(met) / nn;
  const double denom = 1 + z * z / nn;
  const double centre = (p + z * z / (2 * nn)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom;
  // At 0 and n the interval reaches the end exactly (rounding would leave 0.9999999999999999).
  return {met == 0 ? 0.0 : std::max(0.0, centre - half),
          met == n ? 1.0 : std::min(1.0, centre + half)};
}

TrialSummary::TrialSummary(std::size_t services) : services_(services), coded_(services) {}

TrialSummary::TrialSummary(long long trials, std::vector<Tally> services)
    : services_(std::move(services)), coded_(services_.size()), trials_(trials), sorted_(false) {}

void TrialSummary::name_paths() const {
  for (std::size_t i = 0; i < coded_.size() && i < services_.size(); ++i) {
    for (const auto& [steps, n] : coded_[i]) {
      std::string name;
      for (const char c : steps) {
        if (!name.empty()) name += ' ';
        name += to_string(static_cast<StepKind>(c));
      }
      services_[i].paths[name] += n;
    }
    coded_[i].clear();
  }
}

void TrialSummary::add(const TrialOutcome& outcome) {
  if (outcome.size() != services_.size()) {
    throw InternalError("a trial's outcome has " + std::to_string(outcome.size()) +
                        " services, the model " + std::to_string(services_.size()));
  }
  ++trials_;
  sorted_ = false;
  for (std::size_t i = 0; i < outcome.size(); ++i) {
    const auto& t = outcome[i];
    auto& s = services_[i];
    if (t.rto_s != 0 || t.rpo_s != 0) {
      s.rto.push_back(t.rto_s);
      s.rpo.push_back(t.rpo_s);
    }
    for (int k = 0; k < 2; ++k) s.met[k] += t.met[k] == 1;
    if (t.affected) {
      ++s.affected;
      ++coded_[i][t.steps];
    }
  }
}

void TrialSummary::sort() const {
  if (sorted_) return;
  for (auto& s : services_) {
    std::sort(s.rto.begin(), s.rto.end());
    std::sort(s.rpo.begin(), s.rpo.end());
  }
  sorted_ = true;
}

void TrialSummary::merge(TrialSummary&& other) {
  name_paths();
  other.name_paths();
  trials_ += other.trials_;
  const bool sorted = sorted_ && other.sorted_;
  for (std::size_t i = 0; i < services_.size() && i < other.services_.size(); ++i) {
    auto& s = services_[i];
    auto& o = other.services_[i];
    s.affected += o.affected;
    if (sorted) {
      merge_sorted(s.rto, o.rto);
      merge_sorted(s.rpo, o.rpo);
    } else {
      s.rto.insert(s.rto.end(), o.rto.begin(), o.rto.end());
      s.rpo.insert(s.rpo.end(), o.rpo.begin(), o.rpo.end());
    }
    for (int k = 0; k < 2; ++k) s.met[k] += o.met[k];
    for (const auto& [steps, n] : o.paths) s.paths[steps] += n;
  }
  sorted_ = sorted;
}

void TrialSummary::write(const TrialRun& run, ScenarioResult& nominal) const {
  name_paths();
  sort();
  nominal.trials = run;
  nominal.trials->count = trials_;
  for (std::size_t i = 0; i < services_.size() && i < nominal.services.size(); ++i) {
    const auto& s = services_[i];
    auto& target = nominal.services[i];
    if (s.affected == 0) continue;
    TargetTrials t;
    t.affected = s.affected;
    const long long zeros = trials_ - static_cast<long long>(s.rto.size());
    t.rto = spread(s.rto, zeros);
    t.rpo = spread(s.rpo, zeros);
    for (const auto& o : target.objectives) {
      if (!has_odds(o)) continue;
      ObjectiveOdds odds;
      odds.kind = o.kind;
      odds.target_s = *o.target_s;
      odds.met = s.met[static_cast<int>(o.kind)];
      odds.p_met = trials_ ? static_cast<double>(odds.met) / static_cast<double>(trials_) : 0;
      std::tie(odds.ci_low, odds.ci_high) = wilson_interval(odds.met, trials_);
      t.odds.push_back(odds);
    }
    std::sort(t.odds.begin(), t.odds.end(),
              [](const ObjectiveOdds& a, const ObjectiveOdds& b) { return a.kind < b.kind; });
    std::vector<PathShare> shares;
    for (const auto& [steps, n] : s.paths) shares.push_back({steps, n});
    std::stable_sort(shares.begin(), shares.end(),
                     [](const PathShare& a, const PathShare& b) { return a.trials > b.trials; });
    for (std::size_t k = 0; k < shares.size(); ++k) {
      if (k < kPathsShown) {
        t.paths.push_back(shares[k]);
      } else {
        t.other_paths += shares[k].trials;
      }
    }
    target.trials = std::move(t);
  }
}

}  // namespace drsim::engine
