// The strict, streaming reader behind load_result() and result_from_json(). Result files of big
// sweeps are large (an --all run of 1,000 services is ~150 MB), so they are read in one pass
// straight into a RunResult: memory stays near the size of the result, not of a document tree.
// Every problem is collected (up to 50) and thrown at once as an InputError.
#pragma once

#include <cstddef>
#include <string>

#include "model/outcome.hpp"

namespace drsim::reports::detail {

// The largest result file read (1 GiB).
inline constexpr std::size_t kMaxResultBytes = std::size_t{1} << 30;

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

}  // namespace drsim::reports::detail
