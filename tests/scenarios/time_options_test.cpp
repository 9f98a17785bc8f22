// Fault times and durations (scenarios/time_options.hpp): absolute, day-qualified and
// schedule-relative times, and the exact messages for impossible ones.
#include "scenarios/time_options.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

model::Model with_nightly() {
  auto m = two_region_model();
  auto b = daily_snapshot("nightly", 2 * kH, 20 * kMin, "s3-apse1");
  db_of(m).data->backups.push_back(b);
  db_of(m).data->backups.push_back(log_archive("wal", 5 * kMin, "s3-apse2", 7 * kDay));
  m.index();
  return m;
}

double at(const std::string& text, const model::Model& m) {
  return scenarios::parse_fault_time(text, m, command_line_loc("--at"));
}

std::string error_at(const std::string& text, const model::Model& m) {
  try {
    at(text, m);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("scenarios::parse_fault_time: a time of day lands on day 1", "[scenarios][time]") {
  auto m = with_nightly();
  CHECK(at("01:00", m) == kDay + 1 * kH);
  CHECK(at("02:10", m) == kDay + 2 * kH + 10 * kMin);
  CHECK(at("23:59:30", m) == kDay + 23 * kH + 59 * kMin + 30);
  CHECK(at("", m) == kDay);
  CHECK(at("day 0 03:00", m) == 3 * kH);
  CHECK(at("day 3 01:30", m) == 3 * kDay + 1.5 * kH);
}

TEST_CASE("scenarios::parse_fault_time: +/- offsets count from the first snapshot start",
          "[scenarios][time]") {
  auto m = with_nightly();
  // The log archive starts every 5 min, but the anchor is the snapshot: day 1 02:00.
  CHECK(scenarios::schedule_anchor(m) == kDay + 2 * kH);
  CHECK(at("+2h", m) == kDay + 4 * kH);
  CHECK(at("+10 min", m) == kDay + 2 * kH + 10 * kMin);
  CHECK(at("-30 min", m) == kDay + 1.5 * kH);
  CHECK(at("+0 s", m) == kDay + 2 * kH);
  // Without backups the anchor is day 1 00:00; with only logs, their first start on day 1.
  auto bare = two_region_model();
  CHECK(scenarios::schedule_anchor(bare) == kDay);
  auto logs = two_region_model();
  auto wal = log_archive("wal", 7 * kMin, "s3-apse2", kDay);
  db_of(logs).data->backups.push_back(wal);
  logs.index();
  CHECK(scenarios::schedule_anchor(logs) == 206 * 7 * kMin);  // first 7-min boundary >= day 1
}

TEST_CASE("scenarios::parse_fault_time: rejects impossible times with a hint",
          "[scenarios][time]") {
  auto m = with_nightly();
  const std::string hints =
      "  hint: write HH:MM on day 1 ('01:00'), 'day 3 01:00', or an offset from the first backup "
      "start ('+2h', '-30 min')\n"
      "  hint: the first backup start of this model is day 1 02:00\n";
  CHECK(error_at("25:00", m) ==
        "<command line>: error: --at: '25:00' is not a fault time\n" + hints);
  CHECK(error_at("+-3h", m) == "<command line>: error: --at: '+-3h' is not a fault time\n" + hints);
  CHECK(error_at("+3", m) == "<command line>: error: --at: '+3' is not a fault time\n" + hints);
  CHECK(error_at("day x 01:00", m) ==
        "<command line>: error: --at: 'day x 01:00' is not a fault time\n" + hints);
  CHECK(error_at("-3 d", m) ==
        "<command line>: error: --at: '-3 d' is before the simulation epoch (day 0 00:00)\n"
        "  hint: the first backup start of this model is day 1 02:00; use an offset of at most "
        "26 h\n");
}

TEST_CASE("scenarios::parse_times: parses durations and rejects a zero horizon",
          "[scenarios][time]") {
  auto m = with_nightly();
  scenarios::TimeOptions o;
  o.at = "+10 min";
  o.duration = "4 h";
  o.horizon = "3 d";
  o.detect_after = "36h";
  o.seed = 9;
  auto t = scenarios::parse_times(o, m);
  CHECK(t.start_s == kDay + 2 * kH + 10 * kMin);
  CHECK(t.duration_s == 4 * kH);
  CHECK(t.horizon_s == 3 * kDay);
  CHECK(t.detect_after_s == 36 * kH);
  CHECK(t.seed == 9);
  scenarios::TimeOptions z;
  z.horizon = "0 s";
  CHECK_THROWS_WITH(scenarios::parse_times(z, m),
                    "<command line>: error: --horizon: horizon must be more than 0 s\n"
                    "  hint: e.g. '7 d'\n");
  scenarios::TimeOptions bad;
  bad.duration = "soon";
  CHECK_THROWS_WITH(
      scenarios::parse_times(bad, m),
      "<command line>: error: --duration: fault duration 'soon' is not a duration\n"
      "  hint: write a number and a unit, e.g. '36h', '4 h', '1 h 30 min' or '7 d'\n");
}

TEST_CASE("scenarios::parse_fault_time: refuses a day beyond ten years", "[scenarios][time]") {
  auto m = with_nightly();
  CHECK(at("day 3650 00:00", m) == 3650 * kDay);
  CHECK(error_at("day 99999 01:00", m) ==
        "<command line>: error: --at: 'day 99999 01:00' is more than 3650 days after the epoch\n"
        "  hint: faults land on day 1 by default; backups run from day 0, so a few days of "
        "history are enough\n");
}

TEST_CASE("scenarios: offsets and durations past ten years are located errors, not overflow",
          "[scenarios][time]") {
  auto m = with_nightly();
  CHECK(error_at("+99999999999999999999 w", m) ==
        "<command line>: error: --at: '+99999999999999999999 w' is more than 3650 days after "
        "the epoch\n"
        "  hint: the first backup start of this model is day 1 02:00; offsets reach at most "
        "3648 d 22 h\n");
  CHECK(at("+3648 d", m) == 3649 * kDay + 2 * kH);
  try {
    scenarios::parse_duration_option("99999999999999999999 w", "horizon",
                                     command_line_loc("--horizon"), true);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "<command line>: error: --horizon: horizon '99999999999999999999 w' is more than "
          "3650 d\n"
          "  hint: durations of faults, horizons and detection delays reach at most 3650 d (ten "
          "years)\n");
  }
}

TEST_CASE("scenarios::parse_seed: takes 0 to 2^63 - 1 exactly and refuses anything else",
          "[scenarios][time]") {
  const SourceLoc loc = command_line_loc("--seed");
  CHECK(scenarios::parse_seed("0", loc) == 0);
  CHECK(scenarios::parse_seed("042", loc) == 42);
  CHECK(scenarios::parse_seed("9223372036854775807", loc) == 9223372036854775807ULL);
  const std::string hint = "  hint: use a whole number from 0 to 9223372036854775807, e.g. 42\n";
  auto error_of = [&loc](const std::string& text) {
    try {
      scenarios::parse_seed(text, loc);
    } catch (const InputError& e) {
      CHECK(e.exit_code() == ExitCode::kUsage);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("12345678901234567890") ==
        "<command line>: error: --seed: seed '12345678901234567890' is out of range\n" + hint);
  CHECK(error_of("9223372036854775808") ==
        "<command line>: error: --seed: seed '9223372036854775808' is out of range\n" + hint);
  CHECK(error_of("-1") ==
        "<command line>: error: --seed: seed '-1' is not a whole number\n" + hint);
  CHECK(error_of("") == "<command line>: error: --seed: seed '' is not a whole number\n" + hint);
}
