#include "model/field_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "model/printable.hpp"
#include "model/units.hpp"

namespace drsim::model {
namespace {

std::string range_hint(const std::string& lo, const std::string& hi, bool bounded) {
  return bounded ? "allowed range is " + lo + " to " + hi : "use a value of " + lo + " or more";
}

// "expected <what>, got <describe>" at the node, with `hint`.
void type_error(const Node& node, const std::string& what, const std::string& hint,
                DiagnosticList& diags) {
  diags.error(node.loc(), "expected " + what + ", got " + describe(node), {hint});
}

// Scalar text of a quantity, or a type error naming `what` (and its example) if not a scalar.
const std::string* quantity_text(const Node& node, const std::string& what,
                                 const std::string& example, DiagnosticList& diags) {
  if (node.is_scalar()) return &node.scalar;
  // A distribution where one fixed value is read: say that this key does not vary.
  type_error(node, what,
             is_distribution(node)
                 ? "this value does not vary between trials (docs/model-format.md "
                   "\"Uncertainty\" lists those that do): write one, e.g. '" +
                       example + "'"
                 : "write a number and a unit, e.g. '" + example + "'",
             diags);
  return nullptr;
}

// Applies a units::Parsed result and a range check in base units, formatted by `format`.
template <typename Format>
std::optional<double> checked(const Node& node, const units::Parsed& parsed,
                              const std::string& name, double lo, double hi, Format format,
                              DiagnosticList& diags) {
  if (!parsed.ok) {
    diags.error(node.loc(), parsed.error, parsed.hints);
    return std::nullopt;
  }
  if (parsed.value < lo || parsed.value > hi) {
    const bool bounded = hi < std::numeric_limits<double>::max();
    diags.error(node.loc(), name + " '" + node.scalar + "' is out of range",
                {range_hint(format(lo), bounded ? format(hi) : "", bounded)});
    return std::nullopt;
  }
  return parsed.value;
}

std::string plain(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

std::string describe(const Node& node) {
  if (!node.is_scalar()) return node.kind_name();
  constexpr std::size_t kMax = 40;
  // Quoted user text reaches a terminal: control and bidi characters are shown escaped.
  if (node.scalar.size() <= kMax) return "'" + printable(node.scalar) + "'";
  return "'" + printable(node.scalar.substr(0, kMax)) + "...'";
}

bool is_distribution(const Node& node) {
  return node.is_mapping() &&
         std::any_of(node.entries.begin(), node.entries.end(), [](const Node::Entry& e) {
           return e.key == "uniform" || e.key == "triangular" || e.key == "lognormal" ||
                  e.key == "samples";
         });
}

bool expect_list(const Node& node, DiagnosticList& diags) {
  if (node.is_sequence()) return true;
  type_error(node, "a list", "write a list, e.g. '[a, b]', or one '- item' per line", diags);
  return false;
}

bool expect_mapping(const Node& node, DiagnosticList& diags) {
  if (node.is_mapping()) return true;
  type_error(node, "a mapping", "write 'key: value' pairs, e.g. '{id: web}', or indented lines",
             diags);
  return false;
}

std::optional<long long> read_int(const Node& node, const std::string& name, long long lo,
                                  long long hi, DiagnosticList& diags) {
  const std::string hint = range_hint(std::to_string(lo), std::to_string(hi), true);
  if (!node.is_scalar()) {
    type_error(node, "a whole number", hint, diags);
    return std::nullopt;
  }
  const std::string& text = node.scalar;
  char* end = nullptr;
  errno = 0;
  long long value = text.empty() ? 0 : std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size() || std::isspace(text[0])) {
    type_error(node, "a whole number", hint, diags);
    return std::nullopt;
  }
  if (errno == ERANGE || value < lo || value > hi) {
    diags.error(node.loc(), name + " " + text + " is out of range", {hint});
    return std::nullopt;
  }
  return value;
}

std::optional<double> read_number(const Node& node, const std::string& name, double lo, double hi,
                                  DiagnosticList& diags) {
  const std::string hint = "write a plain number, e.g. '1200' or '99.5'";
  if (!node.is_scalar() || node.scalar.empty() || std::isspace(node.scalar[0])) {
    type_error(node, "a number", hint, diags);
    return std::nullopt;
  }
  char* end = nullptr;
  double value = std::strtod(node.scalar.c_str(), &end);
  if (end != node.scalar.c_str() + node.scalar.size() || !std::isfinite(value)) {
    type_error(node, "a number", hint, diags);
    return std::nullopt;
  }
  if (value < lo || value > hi) {
    diags.error(node.loc(), name + " " + node.scalar + " is out of range",
                {range_hint(plain(lo), plain(hi), true)});
    return std::nullopt;
  }
  return value;
}

std::optional<double> read_probability(const Node& node, const std::string& name,
                                       DiagnosticList& diags) {
  const std::string hint = "write a probability from 0 to 1, e.g. '0.02', or a percentage, '2 %'";
  if (!node.is_scalar() || node.scalar.empty() || std::isspace(node.scalar[0])) {
    type_error(node, "a probability", hint, diags);
    return std::nullopt;
  }
  std::string text = node.scalar;
  const bool percent = text.back() == '%';
  if (percent) {
    text.pop_back();
    while (!text.empty() && text.back() == ' ') text.pop_back();
  }
  char* end = nullptr;
  const double value = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value)) {
    type_error(node, "a probability", hint, diags);
    return std::nullopt;
  }
  const double p = percent ? value / 100 : value;
  if (p < 0 || p > 1) {
    diags.error(node.loc(), name + " '" + node.scalar + "' is out of range",
                {"a probability is from 0 to 1 (0 % to 100 %)"});
    return std::nullopt;
  }
  return p;
}

