#include "reports/shard_merge.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "model/diagnostic.hpp"
#include "model/errors.hpp"
#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/detail/result_reader.hpp"

namespace drsim::reports {
namespace {

const char* const kSameRun =
    "every shard of a run comes from the same model file, drsim and options, with --shard I/N of "
    "the same N: merge the shards of one run";

std::string name(const ShardInfo& s) {
  return "shard " + std::to_string(s.index) + "/" + std::to_string(s.count);
}

std::string option_text(const char* option, const std::optional<double>& seconds) {
  return seconds ? std::string(option) + " " + units::format_duration(*seconds)
                 : std::string("no ") + option;
}

// How the scenarios `s` selects differ from `ref`'s: the count, or the first id that differs.
std::pair<std::string, std::string> selection_texts(const ShardInfo& s, const ShardInfo& ref) {
  const auto& a = s.options.selected;
  const auto& b = ref.options.selected;
  if (a.size() != b.size()) {
    return {std::to_string(a.size()) + " scenarios selected", std::to_string(b.size())};
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    const std::string at = "scenario " + std::to_string(i + 1) + " ";
    return {at + "'" + a[i] + "'", "'" + b[i] + "'"};
  }
  return {};
}

// Reports every way `s` (whose run's keys are `run`) was made differently from `ref`, the first
// shard given (`ref_run`).
void check_same_run(const ShardInfo& s, const RunResult& run, const ShardInfo& ref,
                    const RunResult& ref_run, DiagnosticList& diags) {
  auto differ = [&](const char* pointer, bool same, const std::string& here,
                    const std::string& there) {
    if (same) return;
    diags.error(
        {s.file, 0, 0, pointer},
        name(s) + " was made with " + here + ", " + ref.file + " (" + name(ref) + ") with " + there,
        {kSameRun});
  };
  const ShardOptions& a = s.options;
  const ShardOptions& b = ref.options;
  differ("/shard/count", s.count == ref.count, "--shard " + name(s).substr(6),
         "--shard " + name(ref).substr(6));
  differ("/tool_version", run.tool_version == ref_run.tool_version, "drsim " + run.tool_version,
         "drsim " + ref_run.tool_version);
  auto model = [](const RunResult& x) {
    return "model " + printable(x.model_source) + " (" + x.model_checksum + ")";
  };
  differ("/model_checksum", run.model_checksum == ref_run.model_checksum, model(run),
         model(ref_run));
  differ("/shard/seed", a.seed == b.seed, "--seed " + std::to_string(a.seed),
         "--seed " + std::to_string(b.seed));
  auto trials = [](long long n) {
    return n > 0 ? "--trials " + std::to_string(n) : std::string("no --trials");
  };
  differ("/shard/trials", a.trials == b.trials, trials(a.trials), trials(b.trials));
  auto all = [](bool on) { return on ? std::string("--all") : std::string("no --all"); };
  differ("/shard/all", a.all == b.all, all(a.all), all(b.all));
  auto compact = [](bool on) {
    return on ? std::string("--compact") : std::string("no --compact");
  };
  differ("/shard/compact", a.compact == b.compact, compact(a.compact), compact(b.compact));
  differ("/shard/at_s", a.at_s == b.at_s, option_text("--at", a.at_s), option_text("--at", b.at_s));
  differ("/shard/duration_s", a.duration_s == b.duration_s, option_text("--duration", a.duration_s),
         option_text("--duration", b.duration_s));
  differ("/shard/horizon_s", a.horizon_s == b.horizon_s, option_text("--horizon", a.horizon_s),
         option_text("--horizon", b.horizon_s));
  differ("/shard/detect_after_s", a.detect_after_s == b.detect_after_s,
         option_text("--detect-after", a.detect_after_s),
         option_text("--detect-after", b.detect_after_s));
  if (a.selected != b.selected) {
    const auto [here, there] = selection_texts(s, ref);
    differ("/shard/selected", false, here, there);
  }
}

// Every shard 1..N given exactly once, or diagnostics at the command line.
template <class Shards>
void check_complete(const Shards& shards, DiagnosticList& diags) {
  std::map<long long, const ShardInfo*> seen;
  for (const ShardInfo& s : shards) {
    auto [it, fresh] = seen.emplace(s.index, &s);
    if (fresh) continue;
    diags.error(command_line_loc("SHARD"),
                it->second->file + " and " + s.file + " are both " + name(s),
                {"give each shard of the run once"});
  }
  const long long count = shards.front().count;
  for (long long i = 1; i <= count; ++i) {
    if (seen.count(i)) continue;
    const std::string which = std::to_string(i) + "/" + std::to_string(count);
    diags.error(command_line_loc("SHARD"), "shard " + which + " is missing",
                {"run drsim simulate with the same options and --shard " + which +
                 " -f json -o FILE, and give that file too"});
  }
}

// What every merge checks first: the shards are of one run (`run_of(shard)`: its keys, which
// are the same in every shard of a run), and complete. Throws InputError.
template <class Shards, class RunOf>
void check_one_run(const Shards& shards, RunOf run_of) {
  DiagnosticList diags;
  for (std::size_t i = 1; i < shards.size(); ++i) {
    check_same_run(shards[i], run_of(shards[i]), shards.front(), run_of(shards.front()), diags);
  }
  diags.throw_if_errors();
  check_complete(shards, diags);
  diags.throw_if_errors();
}

const char* const kChanged =
    "the file was changed after drsim simulate wrote it: make the shard again";

void wrong_count(const ShardInfo& s, std::size_t got, std::size_t want, DiagnosticList& diags) {
  diags.error({s.file, 0, 0, "/scenarios"},
              name(s) + " holds " + std::to_string(got) + " scenarios, not the " +
                  std::to_string(want) + " of its part of the run",
              {kChanged});
}

// Scenario `i` of shard `s` has id `got` where its part of the run has `want`: a diagnostic.
bool same_id(const ShardInfo& s, std::size_t i, const std::string& got, const std::string& want,
             DiagnosticList& diags) {
  if (got == want) return true;
  diags.error({s.file, 0, 0, "/scenarios/" + std::to_string(i) + "/id"},
              "'" + got + "', not '" + want + "' of its part of the run", {kChanged});
  return false;
}

// The shard holds the scenarios `ids` in this order, or a diagnostic says how it does not.
bool holds(const Shard& s, const std::vector<std::string>& ids, DiagnosticList& diags) {
  const auto& got = s.result.scenarios;
  if (got.size() != ids.size()) {
    wrong_count(s, got.size(), ids.size(), diags);
    return false;
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!same_id(s, i, got[i].id, ids[i], diags)) return false;
  }
  return true;
}

// Without --trials: scenario p of the selection comes from shard p % N + 1 (moved out of it).
std::vector<ScenarioResult> scenarios_of_sweep(const std::vector<Shard*>& by_index,
                                               DiagnosticList& diags) {
  const auto& selected = by_index.front()->options.selected;
  const std::size_t n = by_index.size();
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> part;
    for (std::size_t p = i; p < selected.size(); p += n) part.push_back(selected[p]);
    ok = holds(*by_index[i], part, diags) && ok;
  }
  std::vector<ScenarioResult> out;
  if (!ok) return out;
  for (std::size_t p = 0; p < selected.size(); ++p) {
    out.push_back(std::move(by_index[p % n]->result.scenarios[p / n]));
  }
  return out;
}

