// A private temporary directory (mode 0700, under $TMPDIR or /tmp) that is removed with
// everything in it when its owner goes, however drsim-mpi leaves: each rank keeps its shard
// there, and rank 0 the shards it receives.
#pragma once

#include <string>

namespace drsim::mpi {

class TempDir {
 public:
  // Creates "drsim-mpi.XXXXXX"; throws EnvironmentError if it cannot.
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // The path of `name` inside it.
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace drsim::mpi
