// The JSON report: the "drsim.result/1" contract itself (reports/result_json.hpp), pretty
// printed with two-space indentation and a final newline.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "model/outcome.hpp"

namespace drsim::reports {

// Writes one result as "drsim.result/1" JSON, byte for byte to_json(result) pretty-printed,
// streamed one scenario at a time (memory grows with the largest scenario, not the run);
// deterministic for a given result.
void write_json(const RunResult& result, std::ostream& out);
// The same with the keys of `extra` after the header, before "scenarios" (a shard's "shard"
// object, reports/shard_json.hpp).
void write_json(const RunResult& result, const nlohmann::ordered_json& extra, std::ostream& out);

}  // namespace drsim::reports
