// The result JSON contract "drsim.result/1" (docs/result-format.md): a RunResult to JSON with a
// stable key order, and back again with strict checking. Reading refuses unknown and missing
// keys, wrong types and impossible values with located diagnostics, so a hand-edited or
// truncated result file never yields a silently wrong report.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/outcome.hpp"

namespace drsim::reports {

// The schema tag this version of drsim writes and accepts.
inline constexpr const char* kResultSchema = "drsim.result/1";

// An amount of money as written in result files: rounded to cents, an integer when whole.
nlohmann::ordered_json money(double amount);

// The keys of a compact scenario's "unaffected" (docs/result-format.md): "services", then
// "<kind>_<verdict>" for every objective kind and verdict, in the order of
// UnaffectedServices::verdicts ("rto_met", "rto_breached", ..., "rpo_missing_policy").
const std::vector<std::string>& unaffected_keys();

// Serialises a run with keys in contract order; whole-second values are written as integers.
nlohmann::ordered_json to_json(const RunResult& result);
// The two parts of to_json(): every top-level key but "scenarios" (which comes last), and one
// element of "scenarios". write_json() streams a run from them, one scenario at a time.
nlohmann::ordered_json run_header_to_json(const RunResult& result);
nlohmann::ordered_json scenario_to_json(const ScenarioResult& scenario);
// One scenario's JSON appended to `out` as it is built, without a document: dump()'s bytes for
// scenario_to_json(scenario), pretty (starting `indent` spaces in) or compact.
void write_scenario(const ScenarioResult& scenario, std::string& out, bool pretty, int indent);

// Reads a run from parsed JSON; `file` names it in diagnostics (located by JSON pointer).
// Throws InputError listing every problem found.
RunResult result_from_json(const nlohmann::json& json, const std::string& file);
RunResult result_from_json(const nlohmann::ordered_json& json, const std::string& file);

// Loads a result file in one streaming pass, a block at a time (any size; a scenario up to
// 1 GiB); diagnostics carry line, column and JSON pointer; empty, binary and malformed files get
// load_document()'s diagnostics. Throws InputError (exit 3) for any invalid file.
RunResult load_result(const std::string& path);
// The same a scenario at a time: each goes to `each` as soon as it is read, with the run's keys
// (its header: all there), and the run returned has no scenarios, so a result of any size is read
// in the memory of its largest scenario. A scenario handed on is valid, but a problem found later
// still throws at the end (then nothing built from the scenarios should be kept).
RunResult load_result(const std::string& path,
                      const std::function<void(const RunResult&, ScenarioResult&&)>& each);

}  // namespace drsim::reports
