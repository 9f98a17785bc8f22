// drsim-mpi's command line: `drsim-mpi simulate MODEL [SIMULATE OPTIONS...] [-f text|json]
// [-o FILE] [--report DIR]`, split into what every rank's shard runs (`drsim simulate` with the
// user's options) and what rank 0's `drsim merge` takes (the output options), so the merged run
// prints what `drsim simulate` with the same options prints on one machine.
#pragma once

#include <string>
#include <vector>

#include "model/errors.hpp"

namespace drsim::mpi {

// A mistake on drsim-mpi's own command line (exit 2), with what to do about it.
class LaunchUsageError : public UsageError {
 public:
  LaunchUsageError(const std::string& message, std::string hint)
      : UsageError(message), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

struct LaunchArgs {
  std::vector<std::string> simulate;  // for every shard's `drsim simulate`, MODEL first
  std::vector<std::string> merge;     // -f, -o and --report with their values, for `drsim merge`
  bool help = false;                  // -h or --help: print usage() and run nothing
};

// The usage text, ending in a newline.
std::string usage();

// Splits the arguments that follow the program name. The output options are taken as
// `-f json`, `-fjson`, `--format json` or `--format=json` (and so for -o/--output and --report).
// Throws LaunchUsageError: no `simulate` first, no MODEL, --shard (the ranks are the shards), an
// output option without its value.
LaunchArgs split_args(const std::vector<std::string>& args);

}  // namespace drsim::mpi
