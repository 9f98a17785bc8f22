#include "drills/process.hpp"

#include "drills/cancel.hpp"

namespace drsim::drills {

platform::ProcessResult run_tool(platform::ProcessSpec spec) {
  spec.on_wait = throw_if_cancelled;
  spec.missing_hint =
      "install PostgreSQL 15 (Debian package 'postgresql') or set 'scratch.bin_dir'";
  return platform::run_process(spec);
}

}  // namespace drsim::drills
