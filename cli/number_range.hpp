// Range checks for numeric options that say what the number must be: "--trials: expected a whole
// number from 1 to 1000000, got '2.5'", where CLI::Range says "Value 2.5 not in range 1 to
// 1000000" of a fraction and of a word alike.
#pragma once

#include <CLI/CLI.hpp>

namespace drsim::cli {

// A whole number from `lo` to `hi` (decimal digits, an optional sign; nothing else).
CLI::Validator whole_number_range(long long lo, long long hi);
// A finite number from `lo` to `hi`.
CLI::Validator number_range(double lo, double hi);

}  // namespace drsim::cli
