#include "scenarios/time_options.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::scenarios {
namespace {

constexpr double kDay = 86400;
constexpr double kMaxDay = units::kMaxSimulatedSeconds / kDay;  // ten years

[[noreturn]] void fail(const SourceLoc& loc, std::string message, std::vector<std::string> hints) {
  throw InputError({Diagnostic{Severity::kError, loc, std::move(message), std::move(hints)}});
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string anchor_text(double anchor) {
  auto s = static_cast<long long>(std::llround(anchor));
  char buf[48];
  std::snprintf(buf, sizeof buf, "day %lld %02lld:%02lld", s / 86400, s % 86400 / 3600,
                s % 3600 / 60);
  return buf;
}

std::vector<std::string> time_hints(const model::Model& m) {
  return {
      "write HH:MM on day 1 ('01:00'), 'day 3 01:00', or an offset from the first backup "
      "start ('+2h', '-30 min')",
      "the first backup start of this model is " + anchor_text(schedule_anchor(m))};
}

}  // namespace

double schedule_anchor(const model::Model& m) {
  double best = std::numeric_limits<double>::infinity();
  for (bool plain_only : {true, false}) {
    for (const auto& s : m.services) {
      if (!s.data) continue;
      for (const auto& b : s.data->backups) {
        bool plain = b.kind != model::BackupKind::kLog && b.kind != model::BackupKind::kVersioning;
        if (plain_only && !plain) continue;
        double every = b.schedule.every > 0 ? b.schedule.every : kDay;
        double k = std::max(0.0, std::ceil((kDay - b.schedule.at) / every - 1e-9));
        best = std::min(best, b.schedule.at + k * every);
      }
    }
    if (std::isfinite(best)) return best;
  }
  return kDefaultStart;
}

double parse_fault_time(const std::string& raw, const model::Model& m, const SourceLoc& loc) {
  const std::string text = trim(raw);
  if (text.empty()) return kDefaultStart;
  if (text[0] == '+' || text[0] == '-') {
    std::string rest = trim(text.substr(1));
    units::Parsed d;
    if (!rest.empty() && (std::isdigit(static_cast<unsigned char>(rest[0])) || rest[0] == '.')) {
      d = units::parse_duration(rest);
    }
    if (!d.ok) fail(loc, "'" + raw + "' is not a fault time", time_hints(m));
    double anchor = schedule_anchor(m);
    double t = text[0] == '+' ? anchor + d.value : anchor - d.value;
    if (t > kMaxDay * kDay) {
      fail(loc,
           "'" + raw + "' is more than " + std::to_string(static_cast<int>(kMaxDay)) +
               " days after the epoch",
           {"the first backup start of this model is " + anchor_text(anchor) +
            "; offsets reach at most " + units::format_duration(kMaxDay * kDay - anchor)});
    }
    if (t < 0) {
      fail(loc, "'" + raw + "' is before the simulation epoch (day 0 00:00)",
           {"the first backup start of this model is " + anchor_text(anchor) +
            "; use an offset of at most " + units::format_duration(anchor)});
    }
    return t;
  }
  double day = 1;
  std::string clock = text;
  if (text.rfind("day", 0) == 0) {
    std::size_t i = 3;
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t digits = i;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == i || digits - i > 5 || digits >= text.size() || text[digits] != ' ') {
      fail(loc, "'" + raw + "' is not a fault time", time_hints(m));
    }
    day = std::stod(text.substr(i, digits - i));
    clock = trim(text.substr(digits));
    if (day > kMaxDay) {
      fail(loc,
           "'" + raw + "' is more than " + std::to_string(static_cast<int>(kMaxDay)) +
               " days after the epoch",
           {"faults land on day 1 by default; backups run from day 0, so a few days of history "
            "are enough"});
    }
  }
  units::Parsed tod = units::parse_time_of_day(clock);
  if (!tod.ok) fail(loc, "'" + raw + "' is not a fault time", time_hints(m));
  return day * kDay + tod.value;
}

std::uint64_t parse_seed(const std::string& text, const SourceLoc& loc) {
  const std::vector<std::string> hints = {"use a whole number from 0 to " +
                                          std::to_string(kMaxSeed) + ", e.g. 42"};
  const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  if (!digits) fail(loc, "seed '" + text + "' is not a whole number", hints);
  const std::string trimmed = text.substr(std::min(text.find_first_not_of('0'), text.size() - 1));
  const std::string max = std::to_string(kMaxSeed);
  if (trimmed.size() > max.size() || (trimmed.size() == max.size() && trimmed > max)) {
    fail(loc, "seed '" + text + "' is out of range", hints);
  }
  return std::stoull(trimmed);
}

double parse_duration_option(const std::string& raw, const std::string& what, const SourceLoc& loc,
                             bool positive) {
  units::Parsed d = units::parse_duration(trim(raw));
  if (!d.ok) {
    fail(loc, what + " '" + raw + "' is not a duration",
         {"write a number and a unit, e.g. '36h', '4 h', '1 h 30 min' or '7 d'"});
  }
  if (positive && d.value <= 0) fail(loc, what + " must be more than 0 s", {"e.g. '7 d'"});
  if (d.value > units::kMaxSimulatedSeconds) {
    fail(
        loc,
        what + " '" + raw + "' is more than " + units::format_duration(units::kMaxSimulatedSeconds),
        {"durations of faults, horizons and detection delays reach at most " +
         units::format_duration(units::kMaxSimulatedSeconds) + " (ten years)"});
  }
  return d.value;
}

Times parse_times(const TimeOptions& o, const model::Model& m) {
  Times t;
  t.seed = o.seed;
  t.start_s = parse_fault_time(o.at, m, command_line_loc("--at"));
  t.start_given = !trim(o.at).empty();
  if (!trim(o.horizon).empty()) {
    t.horizon_s = parse_duration_option(o.horizon, "horizon", command_line_loc("--horizon"), true);
  }
  if (!trim(o.duration).empty()) {
    t.duration_s =
        parse_duration_option(o.duration, "fault duration", command_line_loc("--duration"), true);
    if (*t.duration_s > t.horizon_s) {
      fail(command_line_loc("--duration"),
           "the fault lasts " + units::format_duration(*t.duration_s) +
               " but the horizon is only " + units::format_duration(t.horizon_s),
           {"raise --horizon to at least " + units::format_duration(*t.duration_s) +
            " or shorten --duration"});
    }
  }
  if (!trim(o.detect_after).empty()) {
    t.detect_after_s = parse_duration_option(o.detect_after, "detection delay",
                                             command_line_loc("--detect-after"), false);
    if (t.detect_after_s > t.horizon_s) {
      fail(command_line_loc("--detect-after"),
           "the damage is detected " + units::format_duration(t.detect_after_s) +
               " after it happens but the horizon is only " + units::format_duration(t.horizon_s),
           {"raise --horizon to at least " + units::format_duration(t.detect_after_s) +
            " or shorten --detect-after"});
    }
  }
  return t;
}

}  // namespace drsim::scenarios
