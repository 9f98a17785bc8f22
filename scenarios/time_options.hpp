// When faults happen and how long the simulation looks: the --at, --duration, --horizon,
// --detect-after and --seed options of `drsim simulate`, and the same keys in scenario files.
//
// Time convention (docs/scenario-format.md): seconds since the simulation epoch, day 0 00:00.
// Backups run from the epoch on (engine/core/recovery_points.hpp), so day 0 is history and faults
// land on day 1 by default:
//  * "HH:MM" or "HH:MM:SS"   — that time of day on day 1 ("01:00" = 90,000 s);
//  * "day N HH:MM"           — that time of day on day N (N >= 0);
//  * "+2h", "-30 min"        — relative to the model's schedule anchor: the first start at or after
//                              day 1 00:00 of any snapshot/dump/copy backup (log and versioning
//                              backups count only if there is no other kind; day 1 00:00 if the
//                              model has no backups). For a daily 02:00 snapshot, "+10 min" is
//                              day 1 02:10. The result must not be before the epoch.
// Defaults: at day 1 00:00, duration the class default (scenarios/outage_defaults.hpp), horizon 7
// d, corruption / deletion / ransomware detected 1 h after they happen, seed 1.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace drsim::scenarios {

constexpr double kDefaultHorizon = 7 * 86400.0;
constexpr double kDefaultDetectAfter = 3600.0;
constexpr double kDefaultStart = 86400.0;  // day 1 00:00

// The time options as the user wrote them; "" = default. Strings so errors can quote them.
struct TimeOptions {
  std::string at;            // --at
  std::string duration;      // --duration
  std::string horizon;       // --horizon
  std::string detect_after;  // --detect-after
  std::uint64_t seed = 1;    // --seed, checked by parse_seed()
};

// The largest seed: it fits a signed 64-bit integer, so every JSON reader keeps it exact.
constexpr std::uint64_t kMaxSeed = 9223372036854775807ULL;

// Parses a seed ("42"): a whole number from 0 to kMaxSeed, digits only. Throws InputError
// located at `loc` otherwise ("-1", "1e3", "12345678901234567890").
std::uint64_t parse_seed(const std::string& text, const SourceLoc& loc);

// The same options as numbers (seconds since the epoch / seconds).
struct Times {
  double start_s = kDefaultStart;
  bool start_given = false;          // --at was given
  std::optional<double> duration_s;  // none: the default of each fault's class
  double horizon_s = kDefaultHorizon;
  double detect_after_s = kDefaultDetectAfter;
  std::uint64_t seed = 1;
};

// The schedule anchor of `m` in seconds since the epoch (see above); always >= 86400.
double schedule_anchor(const model::Model& m);

// Parses one fault time ("01:00", "day 3 01:00", "+2h", "-30 min") to seconds since the epoch.
// Throws InputError located at `loc` for an impossible time ("25:00", "+-3h", before the epoch).
double parse_fault_time(const std::string& text, const model::Model& m, const SourceLoc& loc);

// Parses a duration option ("36h", "1 h 30 min") in seconds; `what` names it in messages.
// Throws InputError located at `loc` if it is not a duration or, when `positive`, is 0.
double parse_duration_option(const std::string& text, const std::string& what, const SourceLoc& loc,
                             bool positive);

// Parses every option; errors are located at file "<command line>" with the option as pointer
// ("--at"). Checks that a finite --duration and --detect-after fit inside the horizon.
Times parse_times(const TimeOptions& options, const model::Model& m);

}  // namespace drsim::scenarios
