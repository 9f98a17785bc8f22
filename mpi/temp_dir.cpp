#include "mpi/temp_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "model/errors.hpp"

namespace drsim::mpi {

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/drsim-mpi.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (!::mkdtemp(name.data())) {
    throw EnvironmentError(
        "cannot create a temporary directory " + pattern + ": " + std::strerror(errno),
        "set TMPDIR to a writable directory");
  }
  path_ = name.data();
}

TempDir::~TempDir() {
  std::error_code ignored;  // nothing to do about a leftover in a destructor
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace drsim::mpi