// With --trials: every shard ran every nominal run (the first shard's are taken) and its slice
// of the trials; the slices add up to every trial (moved out of the shards).
std::vector<ScenarioResult> scenarios_of_trials(const std::vector<Shard*>& by_index,
                                                DiagnosticList& diags) {
  Shard& first = *by_index.front();
  const auto& selected = first.options.selected;
  bool ok = true;
  for (const Shard* s : by_index) {
    if (!holds(*s, selected, diags)) {
      ok = false;
      continue;
    }
    const engine::TrialSlice slice{s->index - 1, s->count};
    const long long expected = slice.size(s->options.trials);
    for (std::size_t i = 0; i < s->trials.size(); ++i) {
      const long long got = s->trials[i].summary.trials();
      if (got == expected) continue;
      diags.error({s->file, 0, 0, "/shard/scenarios/" + std::to_string(i) + "/trials/count"},
                  std::to_string(got) + " trials, not the " + std::to_string(expected) + " of " +
                      name(*s) + "'s part of --trials " + std::to_string(s->options.trials),
                  {"the file was changed after drsim simulate wrote it: make the shard again"});
      ok = false;
    }
  }
  std::vector<ScenarioResult> out;
  if (!ok) return out;
  out = std::move(first.result.scenarios);
  for (std::size_t i = 0; i < out.size(); ++i) {
    engine::TrialSummary& summary = first.trials[i].summary;
    for (std::size_t k = 1; k < by_index.size(); ++k) {
      summary.merge(std::move(by_index[k]->trials[i].summary));
    }
    summary.write(first.trials[i].run, out[i]);
  }
  return out;
}

}  // namespace

