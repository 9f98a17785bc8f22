// The files of the evidence chain (docs/evidence.md): reading a run's journal and result back
// byte for byte, and the manifest written next to the journal (`<journal>.manifest.json`) so an
// auditor holding only the files can check them.
#pragma once

#include <optional>
#include <string>

#include "history/evidence_chain.hpp"

namespace drsim::history {

// Every byte of the file at `path`; none when it cannot be read, with `why` (strerror) set.
std::optional<std::string> read_evidence_file(const std::string& path, std::string* why);

// Where the manifest of a run whose journal is `journal_file` is written.
std::string manifest_path(const std::string& journal_file);

// Writes `m` as JSON to m.file, atomically (a temporary file, then rename); nothing without a
// file. Throws EnvironmentError when it cannot be written.
void save_manifest(const Manifest& m);

}  // namespace drsim::history
