// Fuzzes shard files (a drsim.result/1 with a "shard" object, as `drsim merge` reads them from
// other machines) through the shard reader, the shard writer and the merge of one shard.
#include <sstream>

#include "fuzz/fuzz_support.hpp"
#include "reports/shard_json.hpp"
#include "reports/shard_merge.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = drsim::fuzz::text_of(data, size);
  return drsim::fuzz::expect_answer_or_error([&] {
    const auto shard = drsim::reports::read_shard(text, "fuzz.json");
    std::ostringstream out;
    drsim::reports::write_shard(shard, out);
    drsim::reports::merge_shards({shard});
  });
}