RunResult merge_shards(std::vector<Shard> shards) {
  if (shards.empty()) throw InternalError("merge_shards: no shard");
  check_one_run(shards, [](const Shard& s) -> const RunResult& { return s.result; });
  DiagnosticList diags;

  std::vector<Shard*> by_index(shards.size());
  for (auto& s : shards) by_index[static_cast<std::size_t>(s.index - 1)] = &s;
  Shard& first = *by_index.front();
  std::vector<ScenarioResult> scenarios = first.options.trials > 0
                                              ? scenarios_of_trials(by_index, diags)
                                              : scenarios_of_sweep(by_index, diags);
  diags.throw_if_errors();
  RunResult run = std::move(first.result);
  run.generated_at.clear();
  run.scenarios = std::move(scenarios);
  return run;
}

}  // namespace drsim::reports

namespace drsim::reports {

// Where the merge is, shared by the thread that takes the scenarios and the shards' readers: a
// reader reads a scenario only once the merge is at most kWindow places before it, so the
// scenarios read and not yet taken are a few, however many shards there are.
struct SweepMerge::Turn {
  static constexpr std::size_t kWindow = 2;
  static constexpr std::size_t kEnd = std::numeric_limits<std::size_t>::max() / 2;  // all taken
  std::mutex m;
  std::condition_variable changed;
  std::size_t position = 0;  // of the next scenario to take, in the selection
  bool stopped = false;      // the merge is over (done or failed): readers stop
};

// One shard's file, read on a thread of its own: each scenario waits in `queue_` to be taken.
class SweepMerge::Feed {
 public:
  // Shard `k` (from 0) of `n`: its scenario j is the run's scenario j * n + k.
  Feed(Turn& turn, const std::string& file, std::size_t k, std::size_t n)
      : turn_(turn), k_(k), n_(n), thread_([this, file] { read(file); }) {}
  ~Feed() { thread_.join(); }  // after Turn::stopped, or once the file ended

  // The shard's next scenario into `out`; false once the file has no more. Rethrows what the
  // reader threw (the file's problems). Called with turn.m held by `lock`.
  bool pop(std::unique_lock<std::mutex>& lock, ScenarioResult& out) {
    turn_.changed.wait(lock, [this] { return !queue_.empty() || ended_; });
    if (!queue_.empty()) {
      out = std::move(queue_.front());
      queue_.pop_front();
      return true;
    }
    if (failure_) std::rethrow_exception(failure_);
    return false;
  }

 private:
  struct Stopped {};

