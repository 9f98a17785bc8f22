// The JSON report: the "drsim.result/1" contract itself (reports/result_json.hpp), pretty
// printed with two-space indentation (a compact result: without spaces, a scenario a line) and a
// final newline.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "model/outcome.hpp"

namespace drsim::reports {

// How a run's JSON is laid out: pretty-printed (write_json()), or compact — no spaces, each
// scenario on a line of its own, for big sweeps (`simulate --compact`, which also leaves the
// unaffected services out of the results).
enum class JsonLayout { kPretty, kCompact };

// Writes one result as "drsim.result/1" JSON, byte for byte to_json(result) pretty-printed (a
// compact result, layout_of(), in the compact layout), streamed one scenario at a time (memory
// grows with the largest scenario, not the run); deterministic for a given result.
void write_json(const RunResult& result, std::ostream& out);
// The same with the keys of `extra` after the header, before "scenarios" (a shard's "shard"
// object, reports/shard_json.hpp).
void write_json(const RunResult& result, const nlohmann::ordered_json& extra, std::ostream& out);

// kCompact for a compact result (a scenario with unaffected services counted, not listed).
JsonLayout layout_of(const RunResult& result);

// write_json() for a run whose scenarios come one at a time (simulate_each(), a big sweep): the
// header when constructed, each scenario as add() gets it, the closing brackets at finish(); the
// bytes are write_json()'s for the whole run in the same layout.
class JsonRunWriter {
 public:
  // `header`: the run without its scenarios (any it holds are not written).
  JsonRunWriter(const RunResult& header, const nlohmann::ordered_json& extra, std::ostream& out,
                JsonLayout layout = JsonLayout::kPretty);
  // A scenario's text as add() writes it; safe to call on several threads at once.
  static std::string scenario_text(const ScenarioResult& scenario,
                                   JsonLayout layout = JsonLayout::kPretty);
  void add(const std::string& scenario_text);
  void finish();
  JsonLayout layout() const { return layout_; }

 private:
  std::ostream& out_;
  JsonLayout layout_;
  std::string head_;  // the header's text, with an empty "scenarios" list last
  bool any_ = false;
};

}  // namespace drsim::reports
