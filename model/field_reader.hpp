// Typed, located reading of fields out of a drsim::Node tree, for the model loader and drill specs
// alike, so both word their diagnostics the same. Every problem (wrong type, unknown key, missing
// key, bad unit, value out of range) is recorded in a DiagnosticList with a hint and reading goes
// on, so one run reports every mistake of a file. An explicit null is never taken for an absent
// key: `zones:` with nothing after it is a mistake, reported as "expected ..., got null".
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/distribution.hpp"
#include "model/document.hpp"

namespace drsim::model {

// "'abc'" (shortened past 40 characters), "a list", "a mapping" or "null", for messages.
std::string describe(const Node& node);
// True for a mapping written as a distribution ({uniform: ...}, {samples: ...}, ...).
bool is_distribution(const Node& node);

// Records a type error unless `node` is a list; returns whether it is one.
bool expect_list(const Node& node, DiagnosticList& diags);
// Records a type error unless `node` is a mapping; returns whether it is one.
bool expect_mapping(const Node& node, DiagnosticList& diags);

// A whole number in [lo, hi]; `name` names the field in range messages.
std::optional<long long> read_int(const Node& node, const std::string& name, long long lo,
                                  long long hi, DiagnosticList& diags);
// A plain decimal number (money, not a quantity) in [lo, hi].
std::optional<double> read_number(const Node& node, const std::string& name, double lo, double hi,
                                  DiagnosticList& diags);
// A probability from 0 to 1, written as a number ("0.02") or a percentage ("2 %", "2%").
std::optional<double> read_probability(const Node& node, const std::string& name,
                                       DiagnosticList& diags);
// A non-empty string scalar.
std::optional<std::string> read_string(const Node& node, DiagnosticList& diags);
// An id: [a-z0-9][a-z0-9._-]*, at most 128 characters.
std::optional<std::string> read_id(const Node& node, DiagnosticList& diags);
// `true` or `false`.
std::optional<bool> read_bool(const Node& node, DiagnosticList& diags);
// A duration in seconds within [lo, hi] seconds.
std::optional<double> read_duration(const Node& node, const std::string& name, double lo, double hi,
                                    DiagnosticList& diags);
// A size in bytes, at most `hi` bytes.
std::optional<double> read_bytes(const Node& node, const std::string& name, double hi,
                                 DiagnosticList& diags);
// A bandwidth in bytes per second, above 0 and at most units::kMaxBytesPerSecond.
std::optional<double> read_bandwidth(const Node& node, const std::string& name,
                                     DiagnosticList& diags);
// A data rate in bytes per second, 0 to units::kMaxBytesPerSecond.
std::optional<double> read_rate(const Node& node, const std::string& name, DiagnosticList& diags);
// A frequency ("1 per 2 years") in events per year (units::parse_frequency), at most 1e6.
std::optional<double> read_frequency(const Node& node, const std::string& name,
                                     DiagnosticList& diags);
// An amount of money ("1200", "1200 EUR/month") in `currency`, for the period `per` ("month",
// "h", or "" for a one-off amount), at most 1e12 (units::parse_money).
std::optional<double> read_money(const Node& node, const std::string& name,
                                 const std::string& currency, const std::string& per,
                                 DiagnosticList& diags);
// A date "YYYY-MM-DD" (1970-01-01 to 2199-12-31) as days since 1970-01-01.
std::optional<long long> read_date(const Node& node, DiagnosticList& diags);
// A fixed time zone "UTC" or "UTC+HH:MM" / "UTC-HH:MM" as seconds east of UTC.
std::optional<double> read_time_zone(const Node& node, DiagnosticList& diags);

// What the values of a distribution are: durations ("15 min") or plain numbers ("0.8").
enum class ValueKind { kDuration, kNumber };

// A value that may vary between trials (docs/model-format.md "Uncertainty"): a scalar (one fixed
// value) or a mapping with one key naming a distribution: {uniform: [a, b]}, {triangular: [min,
// mode, max]}, {lognormal: {p50: a, p90: b}} or {samples: [v, ...]} (1 to 10,000 values). Every
// value lies within [lo, hi].
std::optional<Distribution> read_distribution(const Node& node, const std::string& name, double lo,
                                              double hi, ValueKind kind, DiagnosticList& diags);

// One allowed value of an enumerated key and the C++ value it stands for.
template <typename E>
using EnumTable = std::vector<std::pair<const char*, E>>;

// Records "unknown <name> 'x'" with did-you-mean and the allowed values; true if found.
bool lookup_enum(const Node& node, const std::string& name, const std::vector<std::string>& allowed,
                 std::size_t& index, DiagnosticList& diags);

template <typename E>
std::optional<E> read_enum(const Node& node, const std::string& name, const EnumTable<E>& table,
                           DiagnosticList& diags) {
  std::vector<std::string> allowed;
  for (const auto& [text, value] : table) allowed.emplace_back(text);
  std::size_t index = 0;
  if (!lookup_enum(node, name, allowed, index, diags)) return std::nullopt;
  return table[index].second;
}

// Reads one mapping: every key the caller asks for is allowed, and finish() reports the rest as
// unknown keys with a did-you-mean. Required keys that are missing are reported at the mapping.
class MapReader {
 public:
  // `node` may be any node; if it is not a mapping a type error is recorded and get() finds
  // nothing.
  MapReader(const Node& node, DiagnosticList& diags);
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;
  // Reports unknown keys unless finish() already did.
  ~MapReader();

  bool ok() const { return ok_; }
  const Node& node() const { return node_; }
  // The value of optional key `key`, or nullptr. A null value is returned (and then refused by
  // the typed readers), since `zones:` with nothing after it is a mistake, not an omission.
  const Node* get(const char* key);
  // The value of required key `key`; if absent, records "missing required key" with the
  // hint "add it, e.g. '<key>: <example>'".
  const Node* need(const char* key, const char* example);
  // Reports every key not asked for (call after all get()/need() calls).
  void finish();

 private:
  const Node& node_;
  DiagnosticList& diags_;
  bool ok_ = false;
  bool finished_ = false;
  std::vector<std::string> known_;
};

}  // namespace drsim::model
