// Quantities with units in their text: durations ("15 min", "1 h 30 min"), sizes ("2 TiB"),
// bandwidths ("10 Gbps", "200 MB/s") and write rates ("2 MB/s", "50 GB/d"). Parsing is strict:
// a number, then a known unit (a space between them is optional: "5 s" and "5s" are the same),
// nothing else; an unknown unit gets a did-you-mean. Values are SI base units as double.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drsim::units {

// One year in seconds (365.25 days): frequencies, running costs and availability count in it.
constexpr double kYear = 365.25 * 86400;

// The bounds every input obeys (docs/model-format.md, "Bounds"), whatever file or option it
// comes from: sizes up to 1 EB; bandwidths and data rates up to 1 PB/s; fault times, horizons
// and every duration of a simulation up to 3650 days (each field may allow less); a result file's
// seconds up to twice that (a fault at the last day plus the longest horizon).
constexpr double kMaxBytes = 1e18;
constexpr double kMaxBytesPerSecond = 1e15;
constexpr double kMaxSimulatedSeconds = 3650 * 86400.0;
constexpr double kMaxResultSeconds = 2 * kMaxSimulatedSeconds;

// Outcome of parsing one quantity: either ok with `value`, or an error and a hint for the user.
struct Parsed {
  bool ok = false;
  double value = 0;
  std::string error;
  std::vector<std::string> hints;  // each one `hint:` line
};

// Duration in seconds; accepts ms, s, min, h, d, w, their words (sec, seconds, minutes, hr,
// hours, day, weeks, ...) and sums of them ("1 h 30 min", "1h30min").
Parsed parse_duration(std::string_view text);
// Size in bytes; B, kB/KB, MB, GB, TB, PB (powers of 1000) and KiB, MiB, GiB, TiB, PiB.
Parsed parse_bytes(std::string_view text);
// Bandwidth in bytes per second; bps, Kbps, Mbps, Gbps, Tbps (bits) or B/s, MB/s, GiB/s (bytes).
Parsed parse_bandwidth(std::string_view text);
// Data rate in bytes per second; a size per unit of time ("2 MB/s", "50 GB/d", "1 GiB/h").
Parsed parse_rate(std::string_view text);
// Time of day "HH:MM" (or "HH:MM:SS") as seconds after midnight.
Parsed parse_time_of_day(std::string_view text);
// A fixed time zone "UTC", "UTC+10:00" or "UTC-05:30" as seconds east of UTC (-12:00 to +14:00).
// Zone names such as "Europe/Berlin" are refused: daylight saving time is not modelled.
Parsed parse_utc_offset(std::string_view text);
// A date "YYYY-MM-DD" from 1970-01-01 to 2199-12-31 as days since 1970-01-01.
Parsed parse_date(std::string_view text);
// How often something happens, as events per year: "<count> per [<n>] <period>" with period
// year(s), month(s) (1/12 year), week(s) or day(s) (a year is 365.25 days): "1 per 2 years" is
// 0.5, "4 per year" is 4. The count is 0 or more, the period above 0.
Parsed parse_frequency(std::string_view text);
// An amount of money: "<number>", "<number> <CUR>" or "<number> <CUR>/<per>", where CUR must be
// `currency` and `per` (when not empty) the period the amount is for ("month", "h"): "1200",
// "1200 EUR", "1200 EUR/month". 0 or more.
Parsed parse_money(std::string_view text, const std::string& currency, const std::string& per);

// The unit names the parsers accept, in the order hints list them (the JSON Schema's patterns
// must accept the same: tests/model/units_test.cpp).
std::vector<std::string> duration_unit_names();
std::vector<std::string> size_unit_names();
std::vector<std::string> bit_rate_unit_names();

// "0 s", "90 s", "51 min 30 s", "24 h 10 min", "3 d 2 h"; rounds to whole seconds.
std::string format_duration(double seconds);
// A measured duration to the millisecond, as drills report it: "7.010 s"; "none" when nothing
// was measured (a restore never writable, an RPO not measured).
std::string format_measured(std::optional<double> seconds);
// "500 GB", "1.5 TB", "0 B" (decimal units, at most 3 significant figures after the point).
std::string format_bytes(double bytes);
// "2 per year", "1 per 10 years", "1 per 2.5 years", "never": events per year for people.
std::string format_frequency(double per_year);
// "10 Gbps", "100 Mbps" (bits per second).
std::string format_bandwidth(double bytes_per_second);

}  // namespace drsim::units