std::optional<std::string> read_string(const Node& node, DiagnosticList& diags) {
  if (node.is_scalar() && !node.scalar.empty()) return node.scalar;
  type_error(node, "a string", "write some text, e.g. 'name: Storefront'", diags);
  return std::nullopt;
}

std::optional<std::string> read_id(const Node& node, DiagnosticList& diags) {
  const std::string hint =
      "ids use lowercase letters, digits, '.', '_' and '-', start with a letter or digit, and "
      "have at most 128 characters";
  if (!node.is_scalar()) {
    type_error(node, "an id", hint, diags);
    return std::nullopt;
  }
  const std::string& id = node.scalar;
  bool ok = !id.empty() && id.size() <= 128 && id[0] != '.' && id[0] != '_' && id[0] != '-';
  for (char c : id) ok = ok && is_id_char(c);
  if (!ok) {
    diags.error(node.loc(), "invalid id " + describe(node), {hint});
    return std::nullopt;
  }
  return id;
}

std::optional<bool> read_bool(const Node& node, DiagnosticList& diags) {
  if (node.is_scalar() && node.scalar == "true") return true;
  if (node.is_scalar() && node.scalar == "false") return false;
  type_error(node, "true or false", "write 'true' or 'false'", diags);
  return std::nullopt;
}

std::optional<double> read_duration(const Node& node, const std::string& name, double lo, double hi,
                                    DiagnosticList& diags) {
  const std::string* text = quantity_text(node, "a duration", "15 min", diags);
  if (!text) return std::nullopt;
  return checked(
      node, units::parse_duration(*text), name, lo, hi,
      [](double v) { return units::format_duration(v); }, diags);
}

