// The output options every drsim command shares, declared here once: `-f,--format FORMAT` and
// `-o,--output FILE`. A command names its formats (the first is the default, `text` for most,
// `json` for machine-readable output) and hands its finished text to emit(), which writes it to
// standard output or, with -o, to the file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace drsim::cli {

// What the user chose; filled in by CLI11 when the command line is parsed.
struct Output {
  std::string format;  // one of the formats given to add_output_options()
  std::string file;    // "" = standard output
  bool json() const { return format == "json"; }
};

// Adds `-f,--format` (one of `formats`, the first being the default; `aliases` are older names
// accepted for a format, e.g. table -> text) and `-o,--output FILE` to `cmd`.
std::shared_ptr<Output> add_output_options(CLI::App& cmd, const std::vector<std::string>& formats,
                                           const std::map<std::string, std::string>& aliases = {});

// Writes `text` to the chosen file (created or replaced), or to `standard_out` without -o.
// Throws EnvironmentError (exit 4) if the file cannot be written.
void emit(const Output& output, const std::string& text, std::ostream& standard_out);
// The same for output too large to build as one string first: `write` writes it to the stream.
void emit(const Output& output, const std::function<void(std::ostream&)>& write,
          std::ostream& standard_out);

// Where output waits for the end of a run (a report's sections, a shard's scenarios): beside
// the -o file, on the disk chosen for it, or in the temporary directory for standard output.
std::string spool_dir(const Output& output);

}  // namespace drsim::cli
