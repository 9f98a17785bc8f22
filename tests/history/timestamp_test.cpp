// History timestamps: ISO 8601 UTC read to seconds since 1970 and written back, strictly.
#include "history/timestamp.hpp"

#include <catch2/catch.hpp>

using drsim::history::format_timestamp;
using drsim::history::parse_timestamp;

TEST_CASE("history::timestamp: reads ISO 8601 UTC with or without a fraction", "[history]") {
  CHECK(parse_timestamp("1970-01-01T00:00:00Z") == 0.0);
  CHECK(parse_timestamp("2026-12-01T00:00:00Z") == 1796083200.0);
  CHECK(*parse_timestamp("2026-12-01T00:00:00.25Z") == Approx(1796083200.25));
  CHECK(parse_timestamp("2028-02-29T23:59:59Z") == 1835481599.0);
}

TEST_CASE("history::timestamp: refuses what is not a UTC time of a real day", "[history]") {
  for (const char* bad :
       {"", "2026-12-01", "2026-12-01 00:00:00Z", "2026-12-01T00:00:00",
        "2026-12-01T00:00:00+01:00", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-12-01T24:00:00Z", "1969-12-31T23:59:59Z", "2026-12-01T00:00:00.Z",
        "2026-12-01T00:00:00.1234567890Z", "2026-12-01T00:00:00Zjunk", "+026-12-01T00:00:00Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_timestamp(bad));
  }
}

TEST_CASE("history::timestamp: writes milliseconds or whole seconds", "[history]") {
  CHECK(format_timestamp(1796083200.25, true) == "2026-12-01T00:00:00.250Z");
  CHECK(format_timestamp(1796083200.25, false) == "2026-12-01T00:00:00Z");
  CHECK(format_timestamp(1796083199.9996, true) == "2026-12-01T00:00:00.000Z");
  CHECK(format_timestamp(0, true) == "1970-01-01T00:00:00.000Z");
  CHECK(format_timestamp(*parse_timestamp("2028-02-29T23:59:59.123Z"), true) ==
        "2028-02-29T23:59:59.123Z");
}
