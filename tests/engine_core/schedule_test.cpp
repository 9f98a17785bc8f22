// Run enumeration of engine/core/schedule.hpp: interval, weekly and monthly schedules on the
// model's calendar, time zones, and the calendar periods of GFS retention.
#include "engine/core/schedule.hpp"

#include <catch2/catch.hpp>

#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;
using engine::CalendarPeriod;

namespace {

model::Schedule weekly(int weekday, double at) {
  return calendar_schedule(model::ScheduleKind::kWeekly, weekday, at);
}

model::Schedule monthly(int day, double at) {
  return calendar_schedule(model::ScheduleKind::kMonthly, day, at);
}

// Simulation seconds of `date` at 00:00 under the default calendar (epoch Monday 2026-01-05).
double day_of(int year, int month, int day) {
  return static_cast<double>(model::days_from_civil({year, month, day}) - 20458) * kDay;
}

}  // namespace

TEST_CASE("engine::schedule: the default epoch is Monday 2026-01-05", "[engine][schedule]") {
  model::Calendar c;
  CHECK(model::days_from_civil({2026, 1, 5}) == c.epoch_day);
  CHECK(model::weekday_of(c.epoch_day) == 0);
  auto d = engine::local_date(c, 85 * kDay + 12 * kH);
  CHECK(d.year == 2026);
  CHECK(d.month == 3);
  CHECK(d.day == 31);
}

TEST_CASE("engine::schedule: interval runs are at + k x every, as before calendars",
          "[engine][schedule]") {
  model::Schedule s;
  s.every = kDay;
  s.at = 2 * kH;
  CHECK(engine::run_start(s, 3) == 3 * kDay + 2 * kH);
  CHECK(engine::newest_run_at_or_before(s, 1 * kH) == -1);
  CHECK(engine::newest_run_at_or_before(s, 2 * kDay + 2 * kH) == 2);
  CHECK(engine::first_run_at_or_after(s, 2 * kDay + 3 * kH) == 3);
  CHECK(engine::longest_gap(s) == kDay);
}

TEST_CASE("engine::schedule: weekly on sunday at 03:00 first runs on day 6", "[engine][schedule]") {
  auto s = weekly(6, 3 * kH);
  CHECK(engine::run_start(s, 0) == 6 * kDay + 3 * kH);
  CHECK(engine::run_start(s, 1) == 13 * kDay + 3 * kH);
  // Saturday of the second week, 12:00: the newest run is last Sunday's.
  CHECK(engine::newest_run_at_or_before(s, 12 * kDay + 12 * kH) == 0);
  CHECK(engine::longest_gap(s) == 7 * kDay);
}

TEST_CASE("engine::schedule: a schedule's own time zone moves its runs onto the calendar",
          "[engine][schedule]") {
  auto s = weekly(6, 3 * kH);
  s.utc_offset = 10 * kH;  // Sunday 03:00 in UTC+10:00 is Saturday 17:00 UTC
  CHECK(engine::run_start(s, 0) == 5 * kDay + 17 * kH);
  model::Schedule daily;
  daily.at = 2 * kH;
  daily.utc_offset = 10 * kH;  // 02:00 in UTC+10:00 is 16:00 UTC
  CHECK(engine::run_start(daily, 1) == kDay + 16 * kH);
}

TEST_CASE("engine::schedule: monthly on day 1 at 01:00 follows calendar months",
          "[engine][schedule]") {
  auto s = monthly(1, kH);
  // January 1st is before the epoch: run 0 is on February 1st.
  CHECK(engine::run_start(s, 0) == day_of(2026, 2, 1) + kH);
  CHECK(engine::run_start(s, 1) == day_of(2026, 3, 1) + kH);
  CHECK(engine::run_start(s, 1) - engine::run_start(s, 0) == 28 * kDay);
  CHECK(engine::newest_run_at_or_before(s, day_of(2026, 3, 31) + 12 * kH) == 1);
  CHECK(engine::newest_run_at_or_before(s, day_of(2026, 2, 1)) == -1);
  CHECK(engine::first_run_at_or_after(s, day_of(2026, 2, 2)) == 1);
  CHECK(engine::longest_gap(s) == 31 * kDay);
  CHECK_FALSE(engine::periodic(s));
}

TEST_CASE("engine::schedule: monthly on the last day runs on the 31st, the 28th, the 31st",
          "[engine][schedule]") {
  auto s = monthly(model::kLastDayOfMonth, 23 * kH);
  CHECK(engine::run_start(s, 0) == day_of(2026, 1, 31) + 23 * kH);
  CHECK(engine::run_start(s, 1) == day_of(2026, 2, 28) + 23 * kH);
  CHECK(engine::run_start(s, 2) == day_of(2026, 3, 31) + 23 * kH);
}

TEST_CASE("engine::schedule: calendar weeks start on Monday once the model has a calendar",
          "[engine][schedule]") {
  model::Schedule s;                                            // daily at 00:00
  s.calendar.epoch_day = model::days_from_civil({2026, 1, 1});  // a Thursday
  // Without `calendar:` weeks are the 7-day blocks from the epoch: run 4 (Monday) is not first.
  CHECK(engine::first_run_of_period(s, 4, CalendarPeriod::kWeek) == 0);
  CHECK(engine::first_run_of_period(s, 7, CalendarPeriod::kWeek) == 7);
  s.calendar.given = true;
  CHECK(engine::first_run_of_period(s, 3, CalendarPeriod::kWeek) == 0);  // Sunday Jan 4
  CHECK(engine::first_run_of_period(s, 4, CalendarPeriod::kWeek) == 4);  // Monday Jan 5
  CHECK(engine::first_run_of_period(s, 10, CalendarPeriod::kWeek) == 4);
  // Months: January 31st is not the first of its month; February 1st is.
  CHECK(engine::first_run_of_period(s, 30, CalendarPeriod::kMonth) == 0);
  CHECK(engine::first_run_of_period(s, 31, CalendarPeriod::kMonth) == 31);
  // monthly: 1 keeps the run of January 31st to February 28th, not 30 days.
  CHECK(engine::kept_for(s, 30, CalendarPeriod::kMonth, 1) == 28 * kDay);
  CHECK(engine::kept_for(s, 31, CalendarPeriod::kMonth, 1) == 28 * kDay);  // Feb 1 -> Mar 1
  s.calendar.given = false;
  CHECK(engine::kept_for(s, 31, CalendarPeriod::kMonth, 1) == 30 * kDay);
}
