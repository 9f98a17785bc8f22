// One shard of a run split across machines (`drsim simulate --shard I/N`), as a file: the
// "drsim.result/1" JSON of the shard's nominal runs plus a top-level "shard" object
// (docs/result-format.md "Shards") with what drsim merge needs to put the run back together
// exactly — the options every shard must share, the amounts the result rounds to cents kept
// whole, and with --trials each scenario's raw trial summary. Numbers round-trip exactly
// (nlohmann writes the shortest text that reads back to the same double); infinity, a trial that
// did not recover or found no recovery point, is written as null.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/core/trials.hpp"
#include "model/outcome.hpp"

namespace drsim::reports {

// The options that shape a run: every shard of one run has the same, and drsim merge checks it.
struct ShardOptions {
  long long seed = 1;                 // --seed
  long long trials = 0;               // --trials; 0: none
  bool all = false;                   // --all: the text output is the summary table only
  std::optional<double> at_s;         // --at, seconds after the epoch; none: not given
  std::optional<double> duration_s;   // --duration, seconds; none: each class's default
  double horizon_s = 0;               // --horizon, seconds
  double detect_after_s = 0;          // --detect-after, seconds
  std::vector<std::string> selected;  // the id of every selected scenario, in the order selected
};

// A shard: shard `index` of `count` of a run.
struct Shard {
  std::string file;  // where it was read from; "" for one not read from a file
  long long index = 1, count = 1;
  ShardOptions options;
  // Without --trials: the selected scenarios at positions p with p % count == index - 1; with
  // --trials: every selected scenario's nominal run, with no trial summary. Costs exact.
  RunResult result;
  // With --trials: per scenario of `result`, the trials k with k % count == index - 1.
  std::vector<engine::TrialPart> trials;
};

// Writes `shard` as its file: write_json() of the result with the "shard" object before
// "scenarios".
void write_shard(const Shard& shard, std::ostream& out);

// Reads a shard from the text of its file named `file`. Throws InputError with every problem: a
// file that is not a result (located as by load_result()), a whole result that is no shard, or
// a "shard" object that is malformed.
Shard read_shard(const std::string& text, const std::string& file);

// read_shard() of the file at `path` (up to 1 GiB).
Shard load_shard(const std::string& path);

}  // namespace drsim::reports
