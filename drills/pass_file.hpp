// Passwords for the PostgreSQL tools a drill runs: a private passfile (mode 0600, owned by the OS
// user that runs the tool) in the run directory, named through PGPASSFILE and removed as soon as
// the tool is done. A password never goes into an environment variable, a command line or a
// server's configuration.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "drills/scratch.hpp"

namespace drsim::drills {

// A .pgpass line matching any server, with ':' and '\' escaped.
std::string pgpass_line(const std::string& password);

class PassFile {
 public:
  // Writes `<run>/<name>` when `password` is not empty; otherwise holds nothing.
  PassFile(RunDir& run, const std::string& name, const std::string& password);
  PassFile(const PassFile&) = delete;
  PassFile& operator=(const PassFile&) = delete;
  ~PassFile();
  // PGPASSFILE for a tool's environment (empty without a password).
  std::vector<std::pair<std::string, std::string>> env() const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace drsim::drills