namespace {

constexpr std::size_t kMaxSamples = 10000;

std::optional<double> read_value(const Node& node, const std::string& name, double lo, double hi,
                                 ValueKind kind, DiagnosticList& diags) {
  return kind == ValueKind::kDuration ? read_duration(node, name, lo, hi, diags)
                                      : read_number(node, name, lo, hi, diags);
}

std::string format_value(double v, ValueKind kind) {
  return kind == ValueKind::kDuration ? units::format_duration(v) : plain(v);
}

// Exactly `count` values (0: 1 to kMaxSamples) in a list, each read as `kind`; nullopt after an
// error.
std::optional<std::vector<double>> read_values(const Node& node, const std::string& name,
                                               std::size_t count, const char* example, double lo,
                                               double hi, ValueKind kind, DiagnosticList& diags) {
  if (!expect_list(node, diags)) return std::nullopt;
  const std::size_t n = node.items.size();
  if (count ? n != count : n < 1 || n > kMaxSamples) {
    const std::string wanted = count ? std::to_string(count) + " values" : "1 to 10000 values";
    diags.error(node.loc(), name + " takes " + wanted + ", got " + std::to_string(n),
                {std::string("e.g. '") + example + "'"});
    return std::nullopt;
  }
  std::vector<double> out;
  bool ok = true;
  for (const auto& item : node.items) {
    auto v = read_value(item, name, lo, hi, kind, diags);
    ok = ok && v;
    if (v) out.push_back(*v);
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

std::optional<Distribution> read_distribution(const Node& node, const std::string& name, double lo,
                                              double hi, ValueKind kind, DiagnosticList& diags) {
  if (!node.is_mapping()) {
    auto v = read_value(node, name, lo, hi, kind, diags);
    if (!v) return std::nullopt;
    return Distribution::fixed(*v);
  }
  const bool duration = kind == ValueKind::kDuration;
  const char* uniform_example = duration ? "{uniform: [5 min, 15 min]}" : "{uniform: [0.5, 1]}";
  MapReader m(node, diags);
  const Node* uniform = m.get("uniform");
  const Node* triangular = m.get("triangular");
  const Node* lognormal = m.get("lognormal");
  const Node* samples = m.get("samples");
  m.finish();
  const int given = (uniform != nullptr) + (triangular != nullptr) + (lognormal != nullptr) +
                    (samples != nullptr);
  if (given != 1) {
    if (given > 1 || node.items.empty()) {
      diags.error(node.loc(),
                  name + ": give exactly one of uniform, triangular, lognormal or samples",
                  {std::string("e.g. '") + uniform_example + "'"});
    }
    return std::nullopt;
  }
  auto fmt = [kind](double v) { return format_value(v, kind); };
  Distribution d;
  if (uniform) {
    auto v = read_values(*uniform, name + " uniform", 2, uniform_example, lo, hi, kind, diags);
    if (!v) return std::nullopt;
    if ((*v)[0] > (*v)[1]) {
      diags.error(uniform->loc(),
                  name + " uniform: the lower bound " + fmt((*v)[0]) +
                      " is above the upper bound " + fmt((*v)[1]),
                  {"write the smaller value first"});
      return std::nullopt;
    }
    d = {DistributionKind::kUniform, (*v)[0], (*v)[1], 0, {}};
  } else if (triangular) {
    const char* example =
        duration ? "{triangular: [5 min, 10 min, 30 min]}" : "{triangular: [0.5, 0.8, 1]}";
    auto v = read_values(*triangular, name + " triangular", 3, example, lo, hi, kind, diags);
    if (!v) return std::nullopt;
    if ((*v)[0] > (*v)[1] || (*v)[1] > (*v)[2]) {
      diags.error(triangular->loc(),
                  name + " triangular: the values " + fmt((*v)[0]) + ", " + fmt((*v)[1]) + ", " +
                      fmt((*v)[2]) + " are not in order",
                  {"write [least, most often, most]"});
      return std::nullopt;
    }
    d = {DistributionKind::kTriangular, (*v)[0], (*v)[1], (*v)[2], {}};
  } else if (lognormal) {
    const char* p50_example = duration ? "10 min" : "0.8";
    MapReader lm(*lognormal, diags);
    const Node* p50 = lm.need("p50", p50_example);
    const Node* p90 = lm.need("p90", duration ? "30 min" : "0.95");
    lm.finish();
    if (!p50 || !p90) return std::nullopt;
    auto a = read_value(*p50, name + " p50", lo, hi, kind, diags);
    auto b = read_value(*p90, name + " p90", lo, hi, kind, diags);
    if (!a || !b) return std::nullopt;
    if (*a <= 0 || *b <= *a) {
      diags.error(lognormal->loc(),
                  name + " lognormal: p90 (" + fmt(*b) + ") must be above p50 (" + fmt(*a) +
                      "), and p50 above 0",
                  {"p50 is the typical value; p90 the value 9 draws in 10 stay below"});
      return std::nullopt;
    }
    d = {DistributionKind::kLognormal, *a, *b, 0, {}};
  } else {
    const char* example = duration ? "{samples: [42 s, 55 s, 1 min 5 s]}" : "{samples: [0.7, 0.9]}";
    auto v = read_values(*samples, name + " samples", 0, example, lo, hi, kind, diags);
    if (!v) return std::nullopt;
    std::sort(v->begin(), v->end());
    d.kind = DistributionKind::kEmpirical;
    d.samples = std::move(*v);
  }
  return d;
}

// A scalar parsed by `parse` (units::parse_date, parse_utc_offset); `what` and `hint` for a
// node of the wrong type.
std::optional<double> read_parsed(const Node& node, const char* what, const char* hint,
                                  units::Parsed (*parse)(std::string_view), DiagnosticList& diags) {
  if (!node.is_scalar()) {
    type_error(node, what, hint, diags);
    return std::nullopt;
  }
  units::Parsed parsed = parse(node.scalar);
  if (!parsed.ok) {
    diags.error(node.loc(), parsed.error, parsed.hints);
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<double> read_frequency(const Node& node, const std::string& name,
                                     DiagnosticList& diags) {
  const std::string* text = quantity_text(node, "a frequency", "1 per 2 years", diags);
  if (!text) return std::nullopt;
  return checked(
      node, units::parse_frequency(*text), name, 0, 1e6,
      [](double v) { return plain(v) + " per year"; }, diags);
}

std::optional<double> read_money(const Node& node, const std::string& name,
                                 const std::string& currency, const std::string& per,
                                 DiagnosticList& diags) {
  if (!node.is_scalar() || node.scalar.empty()) {
    type_error(node, "an amount of money", "write a number, e.g. '1200'", diags);
    return std::nullopt;
  }
  return checked(node, units::parse_money(node.scalar, currency, per), name, 0, 1e12, plain, diags);
}

std::optional<long long> read_date(const Node& node, DiagnosticList& diags) {
  auto days =
      read_parsed(node, "a date", "write YYYY-MM-DD, e.g. '2026-01-05'", units::parse_date, diags);
  if (!days) return std::nullopt;
  return static_cast<long long>(*days);
}

std::optional<double> read_time_zone(const Node& node, DiagnosticList& diags) {
  return read_parsed(node, "a time zone", "write 'UTC' or a fixed offset, e.g. 'UTC+10:00'",
                     units::parse_utc_offset, diags);
}

std::optional<double> read_bytes(const Node& node, const std::string& name, double hi,
                                 DiagnosticList& diags) {
  const std::string* text = quantity_text(node, "a size", "500 GB", diags);
  if (!text) return std::nullopt;
  return checked(
      node, units::parse_bytes(*text), name, 0, hi, [](double v) { return units::format_bytes(v); },
      diags);
}

std::optional<double> read_bandwidth(const Node& node, const std::string& name,
                                     DiagnosticList& diags) {
  const std::string* text = quantity_text(node, "a bandwidth", "10 Gbps", diags);
  if (!text) return std::nullopt;
  units::Parsed parsed = units::parse_bandwidth(*text);
  if (parsed.ok && parsed.value <= 0) {
    diags.error(node.loc(), name + " '" + *text + "' is out of range",
                {"use a bandwidth above 0, e.g. '1 Gbps'"});
    return std::nullopt;
  }
  return checked(
      node, parsed, name, 0, units::kMaxBytesPerSecond,
      [](double v) { return units::format_bytes(v) + "/s"; }, diags);
}

std::optional<double> read_rate(const Node& node, const std::string& name, DiagnosticList& diags) {
  const std::string* text = quantity_text(node, "a data rate", "2 MB/s", diags);
  if (!text) return std::nullopt;
  return checked(
      node, units::parse_rate(*text), name, 0, units::kMaxBytesPerSecond,
      [](double v) { return units::format_bytes(v) + "/s"; }, diags);
}

bool lookup_enum(const Node& node, const std::string& name, const std::vector<std::string>& allowed,
                 std::size_t& index, DiagnosticList& diags) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  if (!node.is_scalar()) {
    type_error(node, "one of " + list, "write one of the allowed values", diags);
    return false;
  }
  for (index = 0; index < allowed.size(); ++index) {
    if (allowed[index] == node.scalar) return true;
  }
  std::vector<std::string> hints;
  std::string guess = did_you_mean(node.scalar, allowed);
  if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
  hints.push_back("allowed values: " + list);
  diags.error(node.loc(), "unknown " + name + " " + describe(node), std::move(hints));
  return false;
}

MapReader::MapReader(const Node& node, DiagnosticList& diags)
    : node_(node), diags_(diags), ok_(expect_mapping(node, diags)) {}

MapReader::~MapReader() { finish(); }

const Node* MapReader::get(const char* key) {
  known_.emplace_back(key);
  return ok_ ? node_.find(key) : nullptr;
}

const Node* MapReader::need(const char* key, const char* example) {
  const Node* value = get(key);
  if (!value && ok_) {
    diags_.error(node_.loc(), std::string("missing required key '") + key + "'",
                 {std::string("add it, e.g. '") + key + ": " + example + "'"});
  }
  return value;
}

void MapReader::finish() {
  if (finished_ || !ok_) return;
  finished_ = true;
  std::string list;
  for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
  for (const auto& e : node_.entries) {
    bool known = false;
    for (const auto& k : known_) known = known || k == e.key;
    if (known) continue;
    std::vector<std::string> hints;
    std::string guess = did_you_mean(e.key, known_);
    if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
    hints.push_back("allowed keys here: " + list);
    diags_.error(e.key_loc(), "unknown key '" + e.key + "'", std::move(hints));
  }
}

}  // namespace drsim::model
