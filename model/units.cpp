#include "model/units.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "model/civil_date.hpp"
#include "model/diagnostic.hpp"

namespace drsim::units {
namespace {

struct Unit {
  const char* name;
  double factor;
};

// Symbols first, then the words people write ("5 minutes", "2 hours").
const std::vector<Unit> kDurationUnits = {
    {"ms", 0.001},     {"s", 1},       {"sec", 1},      {"secs", 1},    {"second", 1},
    {"seconds", 1},    {"min", 60},    {"mins", 60},    {"minute", 60}, {"minutes", 60},
    {"h", 3600},       {"hr", 3600},   {"hrs", 3600},   {"hour", 3600}, {"hours", 3600},
    {"d", 86400},      {"day", 86400}, {"days", 86400}, {"w", 604800},  {"week", 604800},
    {"weeks", 604800},
};
const std::vector<Unit> kByteUnits = {
    {"B", 1},
    {"kB", 1e3},
    {"KB", 1e3},
    {"MB", 1e6},
    {"GB", 1e9},
    {"TB", 1e12},
    {"PB", 1e15},
    {"KiB", 1024.0},
    {"MiB", 1048576.0},
    {"GiB", 1073741824.0},
    {"TiB", 1099511627776.0},
    {"PiB", 1125899906842624.0},
};
const std::vector<Unit> kBitRateUnits = {
    {"bps", 0.125},   {"Kbps", 125},    {"kbps", 125},
    {"Mbps", 1.25e5}, {"Gbps", 1.25e8}, {"Tbps", 1.25e11},
};

std::string unit_list(const std::vector<Unit>& units) {
  std::string out;
  for (const auto& u : units) {
    if (!out.empty()) out += ", ";
    out += u.name;
  }
  return out;
}

const Unit* find_unit(const std::vector<Unit>& units, std::string_view name) {
  for (const auto& u : units) {
    if (name == u.name) return &u;
  }
  return nullptr;
}

std::vector<std::string> names_of(const std::vector<Unit>& units) {
  std::vector<std::string> out;
  for (const auto& u : units) out.emplace_back(u.name);
  return out;
}

// "unknown unit 'hrz' in '5 hrz'" with a did-you-mean among `units`, then `hint`.
Parsed unknown_unit(std::string_view text, std::string_view unit, const std::vector<Unit>& units,
                    const std::string& hint) {
  Parsed p;
  p.error = "unknown unit '" + std::string(unit) + "' in '" + std::string(text) + "'";
  const std::string guess = did_you_mean(std::string(unit), names_of(units));
  if (!guess.empty()) p.hints.push_back("did you mean '" + guess + "'?");
  p.hints.push_back(hint);
  return p;
}

// Splits "12.5 GB" into number and unit. Returns false if there is no leading number.
bool split_number(std::string_view text, double& number, std::string_view& rest) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t start = i;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  bool digits = false;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    digits = digits || std::isdigit(static_cast<unsigned char>(text[i]));
    ++i;
  }
  if (!digits) return false;
  std::string num(text.substr(start, i - start));
  char* end = nullptr;
  number = std::strtod(num.c_str(), &end);
  if (end != num.c_str() + num.size() || !std::isfinite(number)) return false;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  rest = text.substr(i);
  return true;
}

Parsed fail(std::string_view text, const std::string& what, const std::string& hint) {
  Parsed p;
  p.error = "'" + std::string(text) + "' is not " + what;
  p.hints = {hint};
  return p;
}

Parsed ok(double v) {
  Parsed p;
  p.ok = true;
  p.value = v;
  return p;
}

