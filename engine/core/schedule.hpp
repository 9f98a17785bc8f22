// When backups run: the one place that turns a model::Schedule into run start times, and that
// knows which calendar day, week and month a time falls in. recovery_points.cpp (the RPO rule,
// GFS retention) and analytic.cpp (the sweep period) ask these functions instead of assuming
// `at + k * every`.
//
// Specification. Times are seconds since the simulation epoch; runs are numbered k = 0, 1, ...
// from the first start at or after the epoch.
//  * Calendar: second 0 is 00:00 of Calendar::epoch_day in the calendar's time zone, a fixed UTC
//    offset (daylight saving time is not modelled), so a calendar day is exactly 86,400 s and
//    day d of the simulation is local date epoch_day + d. Default: Monday 2026-01-05, UTC.
//  * kInterval ("every 15 min", "daily at 02:00", "hourly at :15"): run k starts at
//    at + k * every. A schedule with its own time zone (`daily at 02:00 in UTC+10:00`) has `at`
//    moved by (calendar offset - schedule offset) and brought back into [0, every).
//  * kWeekly ("weekly on sunday at 03:00"): the first local `weekday` at `at` (in the schedule's
//    zone) at or after the epoch, then every 7 days.
//  * kMonthly ("monthly on day 1 at 01:00", day 1..28 or `last`): that day of every calendar
//    month at `at`; run 0 is in the epoch's month if it starts at or after the epoch, else in the
//    next. Gaps are 28 to 31 days: the schedule is not periodic.
//  * Calendar periods for GFS retention ("the first run of its day / week / month"): days are
//    epoch days. When the schedule uses the calendar (a `calendar:` section in the model, or a
//    weekly or monthly schedule), weeks start on Monday and months are calendar months, and
//    `monthly: N` keeps a run until the same day and time N months later (clamped to the month's
//    last day). Otherwise (models as before calendars existed) weeks are the 7-day blocks from
//    the epoch and months the 30-day blocks from the epoch, and `monthly: N` keeps N x 30 days.
//  * Boundaries: a time within 1 microsecond after a start counts as at the start.
#pragma once

#include "model/civil_date.hpp"
#include "model/model.hpp"

namespace drsim::engine {

using model::civil_from_days;
using model::CivilDate;
using model::days_from_civil;
using model::days_in_month;
using model::weekday_of;

// The local date of simulation time `t` (s since epoch) under `calendar`.
CivilDate local_date(const model::Calendar& calendar, double t);

// Start (s since epoch) of run k >= 0 of `s`.
double run_start(const model::Schedule& s, long long k);

// The newest run whose start is at or before `t`; negative when there is none yet.
long long newest_run_at_or_before(const model::Schedule& s, double t);

// The oldest run whose start is at or after `t` (0 when `t` is before the first run).
long long first_run_at_or_after(const model::Schedule& s, double t);

// The longest time between two consecutive starts: `every`, or 31 days for monthly schedules.
double longest_gap(const model::Schedule& s);

// True if `s` runs at a fixed interval (interval and weekly kinds), so its runs repeat with
// period longest_gap(s); monthly schedules do not.
bool periodic(const model::Schedule& s);

// True if GFS retention of `s` uses calendar weeks (from Monday) and calendar months.
bool uses_calendar(const model::Schedule& s);

enum class CalendarPeriod { kDay, kWeek, kMonth };

// Start (s since epoch) of the day, week or month (see above) that holds time `t`.
double period_start(const model::Schedule& s, double t, CalendarPeriod p);

// The first run of the day, week or month that holds run k (at most k).
long long first_run_of_period(const model::Schedule& s, long long k, CalendarPeriod p);

// Seconds `count` days, weeks or months keep run k: count x 86,400 s, count x 7 d, and for
// months count x 30 d, or up to the same date `count` calendar months later (uses_calendar).
double kept_for(const model::Schedule& s, long long k, CalendarPeriod p, int count);

}  // namespace drsim::engine
