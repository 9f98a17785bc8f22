// The strict, streaming reader behind load_result() and result_from_json(). Result files of big
// sweeps are large (an --all run of 10,000 services is 3.2 GB compact), so they are read in one
// pass, a block at a time, straight into a RunResult or a scenario at a time into a sink: memory
// stays near the size of the result, or of one scenario, never of a document tree or the file.
// Every problem is collected (up to 50) and thrown at once as an InputError.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>

#include "model/outcome.hpp"

namespace drsim::reports::detail {

// The largest result text read whole (1 GiB): a shard (drsim merge), a pipe. A result file is
// read a block at a time, and this is the largest scenario (or single value) in it.
inline constexpr std::size_t kMaxResultBytes = std::size_t{1} << 30;

// How a result file is read. Lowered by tests, to read small files as big ones are read.
struct ReadLimits {
  // Files up to this size are read whole (problems worded exactly as load_document() words
  // them); bigger ones a block at a time, so memory stays near one scenario, not the file.
  std::size_t whole_bytes = std::size_t{64} << 20;
  std::size_t block_bytes = std::size_t{1} << 20;
  // The largest scenario, or single value, read from a file read a block at a time.
  std::size_t max_value_bytes = kMaxResultBytes;
};

// Where a reader hands each scenario once read, complete and valid, in file order, with the run
// read so far: its keys but the scenarios are all there (read before the scenarios, or the
// scenarios wait for them).
using ScenarioSink = std::function<void(const RunResult& run, ScenarioResult&& scenario)>;

// What a reader does with a top-level "shard" key, which marks a file `drsim simulate --shard`
// wrote: refuse the file as not a whole result, or skip the key (drsim merge reads it apart,
// reports/shard_json.hpp).
enum class ShardKey { kRefuse, kSkip };

// Reads a result from JSON text named `file`. `located`: the text is the file as the user has
// it, so diagnostics carry line and column (and syntax, emptiness and binary content are worded
// by load_document()); otherwise they carry only the JSON pointer.
RunResult read_result_text(const std::string& text, const std::string& file, bool located,
                           ShardKey shard = ShardKey::kRefuse);

// The bytes of the result file `path`. Throws InputError if it cannot be read or is larger than
// kMaxResultBytes.
std::string read_result_file(const std::string& path);

// Reads the result file `path`. With a `sink`, each scenario goes to it as soon as it is read and
// the result returned is the run without its scenarios: memory stays near the largest scenario,
// whatever the size of the file. Once a problem is found, no further scenario is handed on, and
// every problem (up to 50) is thrown at the end as an InputError; a scenario larger than
// limits.max_value_bytes stops the reading.
RunResult read_result_file(const std::string& path, const ScenarioSink& sink, ShardKey shard,
                           const ReadLimits& limits = {});
// read_result_file() of the open stream `in`, named `file`, read a block at a time whatever its
// size (read_result_file() reads small files whole).
RunResult read_result_stream(std::istream& in, const std::string& file, const ScenarioSink& sink,
                             ShardKey shard, const ReadLimits& limits = {});

}  // namespace drsim::reports::detail
