#include "mpi/shard_transfer.hpp"

#include <mpi.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "model/errors.hpp"

namespace drsim::mpi {
namespace {

constexpr long long kChunk = 64LL << 20;
constexpr int kHeaderTag = 1;
constexpr int kBytesTag = 2;

void send_bytes(const char* data, long long size) {
  for (long long sent = 0; sent < size; sent += kChunk) {
    const int n = static_cast<int>(std::min(kChunk, size - sent));
    MPI_Send(data + sent, n, MPI_CHAR, 0, kBytesTag, MPI_COMM_WORLD);
  }
}

// Receives `size` bytes from `rank`, handing each chunk to `take(data, n)`.
template <typename Take>
void receive_bytes(int rank, long long size, Take take) {
  std::vector<char> buffer(static_cast<std::size_t>(std::min(kChunk, size)));
  for (long long got = 0; got < size; got += kChunk) {
    const int n = static_cast<int>(std::min(kChunk, size - got));
    MPI_Recv(buffer.data(), n, MPI_CHAR, rank, kBytesTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    take(buffer.data(), n);
  }
}

}  // namespace

void send_shard(const ShardReport& report, const std::string& shard_path) {
  std::ifstream shard;
  long long shard_size = 0;
  if (report.exit_code == 0) {
    shard.open(shard_path, std::ios::binary | std::ios::ate);
    if (!shard) {
      throw EnvironmentError("cannot read the shard " + shard_path + ": " + std::strerror(errno));
    }
    shard_size = static_cast<long long>(shard.tellg());
    shard.seekg(0);
  }
  const long long header[4] = {report.exit_code, static_cast<long long>(report.host.size()),
                               static_cast<long long>(report.err.size()), shard_size};
  MPI_Send(header, 4, MPI_LONG_LONG, 0, kHeaderTag, MPI_COMM_WORLD);
  send_bytes(report.host.data(), header[1]);
  send_bytes(report.err.data(), header[2]);
  std::vector<char> buffer(static_cast<std::size_t>(std::min(kChunk, shard_size)));
  for (long long sent = 0; sent < shard_size; sent += kChunk) {
    const long long n = std::min(kChunk, shard_size - sent);
    if (!shard.read(buffer.data(), n)) {
      // The header promised these bytes: rank 0 cannot be told otherwise.
      MPI_Abort(MPI_COMM_WORLD, static_cast<int>(ExitCode::kEnvironment));
    }
    send_bytes(buffer.data(), n);
  }
}

ShardReport receive_shard(int rank, const std::string& shard_path) {
  long long header[4] = {0, 0, 0, 0};
  MPI_Recv(header, 4, MPI_LONG_LONG, rank, kHeaderTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  ShardReport report;
  report.exit_code = static_cast<int>(header[0]);
  receive_bytes(rank, header[1], [&](const char* d, int n) { report.host.append(d, n); });
  receive_bytes(rank, header[2], [&](const char* d, int n) { report.err.append(d, n); });
  std::ofstream shard;
  if (report.exit_code == 0) shard.open(shard_path, std::ios::binary | std::ios::trunc);
  receive_bytes(rank, header[3], [&](const char* d, int n) { shard.write(d, n); });
  if (report.exit_code == 0 && !(shard.flush())) {
    throw EnvironmentError(
        "cannot write the shard of rank " + std::to_string(rank) + " to " + shard_path,
        "set TMPDIR to a directory with room for every shard");
  }
  return report;
}

}  // namespace drsim::mpi
