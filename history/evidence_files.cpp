#include "history/evidence_files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "model/errors.hpp"

namespace drsim::history {

std::optional<std::string> read_evidence_file(const std::string& path, std::string* why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *why = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    *why = "read error";
    return std::nullopt;
  }
  return bytes.str();
}

std::string manifest_path(const std::string& journal_file) {
  return journal_file + ".manifest.json";
}

void save_manifest(const Manifest& m) {
  if (m.file.empty()) return;
  const std::string tmp = m.file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << to_json(m).dump(2) << "\n";
    if (!out) {
      throw EnvironmentError("cannot write the evidence manifest " + m.file,
                             "check the journal's directory; the run is recorded and its "
                             "manifest is in the history (drsim evidence verify checks it)");
    }
  }
  if (std::rename(tmp.c_str(), m.file.c_str()) != 0) {
    throw EnvironmentError(
        "cannot write the evidence manifest " + m.file + ": " + std::strerror(errno),
        "check the journal's directory; the run is recorded and its "
        "manifest is in the history (drsim evidence verify checks it)");
  }
}

}  // namespace drsim::history
