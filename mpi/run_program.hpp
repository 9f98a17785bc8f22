// Running drsim from drsim-mpi: a program run to its end with this process's environment and
// standard input, its standard output and error either this process's or sent to files.
#pragma once

#include <string>
#include <vector>

namespace drsim::mpi {

// Where a child's standard output and error go; "" = this process's own.
struct Streams {
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path, or a name looked up on PATH) and waits for it. Returns its exit
// code, or 128 + the signal that ended it. Throws EnvironmentError if it cannot be started.
int run_program(const std::vector<std::string>& argv, const Streams& streams = {});

// The drsim that drsim-mpi runs: $DRSIM if set, else `drsim` next to this executable if there is
// one, else "drsim" (looked up on PATH).
std::string drsim_program();

}  // namespace drsim::mpi
