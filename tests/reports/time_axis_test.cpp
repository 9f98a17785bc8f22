#include "reports/time_axis.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using drsim::reports::fit_time_axis;
using drsim::reports::TimeAxis;

namespace {

std::vector<std::string> labels(const TimeAxis& axis) {
  std::vector<std::string> out;
  for (const auto& t : axis.ticks) out.push_back(t.label);
  return out;
}

}  // namespace

TEST_CASE("reports::fit_time_axis: runs a little past the last thing drawn, ticks with units",
          "[reports]") {
  // A 50 min recovery: 52.5 min, at 10 min ticks, to the next 5 min.
  TimeAxis a = fit_time_axis(3000);
  CHECK(a.end_s == 3300);
  CHECK(labels(a) ==
        std::vector<std::string>{"0 s", "10 min", "20 min", "30 min", "40 min", "50 min"});
  CHECK_FALSE(a.beyond_s);
  CHECK(a.beyond_label.empty());
  // Whole hours and days read as such.
  CHECK(labels(fit_time_axis(4 * 3600)) ==
        std::vector<std::string>{"0 s", "1 h", "2 h", "3 h", "4 h"});
  CHECK(labels(fit_time_axis(6 * 86400)).back() == "6 d");
}

TEST_CASE("reports::fit_time_axis: breaks before a horizon far beyond what happened", "[reports]") {
  TimeAxis a = fit_time_axis(3000, 604800);
  CHECK(a.end_s == 3300);
  REQUIRE(a.beyond_s);
  CHECK(*a.beyond_s == 604800);
  CHECK(a.beyond_label == "7 d (horizon)");
  CHECK(fit_time_axis(3000, 604800, "end of drill").beyond_label == "7 d (end of drill)");
  // A horizon within the margin ends the axis there: nothing to break.
  TimeAxis near = fit_time_axis(3000, 3100);
  CHECK(near.end_s == 3100);
  CHECK_FALSE(near.beyond_s);
  CHECK(labels(near).back() == "50 min");
}

TEST_CASE("reports::fit_time_axis: a drill's second-long steps get a second-long axis",
          "[reports]") {
  TimeAxis a = fit_time_axis(1.4);
  CHECK(a.end_s == 1.5);
  CHECK(labels(a) == std::vector<std::string>{"0 s", "1 s"});
  // Nothing drawn, or nonsense, still gives a usable axis of one second.
  CHECK(fit_time_axis(0).end_s == 1);
  CHECK(fit_time_axis(-5).end_s == 1);
  CHECK(labels(fit_time_axis(0)) == std::vector<std::string>{"0 s", "1 s"});
}