// Parses "<number> <unit>" against one unit table; `what` names the quantity in messages.
Parsed parse_simple(std::string_view text, const std::vector<Unit>& units, const std::string& what,
                    const std::string& example) {
  double number = 0;
  std::string_view rest;
  const std::string hint =
      "write a number and a unit, e.g. '" + example + "'; units: " + unit_list(units);
  if (!split_number(text, number, rest)) return fail(text, what, hint);
  if (rest.empty()) {
    Parsed p = fail(text, what, hint);
    p.error = "'" + std::string(text) + "' has no unit";
    return p;
  }
  const Unit* u = find_unit(units, rest);
  if (!u) return unknown_unit(text, rest, units, hint);
  if (number < 0) {
    Parsed p = fail(text, what, "use a value of 0 or more");
    p.error = "'" + std::string(text) + "' is negative";
    return p;
  }
  return ok(number * u->factor);
}

std::string trim_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

Parsed parse_duration(std::string_view text) {
  const std::string hint = "write a number and a unit, e.g. '15 min' or '1 h 30 min'; units: " +
                           unit_list(kDurationUnits);
  std::string_view rest = text;
  double total = 0;
  int parts = 0;
  while (true) {
    double number = 0;
    std::string_view after;
    if (!split_number(rest, number, after)) {
      if (parts > 0 && rest.find_first_not_of(' ') == std::string_view::npos) break;
      return fail(text, "a duration", hint);
    }
    size_t unit_end = 0;
    while (unit_end < after.size() && std::isalpha(static_cast<unsigned char>(after[unit_end])))
      ++unit_end;
    std::string_view unit = after.substr(0, unit_end);
    if (unit.empty()) {
      Parsed p = fail(text, "a duration", hint);
      p.error = "'" + std::string(text) + "' has no unit";
      return p;
    }
    const Unit* u = find_unit(kDurationUnits, unit);
    if (!u) return unknown_unit(text, unit, kDurationUnits, hint);
    if (number < 0) {
      Parsed p = fail(text, "a duration", "use a duration of 0 s or more");
      p.error = "'" + std::string(text) + "' is negative";
      return p;
    }
    total += number * u->factor;
    ++parts;
    rest = after.substr(unit_end);
    if (rest.find_first_not_of(' ') == std::string_view::npos) break;
  }
  return ok(total);
}

Parsed parse_bytes(std::string_view text) {
  return parse_simple(text, kByteUnits, "a size", "500 GB");
}

Parsed parse_bandwidth(std::string_view text) {
  double number = 0;
  std::string_view rest;
  std::string hint = "write a number and a unit, e.g. '10 Gbps' or '200 MB/s'; units: " +
                     unit_list(kBitRateUnits) + ", or a size unit followed by /s";
  if (split_number(text, number, rest) && rest.size() > 2 && rest.substr(rest.size() - 2) == "/s") {
    const Unit* u = find_unit(kByteUnits, rest.substr(0, rest.size() - 2));
    if (u && number >= 0) return ok(number * u->factor);
  }
  Parsed p = parse_simple(text, kBitRateUnits, "a bandwidth", "10 Gbps");
  if (!p.ok && p.error.rfind("'" + std::string(text) + "' is negative", 0) != 0)
    p.hints.back() = hint;
  return p;
}

Parsed parse_rate(std::string_view text) {
  const std::string hint = "write a size per time unit, e.g. '2 MB/s' or '50 GB/d'";
  size_t slash = text.rfind('/');
  if (slash == std::string_view::npos) return fail(text, "a data rate", hint);
  Parsed size = parse_bytes(text.substr(0, slash));
  if (!size.ok) {
    Parsed p = fail(text, "a data rate", hint);
    if (size.error.find("negative") != std::string::npos)
      p.error = "'" + std::string(text) + "' is negative";
    return p;
  }
  Parsed per = parse_duration("1 " + std::string(text.substr(slash + 1)));
  if (!per.ok || per.value <= 0) return fail(text, "a data rate", hint);
  return ok(size.value / per.value);
}

