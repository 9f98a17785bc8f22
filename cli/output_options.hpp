// Where a command's output goes: `--format table|json`, `-o FILE` and `-j N` (scenarios simulated
// at once), declared once for `drsim simulate` and `drsim compare`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/command.hpp"

namespace drsim::cli {

struct OutputOptions {
  std::string format = "table";  // "table" or "json"
  std::string output;            // "" = standard output
  int jobs = 2;
};

// Declares --format, --output and --jobs on `cmd`; `o` must outlive the parse.
void add_output_options(CLI::App* cmd, OutputOptions& o);

// Writes `text` to standard output, or to the --output file (EnvironmentError if it cannot).
void write_output(const std::string& text, const OutputOptions& o, Io io);

}  // namespace drsim::cli
