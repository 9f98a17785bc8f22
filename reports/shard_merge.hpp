// `drsim merge`'s rule: the shards of one run (`drsim simulate --shard I/N`, read by
// reports/shard_json.hpp) put back together into exactly the run one machine would have made —
// scenarios in the order selected, and with --trials each scenario's trial summaries added up and
// summarised once (engine::TrialSummary::write), which gives the same figures since trial k's
// draws depend only on the seed and k.
#pragma once

#include <vector>

#include "model/outcome.hpp"
#include "reports/shard_json.hpp"

namespace drsim::reports {

// Merges `shards`, given in any order, into the whole run (generated_at left empty); the run is
// moved out of them. Throws InputError: a shard of another run — another model, drsim version or
// option than the first shard given — located at its file and key (exit 3); a shard missing or
// given twice, located at the command line (exit 2); a shard whose scenarios or trials are not
// its part of the run.
RunResult merge_shards(std::vector<Shard> shards);

}  // namespace drsim::reports
