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

// Reads a result from JSON text named `file`. `located`: the text is the file as the user has
// it, so diagnostics carry line and column (and syntax, emptiness and binary content are worded
// by load_document()); otherwise they carry only the JSON pointer.
RunResult read_result_text(const std::string& text, const std::string& file, bool located);

}  // namespace drsim::reports::detail
