#include "history/timestamp.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "model/civil_date.hpp"

namespace drsim::history {
namespace {

// The number of `width` digits at `text[at]`, or -1.
int digits(const std::string& text, std::size_t at, std::size_t width) {
  if (at + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<double> parse_timestamp(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SS, then an optional fraction, then Z.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 ||
      day > model::days_in_month(year, month) || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  double fraction = 0;
  std::size_t at = 19;
  if (text[at] == '.') {
    double scale = 0.1;
    std::size_t first = ++at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
      fraction += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == first || at - first > 9) return std::nullopt;
  }
  if (at + 1 != text.size() || text[at] != 'Z') return std::nullopt;
  const long long days = model::days_from_civil({year, month, day});
  return static_cast<double>(days) * 86400 + hour * 3600 + minute * 60 + second + fraction;
}

std::string format_timestamp(double seconds, bool millis) {
  const long long ms = std::llround(seconds * 1000);
  const long long whole = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const long long days = whole >= 0 ? whole / 86400 : (whole - 86399) / 86400;
  const long long in_day = whole - days * 86400;
  const model::CivilDate d = model::civil_from_days(days);
  char buf[64];
  const int hms[3] = {static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                      static_cast<int>(in_day % 60)};
  if (millis) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day,
                  hms[0], hms[1], hms[2], static_cast<int>(ms - whole * 1000));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, hms[0],
                  hms[1], hms[2]);
  }
  return buf;
}

}  // namespace drsim::history
