// `--min-p-met P` of `drsim simulate --trials` and `drsim merge`: a CI gate on the odds. The run is
// a finding (exit 1) also when some objective is met in fewer than P of the trials, whatever the
// nominal run says (docs/cli.md "Trials").
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "model/outcome.hpp"

namespace drsim::cli {

// The gate of one command: "simulate" or "merge", and P.
struct OddsGate {
  const char* command;
  double min;
};

// Parses P: a share, "0.95", or a percentage, "95%" (0 < P <= 1). Throws InputError located at
// --min-p-met (exit 2) for anything else.
double parse_min_p_met(const std::string& text);

// Writes the objectives of `run` met in fewer than gate.min of its trials to `err`, under a line
// naming the command — the first 20, then how many more; true if there was one.
bool odds_below_gate(const RunResult& run, const OddsGate& gate, std::ostream& err);

}  // namespace drsim::cli
