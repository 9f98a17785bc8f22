// The time axes of the charts, decided with the rest of the report so the HTML only lays them
// out: how far an axis runs (fitted to what a chart shows, not to the scenario's horizon), where
// its ticks go and how they read ("0 s", "30 min", "1 h 30 min"), and where it breaks when the
// horizon lies far beyond what happened (a service not recovered by then).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace drsim::reports {

struct AxisTick {
  double at_s = 0;
  std::string label;  // the time with its unit: "0 s", "45 min", "1 h 30 min", "2 d"
};

struct TimeAxis {
  double end_s = 1;             // drawn to scale from 0 to here
  std::vector<AxisTick> ticks;  // from 0 at a round step up to end_s, at most 8 intervals
  // After a break, the one later time drawn (the horizon of a scenario where something was not
  // recovered); times between end_s and it are not to scale.
  std::optional<double> beyond_s;
  std::string beyond_label;  // "3 d (horizon)"
};

// An axis from 0 to the first half tick step at or past `last_s` plus 5 % (the last thing drawn,
// seconds; at least 1 s). With `beyond_s` later than that, the axis breaks and ends at `beyond_s`,
// labelled "<time> (<beyond_what>)"; an earlier `beyond_s` simply ends the axis there.
TimeAxis fit_time_axis(double last_s, std::optional<double> beyond_s = std::nullopt,
                       const std::string& beyond_what = "horizon");

}  // namespace drsim::reports
