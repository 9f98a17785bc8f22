#include "cli/output_options.hpp"

#include "reports/write_reports.hpp"

namespace drsim::cli {

void add_output_options(CLI::App* cmd, OutputOptions& o) {
  cmd->add_option("-f,--format", o.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", o.output, "Output file (default: standard output)");
  cmd->add_option("-j,--jobs", o.jobs, "Scenarios simulated at once (default 2)")
      ->check(CLI::Range(1, 64));
}

void write_output(const std::string& text, const OutputOptions& o, Io io) {
  if (o.output.empty()) {
    io.out << text;
  } else {
    reports::save(text, o.output);
  }
}

}  // namespace drsim::cli
