// One shard of a run split across machines (`drsim simulate --shard I/N`), as a file: the
// "drsim.result/1" JSON of the shard's nominal runs plus a top-level "shard" object
// (docs/result-format.md "Shards") with what drsim merge needs to put the run back together
// exactly — the options every shard must share, the amounts the result rounds to cents kept
// whole, and with --trials each scenario's raw trial summary. Numbers round-trip exactly
// (nlohmann writes the shortest text that reads back to the same double); infinity, a trial that
// did not recover or found no recovery point, is written as null.
#pragma once

#include <cstddef>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/core/trials.hpp"
#include "model/diagnostic.hpp"
#include "model/outcome.hpp"
#include "reports/json_writer.hpp"

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
  bool compact = false;               // --compact (a shard without trials)
};

// Which shard of which run, and where it was read from.
struct ShardInfo {
  std::string file;  // where it was read from; "" for one not read from a file
  long long index = 1, count = 1;
  ShardOptions options;
};

// A shard: shard `index` of `count` of a run.
struct Shard : ShardInfo {
  // Without --trials: the selected scenarios at positions p with p % count == index - 1; with
  // --trials: every selected scenario's nominal run, with no trial summary. Costs exact.
  RunResult result;
  // With --trials: per scenario of `result`, the trials k with k % count == index - 1.
  std::vector<engine::TrialPart> trials;
};

// Writes `shard` as its file: write_json() of the result with the "shard" object before
// "scenarios".
void write_shard(const Shard& shard, std::ostream& out);

// write_shard() for a shard without trials whose scenarios come one at a time (a big sweep):
// each is kept in a spool file (open_spool() in `spool_dir`: removed at once, nothing left
// behind) until write(), since the "shard" object before them lists every scenario's exact
// amounts. Memory stays near one scenario; the bytes are write_shard()'s.
class ShardWriter {
 public:
  // `shard`: the shard's place, options and run header (scenarios it holds are not written).
  ShardWriter(Shard shard, JsonLayout layout, const std::string& spool_dir);
  // The next scenario, and its text as JsonRunWriter::scenario_text() gives it in `layout`.
  void add(const ScenarioResult& scenario, const std::string& text);
  void write(std::ostream& out);

 private:
  Shard shard_;  // its scenarios: only their ids and amounts
  JsonLayout layout_;
  std::fstream spool_;
  std::vector<std::size_t> sizes_;  // of each spooled scenario's text
};

// One scenario of a shard's "shard" object: its id and the exact amounts the result rounds.
struct ShardEntry {
  std::string id;
  std::optional<double> downtime_cost, data_loss_cost;
};

// The start of a shard's file, before its scenarios: what drsim merge checks before reading any
// scenario of any shard (a shard's scenarios are read one at a time, reports/shard_merge.hpp).
struct ShardHead : ShardInfo {
  RunResult header;                 // the run's keys, without scenarios
  std::vector<ShardEntry> entries;  // without --trials: one per scenario of the shard
};

// Reads the head of the shard file `path`, stopping where its scenarios begin. Throws InputError
// as load_shard() does for the keys it reads.
ShardHead load_shard_head(const std::string& path);

// Gives scenario `i` of the shard `head` describes, as read from its file, the exact amounts of
// its entry; a scenario that is not the entry's, or amounts where the scenario has none (or none
// where it has), go into `diags`, located in the "shard" object.
void attach_entry(const ShardHead& head, std::size_t i, ScenarioResult& scenario,
                  DiagnosticList& diags);

// Reads a shard from the text of its file named `file`. Throws InputError with every problem: a
// file that is not a result (located as by load_result()), a whole result that is no shard, or
// a "shard" object that is malformed.
Shard read_shard(const std::string& text, const std::string& file);

// read_shard() of the file at `path` (up to 1 GiB).
Shard load_shard(const std::string& path);

}  // namespace drsim::reports
