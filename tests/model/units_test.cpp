#include "model/units.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

using namespace drsim::units;

TEST_CASE("units::parse_duration: reads single and compound durations", "[model][units]") {
  CHECK(parse_duration("15 min").value == 900);
  CHECK(parse_duration("1 h 30 min").value == 5400);
  CHECK(parse_duration("500 ms").value == Approx(0.5));
  CHECK(parse_duration("3 d").value == 259200);
  CHECK(parse_duration("0 s").ok);
}

TEST_CASE("units::parse_duration: rejects missing and unknown units with a hint",
          "[model][units]") {
  auto p = parse_duration("15");
  CHECK_FALSE(p.ok);
  CHECK(p.error == "'15' has no unit");
  p = parse_duration("15 minuts");
  CHECK(p.error == "unknown unit 'minuts' in '15 minuts'");
  CHECK(p.hints.front() == "did you mean 'minute'?");
  CHECK(p.hints.back() ==
        "write a number and a unit, e.g. '15 min' or '1 h 30 min'; units: ms, s, sec, secs, "
        "second, seconds, min, mins, minute, minutes, h, hr, hrs, hour, hours, d, day, days, w, "
        "week, weeks");
  p = parse_duration("2 fortnights");
  CHECK(p.hints.size() == 1);
  p = parse_duration("-5 s");
  CHECK(p.error == "'-5 s' is negative");
}

TEST_CASE("units::parse_duration: a space before the unit is optional, words are units",
          "[model][units]") {
  CHECK(parse_duration("5s").value == 5);
  CHECK(parse_duration("1h30min").value == 5400);
  CHECK(parse_duration("1 hour").value == 3600);
  CHECK(parse_duration("2 hours 30 minutes").value == 9000);
  CHECK(parse_duration("45 seconds").value == 45);
  CHECK(parse_duration("2 weeks").value == 14 * 86400);
  CHECK(parse_duration("3 hrs").value == 3 * 3600);
  CHECK_FALSE(parse_duration("5 Hours").ok);  // units are lowercase, as in the docs
}

TEST_CASE("units::parse_bytes: an unknown unit gets a did-you-mean", "[model][units]") {
  CHECK(parse_bytes("800GB").value == 800e9);
  auto p = parse_bytes("100 GBs");
  CHECK(p.error == "unknown unit 'GBs' in '100 GBs'");
  CHECK(p.hints.front() == "did you mean 'GB'?");
}

TEST_CASE("units::parse_bytes and parse_bandwidth: decimal, binary and bit units",
          "[model][units]") {
  CHECK(parse_bytes("2 TiB").value == 2199023255552.0);
  CHECK(parse_bytes("500 GB").value == 500e9);
  CHECK(parse_bandwidth("10 Gbps").value == 1.25e9);
  CHECK(parse_bandwidth("200 MB/s").value == 200e6);
  CHECK(parse_rate("50 GB/d").value == Approx(50e9 / 86400));
  CHECK_FALSE(parse_bandwidth("10 Gbit").ok);
}

TEST_CASE("units::format_duration: exact, largest unit first", "[model][units]") {
  CHECK(format_duration(0) == "0 s");
  CHECK(format_duration(90) == "1 min 30 s");
  CHECK(format_duration(3090) == "51 min 30 s");
  CHECK(format_duration(87000) == "24 h 10 min");
  CHECK(format_duration(4 * 86400 + 3600) == "4 d 1 h");
  CHECK(parse_time_of_day("02:00").value == 7200);
  CHECK_FALSE(parse_time_of_day("25:00").ok);
}

TEST_CASE("units::format_duration: values past a long long print in days, never recurse",
          "[model][units]") {
  CHECK(format_duration(1e20) == "1.16e+15 d");
  CHECK(format_duration(-1e20) == "-1.16e+15 d");
  CHECK(format_duration(-90) == "-1 min 30 s");
  CHECK(format_duration(-std::numeric_limits<double>::max()) == "-2.08e+303 d");
}

TEST_CASE("units::parse_time_of_day: digits only, no signs or blanks", "[model][units]") {
  CHECK(parse_time_of_day("02:00").value == 7200);
  CHECK(parse_time_of_day("23:59:59").value == 86399);
  for (const char* bad : {"+1:+2", "-0:-0", " 1:02", "1:02", "01:2 ", "24:00", "01:60",
                          "01:00:", "01:00:+1", "0x:00"}) {
    INFO(bad);
    CHECK_FALSE(parse_time_of_day(bad).ok);
  }
}