Parsed parse_time_of_day(std::string_view text) {
  // Exactly HH:MM or HH:MM:SS, digits only (sscanf would take signs and blanks: '+1:+2').
  auto digits = [&text](std::size_t at) {
    return std::isdigit(static_cast<unsigned char>(text[at])) &&
           std::isdigit(static_cast<unsigned char>(text[at + 1]));
  };
  auto two = [&text](std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
  const bool shape_ok = (text.size() == 5 || (text.size() == 8 && text[5] == ':' && digits(6))) &&
                        digits(0) && text[2] == ':' && digits(3);
  const int h = shape_ok ? two(0) : -1, m = shape_ok ? two(3) : -1,
            s = shape_ok && text.size() == 8 ? two(6) : 0;
  if (!shape_ok || h > 23 || m > 59 || s > 59) {
    return fail(text, "a time of day", "write HH:MM in 24-hour time, e.g. '02:00' or '23:30'");
  }
  return ok(h * 3600.0 + m * 60.0 + s);
}

Parsed parse_utc_offset(std::string_view text) {
  const std::string hint =
      "write 'UTC' or a fixed offset such as 'UTC+10:00' or 'UTC-05:00'; zone names are not "
      "supported, since daylight saving time is not modelled";
  if (text == "UTC") return ok(0);
  if (text.size() != 9 || text.substr(0, 3) != "UTC" || (text[3] != '+' && text[3] != '-')) {
    return fail(text, "a time zone", hint);
  }
  Parsed hm = parse_time_of_day(text.substr(4));
  const double sign = text[3] == '-' ? -1 : 1;
  if (!hm.ok || hm.value > (sign > 0 ? 14 : 12) * 3600.0) return fail(text, "a time zone", hint);
  return ok(sign * hm.value);
}

Parsed parse_date(std::string_view text) {
  const std::string hint = "write YYYY-MM-DD between 1970-01-01 and 2199-12-31, e.g. '2026-01-05'";
  auto number = [&text](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return fail(text, "a date", hint);
  model::CivilDate d{number(0, 4), number(5, 2), number(8, 2)};
  if (d.year < 1970 || d.year > 2199 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > model::days_in_month(d.year, d.month)) {
    return fail(text, "a date", hint);
  }
  return ok(static_cast<double>(model::days_from_civil(d)));
}

std::vector<std::string> duration_unit_names() { return names_of(kDurationUnits); }
std::vector<std::string> size_unit_names() { return names_of(kByteUnits); }
std::vector<std::string> bit_rate_unit_names() { return names_of(kBitRateUnits); }

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds)) return "unbounded";
  if (seconds < 0) return "-" + format_duration(-seconds);
  // Past what a long long holds (~292 billion years) whole seconds make no sense: days, rounded.
  if (seconds >= 9e18) return trim_number(seconds / 86400) + " d";
  long long s = std::llround(seconds);
  if (s == 0) return "0 s";
  // Exact, largest unit first; days only from 3 d on, since "24 h 10 min" reads better in DR.
  std::vector<std::pair<long long, const char*>> parts = {{3600, "h"}, {60, "min"}, {1, "s"}};
  if (s >= 3 * 86400) parts.insert(parts.begin(), {86400, "d"});
  std::string out;
  for (const auto& [size, name] : parts) {
    if (s < size) continue;
    long long n = s / size;
    s -= n * size;
    if (!out.empty()) out += " ";
    out += std::to_string(n) + " " + name;
  }
  return out;
}

std::string format_measured(std::optional<double> seconds) {
  if (!seconds) return "none";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", *seconds);
  return buf;
}

std::string format_bytes(double bytes) {
  const std::pair<double, const char*> parts[] = {
      {1e15, "PB"}, {1e12, "TB"}, {1e9, "GB"}, {1e6, "MB"}, {1e3, "kB"}};
  for (const auto& [size, name] : parts) {
    if (bytes >= size) return trim_number(bytes / size) + " " + name;
  }
  return trim_number(bytes) + " B";
}

