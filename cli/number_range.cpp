#include "cli/number_range.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace drsim::cli {
namespace {

// 1000000000 rather than 1e+09 or 1000000000.000000 for a bound that is whole.
std::string bound(double v) {
  if (std::abs(v) < 1e15 && v == std::floor(v)) return std::to_string(static_cast<long long>(v));
  return std::to_string(v);
}

CLI::Validator checked(const std::string& what, const std::string& type, const std::string& lo,
                       const std::string& hi, std::function<bool(const std::string&)> ok) {
  const std::string want = "expected " + what + " from " + lo + " to " + hi + ", got '";
  return CLI::Validator(
      [want, ok](std::string& text) { return ok(text) ? std::string() : want + text + "'"; },
      type + " in [" + lo + " - " + hi + "]");
}

}  // namespace

CLI::Validator whole_number_range(long long lo, long long hi) {
  return checked("a whole number", "INT", std::to_string(lo), std::to_string(hi),
                 [lo, hi](const std::string& text) {
                   const char* end = text.data() + text.size();
                   const char* begin = text.data() + (!text.empty() && text[0] == '+');
                   long long v = 0;
                   const auto [stop, ec] = std::from_chars(begin, end, v);
                   return ec == std::errc() && stop == end && v >= lo && v <= hi;
                 });
}

CLI::Validator number_range(double lo, double hi) {
  return checked("a number", "FLOAT", bound(lo), bound(hi), [lo, hi](const std::string& text) {
    char* stop = nullptr;
    const double v = std::strtod(text.c_str(), &stop);
    return !text.empty() && stop == text.c_str() + text.size() && std::isfinite(v) && v >= lo &&
           v <= hi;
  });
}

}  // namespace drsim::cli
