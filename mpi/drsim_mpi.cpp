// drsim-mpi: `mpirun -np N drsim-mpi simulate MODEL [SIMULATE OPTIONS...] [-f text|json]
// [-o FILE] [--report DIR]` runs a drsim simulation split across the N MPI ranks (docs/cli.md
// "Splitting a run across machines"). Rank R runs `drsim simulate ... --shard R+1/N -f json` into
// a private temporary directory and sends the shard to rank 0 over MPI (no shared file system
// needed); rank 0 merges them with `drsim merge` and the user's output options. The exit code is
// the merge's — the run's, as `drsim simulate` on one machine gives it — or, when a shard
// failed, that shard's, with its standard error shown. Every rank removes its temporary files.
#include <mpi.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "mpi/launch_args.hpp"
#include "mpi/run_program.hpp"
#include "mpi/shard_transfer.hpp"
#include "mpi/temp_dir.hpp"

namespace drsim::mpi {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string host_name() {
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  MPI_Get_processor_name(name, &length);
  return std::string(name, static_cast<std::size_t>(length));
}

// Runs this rank's shard into `dir`: what rank 0 needs to know about it. A shard that cannot be
// run at all is reported as failed, with drsim-mpi's error as its standard error.
ShardReport run_shard(const LaunchArgs& args, int rank, int size, const TempDir& dir) {
  ShardReport report;
  report.host = host_name();
  std::vector<std::string> argv = {drsim_program(), "simulate"};
  argv.insert(argv.end(), args.simulate.begin(), args.simulate.end());
  argv.insert(argv.end(), {"--shard", std::to_string(rank + 1) + "/" + std::to_string(size), "-f",
                           "json", "-o", dir.file("shard.json")});
  try {
    report.exit_code = run_program(argv, {"/dev/null", dir.file("stderr")});
    report.err = read_file(dir.file("stderr"));
  } catch (const EnvironmentError& e) {
    report.exit_code = static_cast<int>(e.exit_code());
    report.err = std::string("drsim-mpi: error: ") + e.what() + "\n";
    if (!e.hint().empty()) report.err += "  hint: " + e.hint() + "\n";
  }
  return report;
}

// Rank 0: every rank's shard gathered into `dir` as shard-I.json, then merged. Returns the exit
// code of the whole run.
int gather_and_merge(const LaunchArgs& args, int size, const TempDir& dir, const ShardReport& own) {
  std::vector<ShardReport> reports = {own};
  std::vector<std::string> files = {dir.file("shard.json")};
  for (int rank = 1; rank < size; ++rank) {
    files.push_back(dir.file("shard-" + std::to_string(rank + 1) + ".json"));
    reports.push_back(receive_shard(rank, files.back()));
  }
  for (int rank = 0; rank < size; ++rank) {
    const ShardReport& r = reports[static_cast<std::size_t>(rank)];
    if (r.exit_code == 0) continue;
    std::cerr << "drsim-mpi: shard " << rank + 1 << "/" << size << " (rank " << rank << " on "
              << r.host << ") failed with exit " << r.exit_code << ":\n"
              << r.err << std::flush;
    return r.exit_code;
  }
  std::vector<std::string> argv = {drsim_program(), "merge"};
  argv.insert(argv.end(), files.begin(), files.end());
  argv.insert(argv.end(), args.merge.begin(), args.merge.end());
  return run_program(argv);
}

int launch(int argc, char** argv) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  try {
    const LaunchArgs args = split_args(std::vector<std::string>(argv + 1, argv + argc));
    if (args.help) {
      if (rank == 0) std::cout << usage();
      return 0;
    }
    const TempDir dir;  // removed with every file in it when this rank is done
    const ShardReport report = run_shard(args, rank, size, dir);
    if (rank != 0) {
      send_shard(report, dir.file("shard.json"));
      return 0;  // rank 0 gives the run's exit code
    }
    return gather_and_merge(args, size, dir, report);
  } catch (const LaunchUsageError& e) {
    // Every rank sees the same command line: rank 0 speaks for all.
    if (rank == 0)
      std::cerr << "drsim-mpi: error: " << e.what() << "\n  hint: " << e.hint() << "\n";
    return static_cast<int>(e.exit_code());
  } catch (const EnvironmentError& e) {
    std::cerr << "drsim-mpi: error (rank " << rank << "): " << e.what() << "\n";
    if (!e.hint().empty()) std::cerr << "  hint: " << e.hint() << "\n";
    // A rank that cannot go on leaves the others waiting for it: end the job.
    MPI_Abort(MPI_COMM_WORLD, static_cast<int>(e.exit_code()));
    return static_cast<int>(e.exit_code());
  }
}

}  // namespace
}  // namespace drsim::mpi

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  const int code = drsim::mpi::launch(argc, argv);
  MPI_Finalize();
  return code;
}
