#include "mpi/launch_args.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using drsim::mpi::LaunchArgs;
using drsim::mpi::LaunchUsageError;
using drsim::mpi::split_args;
using Args = std::vector<std::string>;

namespace {

std::string error_of(const Args& args) {
  try {
    split_args(args);
  } catch (const LaunchUsageError& e) {
    return std::string(e.what()) + "\n  hint: " + e.hint();
  }
  return "no error";
}

}  // namespace

TEST_CASE("mpi::split_args: the output options go to the merge, the rest to every shard", "[mpi]") {
  const LaunchArgs a = split_args({"simulate", "m.yaml", "--all", "-f", "json", "--trials", "100",
                                   "-oout.json", "--report=reports", "-q"});
  CHECK(a.simulate == Args{"m.yaml", "--all", "--trials", "100", "-q"});
  CHECK(a.merge == Args{"-f", "json", "-o", "out.json", "--report", "reports"});
  CHECK_FALSE(a.help);
  const LaunchArgs b = split_args(
      {"simulate", "m.yaml", "--format=text", "--output", "o.txt", "-fjson", "--at", "-30 min"});
  CHECK(b.simulate == Args{"m.yaml", "--at", "-30 min"});
  CHECK(b.merge == Args{"--format", "text", "--output", "o.txt", "-f", "json"});
}

TEST_CASE("mpi::split_args: --help anywhere asks for the usage", "[mpi]") {
  CHECK(split_args({"simulate", "m.yaml", "--help"}).help);
  CHECK(split_args({"-h"}).help);
}

TEST_CASE("mpi::split_args: refuses another command, --shard and an option without its value",
          "[mpi]") {
  const std::string usage =
      "mpirun -np N drsim-mpi simulate MODEL [SIMULATE OPTIONS...] [-f text|json] [-o FILE] "
      "[--report DIR]";
  CHECK(error_of({}) == "no command given\n  hint: " + usage);
  CHECK(error_of({"merge", "a.json"}) ==
        "expected the command simulate, got 'merge'\n  hint: " + usage);
  CHECK(error_of({"simulate"}) == "no MODEL given\n  hint: " + usage);
  CHECK(error_of({"simulate", "m.yaml", "--all", "-o"}) == "-o needs a value\n  hint: " + usage);
  CHECK(error_of({"simulate", "m.yaml", "--shard=1/2"}) ==
        "--shard is drsim-mpi's to give: rank R runs shard R+1 of the N ranks\n"
        "  hint: leave out --shard; mpirun -np N sets how many shards there are");
}
