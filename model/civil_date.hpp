// Dates of the proleptic Gregorian calendar as day numbers, for the model's calendar
// (`calendar: {epoch: 2026-01-05}`) and the schedule rules of engine/core/schedule.hpp.
// Day 0 is 1970-01-01, a Thursday.
#pragma once

namespace drsim::model {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days since 1970-01-01 of `d` (negative before it).
long long days_from_civil(const CivilDate& d);
// The date `days` days after 1970-01-01.
CivilDate civil_from_days(long long days);
// 0 = Monday ... 6 = Sunday of the date `days` days after 1970-01-01.
int weekday_of(long long days);
// Days in `month` (1..12) of `year`.
int days_in_month(int year, int month);

}  // namespace drsim::model
