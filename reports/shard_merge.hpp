// `drsim merge`'s rule: the shards of one run (`drsim simulate --shard I/N`, read by
// reports/shard_json.hpp) put back together into exactly the run one machine would have made —
// scenarios in the order selected, and with --trials each scenario's trial summaries added up and
// summarised once (engine::TrialSummary::write), which gives the same figures since trial k's
// draws depend only on the seed and k.
#pragma once

#include <memory>
#include <vector>

#include "model/outcome.hpp"
#include "reports/shard_json.hpp"

namespace drsim::reports {

// Merges `shards`, given in any order, into the whole run (generated_at left empty); the run is
// moved out of them. Throws InputError: a shard of another run — another model, drsim version or
// option than the first shard given — located at its file and key (exit 3); a shard missing or
// given twice, located at the command line (exit 2); a shard whose scenarios or trials are not
// its part of the run.
RunResult merge_shards(std::vector<Shard> shards);

// merge_shards() for the shards of a run without --trials, a scenario at a time, so that the
// shards of a sweep of any size merge in the memory of a few scenarios: the run's scenarios are
// taken in the order selected (scenario p from shard p % N + 1) while each shard's file is read
// on a thread of its own, which reads a scenario only when it is at most two places ahead.
class SweepMerge {
 public:
  // `heads`: every shard's head (load_shard_head()), any order. Throws InputError as
  // merge_shards() does for shards of other runs, and missing or doubled ones.
  explicit SweepMerge(std::vector<ShardHead> heads);
  ~SweepMerge();  // stops the readers still running
  SweepMerge(const SweepMerge&) = delete;
  SweepMerge& operator=(const SweepMerge&) = delete;

  // The run's keys (its generated_at empty) and options.
  const RunResult& header() const { return header_; }
  const ShardOptions& options() const { return heads_.front().options; }
  // The next scenario of the run, with its exact amounts, into `out`; false after the last.
  // Throws InputError for a shard whose file is not valid, or does not hold its part of the run.
  bool next(ScenarioResult& out);

 private:
  struct Turn;
  class Feed;
  Feed& feed(std::size_t k);

  std::unique_ptr<Turn> turn_;
  std::vector<ShardHead> heads_;  // in shard order
  RunResult header_;
  std::vector<std::unique_ptr<Feed>> feeds_;  // per shard, once started
  std::size_t next_ = 0;                      // position in the selection
};

}  // namespace drsim::reports