  void read(const std::string& file) {
    std::exception_ptr failure;
    try {
      detail::read_result_file(
          file, [this](const RunResult&, ScenarioResult&& s) { push(std::move(s)); },
          detail::ShardKey::kSkip);
    } catch (const Stopped&) {
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(turn_.m);
    failure_ = failure;
    ended_ = true;
    turn_.changed.notify_all();
  }

  // Queues a scenario, then waits until the next one is near its turn before reading on.
  void push(ScenarioResult&& s) {
    std::unique_lock<std::mutex> lock(turn_.m);
    queue_.push_back(std::move(s));
    ++read_;
    turn_.changed.notify_all();
    const std::size_t next = read_ * n_ + k_;
    turn_.changed.wait(lock,
                       [&] { return turn_.stopped || turn_.position + Turn::kWindow >= next; });
    if (turn_.stopped) throw Stopped{};
  }

  Turn& turn_;
  const std::size_t k_, n_;
  std::size_t read_ = 0;  // scenarios queued so far
  std::deque<ScenarioResult> queue_;
  bool ended_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: started once the rest is ready
};

SweepMerge::SweepMerge(std::vector<ShardHead> heads) : turn_(std::make_unique<Turn>()) {
  if (heads.empty()) throw InternalError("SweepMerge: no shard");
  check_one_run(heads, [](const ShardHead& h) -> const RunResult& { return h.header; });
  heads_.resize(heads.size());
  for (auto& h : heads) heads_[static_cast<std::size_t>(h.index - 1)] = std::move(h);
  header_ = heads_.front().header;
  header_.generated_at.clear();
  feeds_.resize(heads_.size());
}

SweepMerge::~SweepMerge() {
  {
    std::lock_guard<std::mutex> lock(turn_->m);
    turn_->stopped = true;
  }
  turn_->changed.notify_all();
  feeds_.clear();  // joins the readers
}

// Shard k's reader, started when its first scenario (the run's k-th) comes near its turn.
SweepMerge::Feed& SweepMerge::feed(std::size_t k) {
  const std::size_t n = heads_.size();
  for (std::size_t i = 0; i < n && i <= std::max(k, next_ + Turn::kWindow); ++i) {
    if (!feeds_[i]) feeds_[i] = std::make_unique<Feed>(*turn_, heads_[i].file, i, n);
  }
  return *feeds_[k];
}

bool SweepMerge::next(ScenarioResult& out) {
  const auto& selected = options().selected;
  const std::size_t n = heads_.size();
  DiagnosticList diags;
  std::unique_lock<std::mutex> lock(turn_->m);
  if (next_ >= selected.size()) {
    // Every shard must end with its part, and its "shard" object list as many scenarios: the
    // readers read on to the end of their files.
    turn_->position = Turn::kEnd;
    turn_->changed.notify_all();
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t want = k < selected.size() ? (selected.size() - k + n - 1) / n : 0;
      std::size_t got = want;
      for (ScenarioResult extra; feed(k).pop(lock, extra);) ++got;
      if (got != want) wrong_count(heads_[k], got, want, diags);
      if (heads_[k].entries.size() != want) {
        diags.error({heads_[k].file, 0, 0, "/shard/scenarios"},
                    "lists " + std::to_string(heads_[k].entries.size()) +
                        " scenarios, the result " + std::to_string(want));
      }
    }
    diags.throw_if_errors();
    return false;
  }
  const std::size_t k = next_ % n, i = next_ / n;
  const ShardHead& head = heads_[k];
  if (!feed(k).pop(lock, out)) {
    wrong_count(head, i, (selected.size() - k + n - 1) / n, diags);
  } else if (same_id(head, i, out.id, selected[next_], diags)) {
    attach_entry(head, i, out, diags);
  }
  diags.throw_if_errors();
  turn_->position = ++next_;
  turn_->changed.notify_all();
  return true;
}

}  // namespace drsim::reports
