#include "reports/time_axis.hpp"

#include <algorithm>
#include <cmath>

#include "reports/report_model.hpp"

namespace drsim::reports {
namespace {

// Round steps people read without arithmetic: seconds, minutes, hours, days, then months.
double tick_step(double span) {
  static const double kSteps[] = {1,     2,     5,      10,     15,     30,     60,    120,
                                  300,   600,   900,    1800,   3600,   7200,   10800, 21600,
                                  43200, 86400, 172800, 432000, 864000, 2592000};
  for (double s : kSteps) {
    if (span / s <= 8) return s;
  }
  return std::ceil(span / 8 / 2592000) * 2592000;
}

}  // namespace

TimeAxis fit_time_axis(double last_s, std::optional<double> beyond_s,
                       const std::string& beyond_what) {
  TimeAxis axis;
  const double wanted = std::max(1.0, (std::isfinite(last_s) ? std::max(last_s, 0.0) : 0) * 1.05);
  const double step = tick_step(wanted);
  // The end is a round half step, so the plot keeps at least ~90 % of its width for what
  // happened; a hair over a half step (float noise) does not add another.
  const double half = step / 2;
  axis.end_s = std::ceil(wanted / half - 1e-9) * half;
  if (beyond_s && *beyond_s > axis.end_s) {
    axis.beyond_s = beyond_s;
    axis.beyond_label = duration_text(*beyond_s) + " (" + beyond_what + ")";
  } else if (beyond_s && *beyond_s > 0) {
    axis.end_s = std::min(axis.end_s, std::max(*beyond_s, last_s));
  }
  for (double i = 0; i * step <= axis.end_s + 1e-9; ++i) {
    axis.ticks.push_back({i * step, duration_text(i * step)});  // the last may end before end_s
  }
  return axis;
}

}  // namespace drsim::reports