TEST_CASE("units::parse_utc_offset: UTC and fixed offsets only", "[model][units]") {
  CHECK(parse_utc_offset("UTC").value == 0);
  CHECK(parse_utc_offset("UTC+10:00").value == 36000);
  CHECK(parse_utc_offset("UTC-05:30").value == -19800);
  CHECK(parse_utc_offset("UTC+14:00").ok);
  CHECK_FALSE(parse_utc_offset("UTC-13:00").ok);
  CHECK_FALSE(parse_utc_offset("UTC+1").ok);
  auto named = parse_utc_offset("Australia/Sydney");
  CHECK_FALSE(named.ok);
  CHECK(named.error == "'Australia/Sydney' is not a time zone");
}

TEST_CASE("units::parse_date: calendar dates as days since 1970-01-01", "[model][units]") {
  CHECK(parse_date("1970-01-01").value == 0);
  CHECK(parse_date("2026-01-05").value == 20458);
  CHECK(parse_date("2028-02-29").ok);
  CHECK_FALSE(parse_date("2026-02-29").ok);
  CHECK_FALSE(parse_date("2026-1-5").ok);
  CHECK_FALSE(parse_date("1969-12-31").ok);
}

TEST_CASE("units: the JSON Schema's quantity patterns accept exactly the parsers' units",
          "[model][units][schema]") {
  std::ifstream in(std::string(DRSIM_SOURCE_DIR) + "/docs/schema/model.schema.json");
  REQUIRE(in);
  const auto defs = nlohmann::json::parse(in).at("$defs");
  auto any_of = [](const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : "|") + n;
    return "(" + out + ")";
  };
  const std::string num = R"(([0-9]+(\.[0-9]*)?|\.[0-9]+))";
  const std::string time = any_of(duration_unit_names());
  const std::string size = any_of(size_unit_names());
  const std::string sum = num + " *" + time + "( *" + num + " *" + time + ")*";
  CHECK(defs.at("duration").at("pattern") == "^ *" + sum + " *$");
  CHECK(defs.at("size").at("pattern") == "^ *" + num + " *" + size + " *$");
  CHECK(defs.at("bandwidth").at("pattern") ==
        "^ *" + num + " *(" + any_of(bit_rate_unit_names()) + "|" + size + "/s) *$");
  CHECK(defs.at("rate").at("pattern") == "^ *" + num + " *" + size + " */ *" + time + " *$");
  CHECK(defs.at("schedule").at("pattern").get<std::string>().find("|every " + sum + "|") !=
        std::string::npos);
}

TEST_CASE("units::parse_frequency: counts per period as events per year", "[model][units]") {
  CHECK(parse_frequency("1 per 2 years").value == 0.5);
  CHECK(parse_frequency("4 per year").value == 4);
  CHECK(parse_frequency("1 per 6 months").value == Approx(2));
  CHECK(parse_frequency("1 per week").value == Approx(365.25 / 7));
  CHECK(parse_frequency("0 per year").value == 0);
  auto p = parse_frequency("1 per 0 years");
  CHECK_FALSE(p.ok);
  CHECK(p.error == "'1 per 0 years' has a period of 0");
  CHECK(p.hints == std::vector<std::string>{"the period must be above 0, e.g. '1 per 2 years'"});
  CHECK(parse_frequency("-1 per year").error == "'-1 per year' is negative");
  CHECK(parse_frequency("1 per decade").error == "unknown period 'decade' in '1 per decade'");
  CHECK(parse_frequency("yearly").error == "'yearly' is not a frequency");
  CHECK(format_frequency(0.1) == "1 per 10 years");
  CHECK(format_frequency(0.4) == "1 per 2.5 years");
  CHECK(format_frequency(2) == "2 per year");
  CHECK(format_frequency(0) == "never");
}

TEST_CASE("units::parse_money: a number, with the currency and the period if written",
          "[model][units]") {
  CHECK(parse_money("1200", "EUR", "month").value == 1200);
  CHECK(parse_money("1200 EUR", "EUR", "month").value == 1200);
  CHECK(parse_money("1200.5 EUR/month", "EUR", "month").value == 1200.5);
  CHECK(parse_money("20000 EUR/h", "EUR", "h").value == 20000);
  CHECK(parse_money("1200 USD", "EUR", "month").error == "'1200 USD' is in USD, not in EUR");
  CHECK(parse_money("5000 EUR/month", "EUR", "h").error ==
        "'5000 EUR/month' is per month, where 'EUR/h' is expected");
  CHECK(parse_money("150 euros", "EUR", "month").error == "'150 euros' is not an amount of money");
  CHECK(parse_money("100 EUR/h", "EUR", "").error == "'100 EUR/h' is not an amount of money");
  CHECK(parse_money("-1", "EUR", "h").error == "'-1' is negative");
}