std::string format_bandwidth(double bytes_per_second) {
  double bits = bytes_per_second * 8;
  const std::pair<double, const char*> parts[] = {
      {1e12, "Tbps"}, {1e9, "Gbps"}, {1e6, "Mbps"}, {1e3, "Kbps"}};
  for (const auto& [size, name] : parts) {
    if (bits >= size) return trim_number(bits / size) + " " + name;
  }
  return trim_number(bits) + " bps";
}

Parsed parse_frequency(std::string_view text) {
  const std::string hint =
      "write how often it happens, e.g. '1 per 2 years', '3 per year' or '1 per 6 months'";
  static const std::vector<Unit> kPeriods = {
      {"year", 1},
      {"years", 1},
      {"month", 1.0 / 12},
      {"months", 1.0 / 12},
      {"week", 7 * 86400 / kYear},
      {"weeks", 7 * 86400 / kYear},
      {"day", 86400 / kYear},
      {"days", 86400 / kYear},
  };
  double count = 0;
  std::string_view rest;
  if (!split_number(text, count, rest) || rest.substr(0, 4) != "per ") {
    return fail(text, "a frequency", hint);
  }
  rest.remove_prefix(4);
  double periods = 1;
  std::string_view unit = rest;
  if (!rest.empty() && !std::isalpha(static_cast<unsigned char>(rest[0])) &&
      !split_number(rest, periods, unit)) {
    return fail(text, "a frequency", hint);
  }
  const Unit* u = find_unit(kPeriods, unit);
  if (!u) {
    Parsed p = fail(text, "a frequency", hint + "; periods: " + unit_list(kPeriods));
    p.error = "unknown period '" + std::string(unit) + "' in '" + std::string(text) + "'";
    return p;
  }
  if (count < 0) {
    Parsed p = fail(text, "a frequency", "use a count of 0 or more");
    p.error = "'" + std::string(text) + "' is negative";
    return p;
  }
  if (periods <= 0) {
    Parsed p = fail(text, "a frequency", "the period must be above 0, e.g. '1 per 2 years'");
    p.error = "'" + std::string(text) + "' has a period of " + trim_number(periods);
    return p;
  }
  return ok(count / (periods * u->factor));
}

Parsed parse_money(std::string_view text, const std::string& currency, const std::string& per) {
  const std::string example = per.empty() ? "'20000' or '20000 " + currency + "'"
                                          : "'1200' or '1200 " + currency + "/" + per + "'";
  const std::string hint = "write a number, optionally with the currency" +
                           std::string(per.empty() ? "" : " and period") + ", e.g. " + example;
  double amount = 0;
  std::string_view rest;
  if (!split_number(text, amount, rest)) return fail(text, "an amount of money", hint);
  if (!rest.empty()) {
    std::string_view code = rest.substr(0, rest.find('/'));
    std::string_view period = code.size() < rest.size() ? rest.substr(code.size() + 1) : "";
    bool is_code = code.size() == 3;
    for (char c : code) is_code = is_code && c >= 'A' && c <= 'Z';
    if (!is_code || (code.size() < rest.size() && (per.empty() || period.empty()))) {
      return fail(text, "an amount of money", hint);
    }
    if (code != currency) {
      Parsed p = fail(text, "an amount of money",
                      "write amounts in the model's currency (costs.currency), or without one");
      p.error = "'" + std::string(text) + "' is in " + std::string(code) + ", not in " + currency;
      return p;
    }
    if (!period.empty() && period != per) {
      Parsed p = fail(text, "an amount of money", hint);
      p.error = "'" + std::string(text) + "' is per " + std::string(period) + ", where '" +
                currency + "/" + per + "' is expected";
      return p;
    }
  }
  if (amount < 0) {
    Parsed p = fail(text, "an amount of money", "use a value of 0 or more");
    p.error = "'" + std::string(text) + "' is negative";
    return p;
  }
  return ok(amount);
}

std::string format_frequency(double per_year) {
  if (per_year <= 0) return "never";
  if (per_year >= 1) return trim_number(per_year) + " per year";
  return "1 per " + trim_number(1 / per_year) + " years";
}

}  // namespace drsim::units
