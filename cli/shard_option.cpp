#include "cli/shard_option.hpp"

#include <cctype>

#include "model/diagnostic.hpp"
#include "model/printable.hpp"

namespace drsim::cli {
namespace {

// A whole number of at most 7 digits, or -1.
long long small_number(const std::string& digits) {
  if (digits.empty() || digits.size() > 7) return -1;
  long long n = 0;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

ShardSpec parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  ShardSpec s;
  s.index = slash == std::string::npos ? -1 : small_number(text.substr(0, slash));
  s.count = slash == std::string::npos ? -1 : small_number(text.substr(slash + 1));
  if (s.index < 1 || s.count < s.index || s.count > kMaxShards) {
    DiagnosticList diags;
    diags.error(command_line_loc("--shard"),
                "expected I/N, shard I of N with 1 <= I <= N <= " + std::to_string(kMaxShards) +
                    ", got '" + printable(text) + "'",
                {"--shard 1/2 and --shard 2/2 split a run two ways; drsim merge puts the shards "
                 "back together"});
    diags.throw_if_errors();
  }
  return s;
}

}  // namespace drsim::cli
