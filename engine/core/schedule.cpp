#include "engine/core/schedule.hpp"

#include <algorithm>
#include <cmath>

namespace drsim::engine {
namespace {

constexpr double kDay = 86400;
constexpr double kWeek = 7 * kDay;
constexpr double kMonth30 = 30 * kDay;
// Slack when a time lands exactly on a schedule boundary (see the header).
constexpr double kEps = 1e-6;

double floor_mod(double x, double m) {
  double r = std::fmod(x, m);
  return r < 0 ? r + m : r;
}

double every_of(const model::Schedule& s) { return s.every > 0 ? s.every : kDay; }

// Seconds to add to a time of day written in the schedule's zone to get calendar time.
double zone_shift(const model::Schedule& s) {
  return s.utc_offset ? s.calendar.utc_offset - *s.utc_offset : 0;
}

// kInterval and kWeekly: the first start, in [0, every) once a zone or weekday moves it.
double first_start(const model::Schedule& s) {
  if (s.kind == model::ScheduleKind::kWeekly) {
    const int epoch_weekday = weekday_of(s.calendar.epoch_day);
    return floor_mod((s.weekday - epoch_weekday) * kDay + s.at + zone_shift(s), kWeek);
  }
  if (!s.utc_offset) return s.at;
  return floor_mod(s.at + zone_shift(s), every_of(s));
}

CivilDate add_months(const CivilDate& d, long long months) {
  const long long index = d.year * 12LL + (d.month - 1) + months;
  const long long year = index >= 0 ? index / 12 : (index - 11) / 12;
  CivilDate out;
  out.year = static_cast<int>(year);
  out.month = static_cast<int>(index - year * 12) + 1;
  out.day = std::min(d.day, days_in_month(out.year, out.month));
  return out;
}

// Monthly schedules: the start in the month `j` months after the epoch's month.
double monthly_start(const model::Schedule& s, long long j) {
  CivilDate month = add_months(civil_from_days(s.calendar.epoch_day), j);
  month.day = s.month_day == model::kLastDayOfMonth ? days_in_month(month.year, month.month)
                                                    : std::min(s.month_day, 28);
  return static_cast<double>(days_from_civil(month) - s.calendar.epoch_day) * kDay + s.at +
         zone_shift(s);
}

// Monthly schedules: months after the epoch's month of run 0 (0 or 1).
long long monthly_first(const model::Schedule& s) { return monthly_start(s, 0) < 0 ? 1 : 0; }

// Months from the epoch's month to the local month of `t`.
long long month_index(const model::Calendar& c, double t) {
  CivilDate e = civil_from_days(c.epoch_day), d = local_date(c, t);
  return (d.year - e.year) * 12LL + (d.month - e.month);
}

}  // namespace

CivilDate local_date(const model::Calendar& calendar, double t) {
  return civil_from_days(calendar.epoch_day +
                         static_cast<long long>(std::floor((t + kEps) / kDay)));
}

double run_start(const model::Schedule& s, long long k) {
  if (s.kind == model::ScheduleKind::kMonthly) return monthly_start(s, monthly_first(s) + k);
  const double every = s.kind == model::ScheduleKind::kWeekly ? kWeek : every_of(s);
  return first_start(s) + static_cast<double>(k) * every;
}

long long newest_run_at_or_before(const model::Schedule& s, double t) {
  if (s.kind == model::ScheduleKind::kMonthly) {
    // The run of the month holding `t`, else of the month before (the zone shift may move a
    // run across a month boundary, hence one month either side).
    const long long first = monthly_first(s);
    for (long long j = month_index(s.calendar, t) + 1;; --j) {
      if (j < first) return -1;
      if (monthly_start(s, j) <= t + kEps) return j - first;
    }
  }
  const double every = s.kind == model::ScheduleKind::kWeekly ? kWeek : every_of(s);
  return static_cast<long long>(std::floor((t - first_start(s) + kEps) / every));
}

long long first_run_at_or_after(const model::Schedule& s, double t) {
  if (s.kind == model::ScheduleKind::kMonthly) {
    return std::max(0LL, newest_run_at_or_before(s, t - 2 * kEps) + 1);
  }
  const double every = s.kind == model::ScheduleKind::kWeekly ? kWeek : every_of(s);
  return std::max(0LL, static_cast<long long>(std::ceil((t - first_start(s) - kEps) / every)));
}

double longest_gap(const model::Schedule& s) {
  switch (s.kind) {
    case model::ScheduleKind::kWeekly:
      return kWeek;
    case model::ScheduleKind::kMonthly:
      return 31 * kDay;
    case model::ScheduleKind::kInterval:
      break;
  }
  return every_of(s);
}

bool periodic(const model::Schedule& s) { return s.kind != model::ScheduleKind::kMonthly; }

bool uses_calendar(const model::Schedule& s) {
  return s.calendar.given || s.kind != model::ScheduleKind::kInterval;
}

double period_start(const model::Schedule& s, double t, CalendarPeriod p) {
  const bool calendar = uses_calendar(s);
  switch (p) {
    case CalendarPeriod::kDay:
      return std::floor((t + kEps) / kDay) * kDay;
    case CalendarPeriod::kWeek: {
      if (!calendar) return std::floor((t + kEps) / kWeek) * kWeek;
      const auto day = static_cast<long long>(std::floor((t + kEps) / kDay));
      return static_cast<double>(day - weekday_of(s.calendar.epoch_day + day)) * kDay;
    }
    case CalendarPeriod::kMonth: {
      if (!calendar) return std::floor((t + kEps) / kMonth30) * kMonth30;
      CivilDate d = local_date(s.calendar, t);
      d.day = 1;
      return static_cast<double>(days_from_civil(d) - s.calendar.epoch_day) * kDay;
    }
  }
  return 0;
}

long long first_run_of_period(const model::Schedule& s, long long k, CalendarPeriod p) {
  return std::clamp(first_run_at_or_after(s, period_start(s, run_start(s, k), p)), 0LL, k);
}

double kept_for(const model::Schedule& s, long long k, CalendarPeriod p, int count) {
  switch (p) {
    case CalendarPeriod::kDay:
      return count * kDay;
    case CalendarPeriod::kWeek:
      return count * kWeek;
    case CalendarPeriod::kMonth:
      break;
  }
  if (!uses_calendar(s)) return count * kMonth30;
  const double start = run_start(s, k);
  const double day_start = std::floor((start + kEps) / kDay) * kDay;
  const CivilDate later = add_months(local_date(s.calendar, start), count);
  return static_cast<double>(days_from_civil(later) - s.calendar.epoch_day) * kDay +
         (start - day_start) - start;
}

}  // namespace drsim::engine
