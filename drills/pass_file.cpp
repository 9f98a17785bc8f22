#include "drills/pass_file.hpp"

#include <unistd.h>

namespace drsim::drills {

std::string pgpass_line(const std::string& password) {
  std::string escaped;
  for (char c : password) {
    if (c == ':' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return "*:*:*:*:" + escaped + "\n";
}

PassFile::PassFile(RunDir& run, const std::string& name, const std::string& password) {
  if (!password.empty()) path_ = run.write_private(name, pgpass_line(password));
}

PassFile::~PassFile() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

std::vector<std::pair<std::string, std::string>> PassFile::env() const {
  if (path_.empty()) return {};
  return {{"PGPASSFILE", path_}};
}

}  // namespace drsim::drills
