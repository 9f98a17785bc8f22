#include "reports/json_writer.hpp"

#include "reports/result_json.hpp"

namespace drsim::reports {
namespace {

// Pretty-printed with two-space indentation. Replaces rather than throws on invalid UTF-8: a bad
// byte in a name must not lose the report.
std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

void write_json(const RunResult& result, std::ostream& out) {
  write_json(result, nlohmann::ordered_json::object(), out);
}

void write_json(const RunResult& result, const nlohmann::ordered_json& extra, std::ostream& out) {
  // The header with an empty "scenarios" array, the last key, dumps as `..."scenarios": []\n}`;
  // the array is written in its place one scenario at a time, indented as dump() would, so the
  // bytes are those of to_json(result) while only one scenario's JSON is held at once.
  nlohmann::ordered_json head = run_header_to_json(result);
  for (const auto& [key, value] : extra.items()) head[key] = value;
  head["scenarios"] = nlohmann::ordered_json::array();
  std::string text = dump(head);
  if (result.scenarios.empty()) {
    out << text << "\n";
    return;
  }
  out << text.substr(0, text.size() - 4) << "[\n";
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) {
    // JSON strings hold no raw newline, so every newline starts a line to indent.
    const std::string scenario = dump(scenario_to_json(result.scenarios[i]));
    std::string indented = "    ";
    indented.reserve(scenario.size() + scenario.size() / 8);
    for (char c : scenario) {
      indented += c;
      if (c == '\n') indented += "    ";
    }
    out << indented << (i + 1 < result.scenarios.size() ? ",\n" : "\n");
  }
  out << "  ]\n}\n";
}

}  // namespace drsim::reports
