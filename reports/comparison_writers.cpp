#include "reports/comparison_writers.hpp"

#include <cmath>

#include "model/printable.hpp"
#include "reports/escape.hpp"
#include "reports/html_page.hpp"
#include "reports/report_model.hpp"
#include "reports/result_json.hpp"
#include "reports/text_table.hpp"

namespace drsim::reports {
namespace {

using J = nlohmann::ordered_json;

// Rounded to `scale` steps per unit (1000: milliseconds) so that the last bits of a
// floating-point solve never reach a file; whole values are integers.
J rounded(double v, double scale) {
  const double r = std::round(v * scale) / scale;
  if (std::floor(r) == r && std::fabs(r) < 1e15) return static_cast<long long>(r);
  return r;
}

J rounded(const std::optional<double>& v, double scale) {
  return v ? rounded(*v, scale) : J(nullptr);
}

J availability_json(const engine::OutageAvailability& a) {
  return J{{"availability", rounded(a.availability, 1e9)},
           {"downtime_s_per_year", rounded(a.downtime_s_per_year, 1e3)},
           {"data_loss_s_per_year", rounded(a.data_loss_s_per_year, 1e3)},
           {"markov_states", a.states}};
}

std::string verdict_word(const CompareCell& c) { return verdict_text(c.verdict); }

const char* kCompareStyle = "tr.choice td{background:#eef7f3;font-weight:600}";

}  // namespace

void write_compare_text(const CompareReport& report, std::ostream& out) {
  out << printable(report.title) << "\n"
      << plural(report.scenario_count, "scenario", "scenarios") << ", costs in " << report.currency
      << "\n\n";
  TextTable s({"SCENARIO", "DESIGN", "RTO", "RPO", "VERDICT", "FREQUENCY", "OUTAGE COST"});
  for (const auto& row : report.scenarios) {
    for (const auto& c : row.cells) {
      s.add({row.id, c.design, c.rto, c.rpo, verdict_word(c), c.frequency, c.outage_cost});
    }
  }
  s.print(out);
  out << "\n";
  TextTable d({"RANK", "DESIGN", "OBJECTIVES", "AVAILABILITY", "DOWNTIME/YEAR", "DATA LOSS/YEAR",
               "RUNNING/YEAR", "EXPECTED LOSS/YEAR", "TOTAL/YEAR"});
  for (const auto& r : report.designs) {
    d.add({std::to_string(r.rank), r.name, r.objectives, r.availability, r.downtime, r.data_loss,
           r.running, r.expected_loss, r.total});
  }
  d.print(out);
  out << "\n" << printable(report.conclusion) << "\n";
  if (report.assumed_frequencies) {
    out << "frequencies marked (assumed) are documented defaults (docs/model-format.md, "
           "\"Likelihoods\"); set them under likelihoods: in the model\n";
  }
}

J compare_to_json(const engine::Comparison& c, const CompareReport& report,
                  const CompareRunInfo& info) {
  J designs = J::array();
  for (std::size_t i = 0; i < c.designs.size(); ++i) {
    const engine::DesignEvaluation& d = c.designs[i];
    std::size_t rank = 0;
    for (std::size_t r = 0; r < c.ranking.size(); ++r) {
      if (c.ranking[r] == i) rank = r + 1;
    }
    J scenarios = J::array();
    for (const auto& s : d.scenarios) {
      scenarios.push_back(J{{"id", s.scenario},
                            {"down", s.down},
                            {"rto_s", rounded(s.rto_s, 1e3)},
                            {"rpo_s", rounded(s.rpo_s, 1e3)},
                            {"objectives_met", s.met},
                            {"objectives_breached", s.breached},
                            {"annual_frequency", s.cost.annual_frequency},
                            {"frequency_assumed", s.cost.frequency_assumed},
                            {"outage_cost", money(s.cost.total())}});
    }
    J services = J::array();
    for (const auto& s : d.services) {
      J one = {{"id", s.service}};
      one.update(availability_json(s.availability));
      services.push_back(std::move(one));
    }
    J design = {{"name", d.name},
                {"source", d.source},
                {"rank", rank},
                {"meets_all", d.meets_all()},
                {"objectives_met", d.met},
                {"objectives_breached", d.breached}};
    design.update(availability_json(d.availability));
    design["running_cost_annual"] = money(d.running_annual);
    design["expected_loss_annual"] = money(d.expected_loss_annual);
    design["total_annual"] = money(d.total_annual());
    design["services"] = std::move(services);
    design["scenarios"] = std::move(scenarios);
    designs.push_back(std::move(design));
  }
  J choice = report.any_meets ? J(report.designs.front().name) : J(nullptr);
  J closest =
      !report.any_meets && !report.designs.empty() ? J(report.designs.front().name) : J(nullptr);
  return J{{"schema", kCompareSchema},
           {"tool_version", info.tool_version},
           {"generated_at", info.generated_at},
           {"seed", info.seed},
           {"currency", c.currency},
           {"choice", choice},
           {"closest", closest},
           {"conclusion", report.conclusion},
           {"designs", std::move(designs)}};
}

void write_compare_html(const CompareReport& report, const CompareRunInfo& info,
                        std::ostream& out) {
  auto esc = [](const std::string& s) { return xml_escape(s); };
  write_html_head(report.title, out, kCompareStyle);
  out << "<header><h1>" << esc(report.title) << "</h1>\n<p class=\"status"
      << (report.any_meets ? "" : " bad") << "\"><strong>" << (report.any_meets ? "✓ " : "✗ ")
      << esc(report.conclusion) << "</strong></p>\n"
      << "<p class=\"meta\">" << plural(report.scenario_count, "scenario", "scenarios")
      << "; costs in " << esc(report.currency) << " a year; tool " << esc(info.tool_version)
      << ", seed " << info.seed << ", run "
      << esc(info.generated_at.empty() ? "not recorded" : info.generated_at) << ".</p></header>\n";
  out << "<section id=\"ranking\"><h2>Designs, best first</h2>\n<table><thead><tr><th>Rank</th>"
         "<th>Design</th><th>Source</th><th>Objectives</th><th>Availability</th>"
         "<th>Downtime / year</th><th>Data loss / year</th><th>Running / year</th>"
         "<th>Expected loss / year</th><th>Total / year</th></tr></thead><tbody>\n";
  for (const auto& d : report.designs) {
    const bool choice = d.rank == 1 && report.any_meets;
    out << "<tr" << (choice ? " class=\"choice\"" : "") << "><td class=\"num\">" << d.rank
        << "</td><td>" << esc(d.name) << "</td><td>" << esc(d.source) << "</td><td class=\""
        << (d.meets_all ? "verdict v-met\">✓ " : "verdict v-breached\">✗ ") << esc(d.objectives)
        << "</td><td class=\"num\">" << esc(d.availability) << "</td><td class=\"num\">"
        << esc(d.downtime) << "</td><td class=\"num\">" << esc(d.data_loss)
        << "</td><td class=\"num\">" << esc(d.running) << "</td><td class=\"num\">"
        << esc(d.expected_loss) << "</td><td class=\"num\">" << esc(d.total) << "</td></tr>\n";
  }
  out << "</tbody></table></section>\n";
  out << "<section id=\"scenarios\"><h2>Scenarios by design</h2>\n<table><thead><tr>"
         "<th>Scenario</th><th>Design</th><th>RTO</th><th>RPO</th><th>Verdict</th>"
         "<th>Frequency</th><th>Outage cost</th></tr></thead><tbody>\n";
  for (const auto& row : report.scenarios) {
    for (const auto& c : row.cells) {
      const bool met = c.verdict == Verdict::kMet;
      out << "<tr><td class=\"id\">" << esc(row.id) << "</td><td>" << esc(c.design)
          << "</td><td class=\"num\">" << esc(c.rto) << "</td><td class=\"num\">" << esc(c.rpo)
          << "</td><td class=\"verdict " << (met ? "v-met" : "v-breached") << "\">"
          << verdict_symbol(c.verdict) << " " << esc(verdict_word(c)) << "</td><td>"
          << esc(c.frequency) << "</td><td class=\"num\">" << esc(c.outage_cost) << "</td></tr>\n";
    }
  }
  out << "</tbody></table></section>\n<footer>Generated by drsim " << esc(info.tool_version)
      << ". Self-contained: no scripts, fonts or images are loaded. Availability from a Markov "
         "chain of each design's simulated outages; frequencies marked (assumed) are documented "
         "defaults. Ranking rule: docs/compare.md.</footer>\n</body></html>\n";
}

}  // namespace drsim::reports
