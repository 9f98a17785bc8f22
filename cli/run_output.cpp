#include "cli/run_output.hpp"

#include <sstream>

#include "cli/run_summary.hpp"
#include "cli/simulation_text.hpp"
#include "model/errors.hpp"
#include "reports/json_writer.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {

int emit_run(const RunResult& run, bool all, const std::string& report_dir, const Output& output,
             Io io, const std::optional<OddsGate>& gate) {
  if (!report_dir.empty()) reports::write_reports(run, report_dir);
  if (output.json()) {
    emit(
        output, [&](std::ostream& out) { reports::write_json(run, out); }, io.out);
    // Standard output is the JSON document: say where the reports went on stderr.
    if (!report_dir.empty()) io.err << reports_line(report_dir);
  } else {
    std::ostringstream text;
    print_simulation(run, all, report_dir, text);
    emit(output, text.str(), io.out);
  }
  const bool short_odds = gate && odds_below_gate(run, *gate, io.err);
  return static_cast<int>(any_breached(run) || short_odds ? ExitCode::kFinding : ExitCode::kOk);
}

}  // namespace drsim::cli
