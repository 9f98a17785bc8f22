// `--shard I/N` of `drsim simulate`: run shard I of a run split N ways, for `drsim merge` to put
// back together (docs/cli.md "Splitting a run across machines").
#pragma once

#include <string>

namespace drsim::cli {

// Shard `index` of `count`, 1 <= index <= count.
struct ShardSpec {
  long long index = 1;
  long long count = 1;
};

// The most shards a run is split into.
constexpr long long kMaxShards = 1'000'000;

// Parses "I/N" (whole numbers, 1 <= I <= N <= kMaxShards). Throws InputError located at
// --shard (exit 2) for anything else: "0/2", "3/2", "a/b", "1/2/3".
ShardSpec parse_shard(const std::string& text);

}  // namespace drsim::cli
