// A private, exact wire format for one ScenarioResult, used to bring results back from the child
// process that simulated them (simulator.cpp). Doubles travel as hex floats so that a result read
// back is bit-for-bit the one written; this is not a file format (reports/ owns the JSON).
#pragma once

#include <string>

#include "engine/sim/scenario_sim.hpp"
#include "model/outcome.hpp"

namespace drsim::engine::sim {

// Serialises `r` and the run's counters; decode_result(encode_result(r)) == r field by field.
std::string encode_result(const ScenarioResult& r, const SimStats& stats);
// Reads what encode_result() wrote; throws InternalError on a malformed buffer.
ScenarioResult decode_result(const std::string& bytes, SimStats* stats);

}  // namespace drsim::engine::sim
