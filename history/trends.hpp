// What `drsim history targets` says about each drilled target, from its recorded runs alone (no
// SQLite here, so it is unit-tested with plain records): the last run, the last success, the age
// of the last verified restore against the target's max_age, and RTO/RPO percentiles over its
// last N completed runs (docs/history.md "Targets").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "history/run_record.hpp"

namespace drsim::history {

// The max_age of a target whose drill gives none: a monthly drill plus five days' slack.
constexpr double kDefaultMaxAge = 35 * 86400.0;
// Runs the percentiles are over unless --last says otherwise.
constexpr int kDefaultLast = 10;

// The nearest-rank percentile `p` (0 < p <= 100) of `values`: sorted ascending, with the missing
// values (a restore never writable, no usable recovery point) after every number, it is the value
// at rank ceil(p / 100 * n) (1-based); none if that is a missing value or there are no values.
std::optional<double> nearest_rank(std::vector<std::optional<double>> values, double p);

// A run as a target's line names it.
struct RunMark {
  long long id = 0;
  std::string started_at, ended_at, status;
};

struct TargetTrend {
  std::string target;
  long long runs = 0;  // every run recorded for the target
  RunMark last_run;
  std::optional<RunMark> last_success;  // none: no run passed
  std::optional<double> age_s;          // from the last success's end to now (at least 0)
  double max_age_s = kDefaultMaxAge;    // of the target's newest run that gives one
  bool max_age_default = true;          // no run of the target gives one
  int trend_runs = 0;                   // completed runs the percentiles are over (<= last)
  std::optional<double> rto_p50_s, rto_p95_s, rpo_p50_s, rpo_p95_s;
  bool stale = false;            // never verified, or age over max_age
  bool last_run_failed = false;  // the newest run did not pass (failed, interrupted, error)
  bool needs_attention() const { return stale || last_run_failed; }
};

// One trend per target, in target order, from `runs` (any order; each with its own fields as
// Store::runs() gives them), at `now_s` seconds since 1970, percentiles over each target's `last`
// newest completed (passed or failed) runs.
std::vector<TargetTrend> target_trends(const std::vector<RunRecord>& runs, double now_s, int last);

// One target of "drsim.history-targets/1" (docs/history.md).
nlohmann::ordered_json to_json(const TargetTrend& t);

}  // namespace drsim::history
