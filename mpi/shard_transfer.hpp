// How a rank's shard reaches rank 0 over MPI, so the ranks need no shared file system: a header
// (exit code and sizes), the rank's host name, the shard's standard error and then the shard
// file's bytes, in chunks of at most 64 MiB (MPI counts are ints).
#pragma once

#include <string>

namespace drsim::mpi {

// What rank 0 learns about one rank's shard besides its file.
struct ShardReport {
  int exit_code = 0;  // of the rank's `drsim simulate --shard`
  std::string host;   // where it ran
  std::string err;    // its standard error
};

// Sends `report` and, when the shard succeeded, the file at `shard_path` to rank 0. Throws
// EnvironmentError if the file cannot be read (before anything is sent).
void send_shard(const ShardReport& report, const std::string& shard_path);

// Receives the report of rank `rank` and writes its shard file to `shard_path`. Throws
// EnvironmentError if the file cannot be written (after every message is received).
ShardReport receive_shard(int rank, const std::string& shard_path);

}  // namespace drsim::mpi
