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

JsonLayout layout_of(const RunResult& result) {
  for (const auto& s : result.scenarios) {
    if (s.unaffected) return JsonLayout::kCompact;
  }
  return JsonLayout::kPretty;
}

void write_json(const RunResult& result, const nlohmann::ordered_json& extra, std::ostream& out) {
  const JsonLayout layout = layout_of(result);
  JsonRunWriter writer(result, extra, out, layout);
  for (const auto& s : result.scenarios) writer.add(JsonRunWriter::scenario_text(s, layout));
  writer.finish();
}

JsonRunWriter::JsonRunWriter(const RunResult& header, const nlohmann::ordered_json& extra,
                             std::ostream& out, JsonLayout layout)
    : out_(out), layout_(layout) {
  // The header with an empty "scenarios" list, the last key, dumps as `..."scenarios": []\n}`
  // (compact: `..."scenarios":[]}`); the list is written in its place one scenario at a time,
  // pretty indented as dump() would, so the bytes are those of to_json(result) while only one
  // scenario's JSON is held at once.
  nlohmann::ordered_json head = run_header_to_json(header);
  for (const auto& [key, value] : extra.items()) head[key] = value;
  head["scenarios"] = nlohmann::ordered_json::array();
  head_ = layout == JsonLayout::kPretty
              ? dump(head)
              : head.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string JsonRunWriter::scenario_text(const ScenarioResult& scenario, JsonLayout layout) {
  // Pretty: indented as an element of the run's "scenarios" list, four spaces in.
  const bool pretty = layout == JsonLayout::kPretty;
  std::string text = pretty ? "    " : "";
  write_scenario(scenario, text, pretty, pretty ? 4 : 0);
  return text;
}

void JsonRunWriter::add(const std::string& scenario_text) {
  const std::size_t tail = layout_ == JsonLayout::kPretty ? 4 : 3;  // "[]\n}" or "[]}"
  if (!any_) {
    out_ << head_.substr(0, head_.size() - tail) << "[\n";
    any_ = true;
  } else {
    out_ << ",\n";
  }
  out_ << scenario_text;
}

void JsonRunWriter::finish() {
  if (!any_) {
    out_ << head_ << "\n";
  } else {
    out_ << (layout_ == JsonLayout::kPretty ? "\n  ]\n}\n" : "\n]}\n");
  }
}

}  // namespace drsim::reports
