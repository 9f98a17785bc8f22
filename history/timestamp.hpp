// Moments in the drill history: ISO 8601 UTC text, "2026-11-22T03:00:00.123Z" in the database
// (always with milliseconds, so the text sorts as the time does) and "2026-11-22T03:00:00Z" in
// tables, read back to seconds since 1970-01-01T00:00:00Z for ages.
#pragma once

#include <optional>
#include <string>

namespace drsim::history {

// Seconds since 1970 of "YYYY-MM-DDTHH:MM:SS[.f...]Z" (a year from 1970 to 9999, a real calendar
// day, 1 to 9 digits of a fraction); nullopt for anything else, time zones other than Z included.
std::optional<double> parse_timestamp(const std::string& text);

// `seconds` since 1970 as "YYYY-MM-DDTHH:MM:SS.mmmZ" (rounded to the millisecond) or, without
// `millis`, "YYYY-MM-DDTHH:MM:SSZ" (the millisecond-rounded time cut to the second).
std::string format_timestamp(double seconds, bool millis);

}  // namespace drsim::history
