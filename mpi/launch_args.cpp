#include "mpi/launch_args.hpp"

#include <utility>

namespace drsim::mpi {
namespace {

const char* const kUsageLine =
    "mpirun -np N drsim-mpi simulate MODEL [SIMULATE OPTIONS...] [-f text|json] [-o FILE] "
    "[--report DIR]";

// The option `arg` names when it is one of the merge's, with its value if written in the same
// argument ("--format=json", "-fjson"); "" otherwise.
std::pair<std::string, std::string> merge_option(const std::string& arg) {
  for (const char* name : {"--format", "--output", "--report"}) {
    const std::string n = name;
    if (arg == n) return {n, ""};
    if (arg.compare(0, n.size() + 1, n + "=") == 0) return {n, arg.substr(n.size() + 1)};
  }
  for (const char* name : {"-f", "-o"}) {
    const std::string n = name;
    if (arg.compare(0, 2, n) == 0) return {n, arg.substr(2)};
  }
  return {"", ""};
}

}  // namespace

std::string usage() {
  return std::string("usage: ") + kUsageLine +
         "\n\n"
         "Runs drsim simulate split across the MPI ranks: rank R runs shard R+1 of the N ranks\n"
         "(drsim simulate ... --shard R+1/N -f json) into a private temporary file and sends it "
         "to\n"
         "rank 0, which merges the shards (drsim merge) with -f, -o and --report: the output of\n"
         "drsim simulate with the same options on one machine, and its exit code. drsim is "
         "$DRSIM,\n"
         "else the drsim next to drsim-mpi, else the one on PATH.\n";
}

LaunchArgs split_args(const std::vector<std::string>& args) {
  LaunchArgs out;
  for (const auto& a : args) {
    if (a == "-h" || a == "--help") {
      out.help = true;
      return out;
    }
  }
  if (args.empty() || args.front() != "simulate") {
    throw LaunchUsageError(args.empty()
                               ? "no command given"
                               : "expected the command simulate, got '" + args.front() + "'",
                           kUsageLine);
  }
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--shard" || a.compare(0, 8, "--shard=") == 0) {
      throw LaunchUsageError("--shard is drsim-mpi's to give: rank R runs shard R+1 of the N ranks",
                             "leave out --shard; mpirun -np N sets how many shards there are");
    }
    auto [name, value] = merge_option(a);
    if (name.empty()) {
      out.simulate.push_back(a);
      continue;
    }
    if (value.empty() && a == name) {
      if (i + 1 >= args.size()) throw LaunchUsageError(name + " needs a value", kUsageLine);
      value = args[++i];
    }
    out.merge.push_back(name);
    out.merge.push_back(value);
  }
  if (out.simulate.empty()) throw LaunchUsageError("no MODEL given", kUsageLine);
  return out;
}

}  // namespace drsim::mpi
