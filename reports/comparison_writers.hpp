// Layouts of a design comparison (reports/comparison_report.hpp): a plain-text table for the
// terminal, the "drsim.compare/1" JSON (docs/compare.md) and one self-contained HTML page.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "engine/core/comparison.hpp"
#include "reports/comparison_report.hpp"

namespace drsim::reports {

// The schema tag of comparison JSON.
inline constexpr const char* kCompareSchema = "drsim.compare/1";

// Who ran the comparison and when, for the JSON and the page.
struct CompareRunInfo {
  std::string tool_version;
  std::string generated_at;  // ISO 8601 UTC
  long long seed = 0;
};

// Scenario x design rows, the ranked designs, the conclusion.
void write_compare_text(const CompareReport& report, std::ostream& out);

// Every figure with full precision (availability to 1e-9, seconds to 1 ms, money to cents) and
// the worded conclusion; designs in the order given, each with its rank.
nlohmann::ordered_json compare_to_json(const engine::Comparison& c, const CompareReport& report,
                                       const CompareRunInfo& info);

// One HTML page (no scripts or external assets, the CSP of reports/html_page.hpp).
void write_compare_html(const CompareReport& report, const CompareRunInfo& info, std::ostream& out);

}  // namespace drsim::reports
