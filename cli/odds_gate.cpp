#include "cli/odds_gate.hpp"

#include <cmath>
#include <cstdlib>

#include "model/diagnostic.hpp"
#include "model/printable.hpp"
#include "reports/report_model.hpp"

namespace drsim::cli {

double parse_min_p_met(const std::string& text) {
  const bool percent = !text.empty() && text.back() == '%';
  const std::string number = percent ? text.substr(0, text.size() - 1) : text;
  char* end = nullptr;
  double p = number.empty() ? NAN : std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size()) p = NAN;
  if (percent) p /= 100;
  if (!(p > 0 && p <= 1)) {
    DiagnosticList diags;
    diags.error(command_line_loc("--min-p-met"),
                "expected a share of the trials above 0 and at most 1 (0.95) or a percentage "
                "(95%), got '" +
                    printable(text) + "'",
                {"--min-p-met 0.95 makes the run a finding when an objective is met in fewer "
                 "than 95 % of the trials"});
    diags.throw_if_errors();
  }
  return p;
}

bool odds_below_gate(const RunResult& run, const OddsGate& gate, std::ostream& err) {
  const auto below = reports::odds_below(run, gate.min);
  if (below.empty()) return false;
  err << gate.command << ": met in fewer than " << reports::percent_text(gate.min)
      << " of the trials (--min-p-met):\n";
  for (const auto& line : below) err << "  " << line << "\n";
  return true;
}

}  // namespace drsim::cli
