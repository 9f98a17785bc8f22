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
  // A big estate can have thousands: the first ones say enough, the result file has every one.
  constexpr std::size_t kListed = 20;
  for (std::size_t i = 0; i < below.size() && i < kListed; ++i) err << "  " << below[i] << "\n";
  if (below.size() > kListed) {
    err << "  ... and " << below.size() - kListed
        << " more: -f json writes every objective's odds (trials.objectives of each service)\n";
  }
  return true;
}

}  // namespace drsim::cli
