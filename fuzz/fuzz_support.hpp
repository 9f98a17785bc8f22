// What every drsim libFuzzer harness shares: the input as text, and the one rule that decides a
// finding. A drsim error (drsim::Error: a located InputError, a UsageError, ...) is the correct
// answer to hostile input; anything else — a signal, a sanitizer report, another exception, a
// hang, memory past the -rss_limit_mb cap — is a defect, and libFuzzer stops on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/errors.hpp"

namespace drsim::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs `f`; drsim's own errors are expected answers, everything else escapes to libFuzzer.
template <typename F>
int expect_answer_or_error(F&& f) {
  try {
    f();
  } catch (const drsim::Error&) {
  }
  return 0;
}

}  // namespace drsim::fuzz
