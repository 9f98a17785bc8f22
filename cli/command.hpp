// How subcommands plug into the drsim executable: each add_*_command() declares its options on
// a CLI11 subcommand and stores the action to run. main() parses, runs the one action chosen,
// and is the only place that catches drsim errors and turns them into exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <string>

namespace drsim::cli {

// The action of the chosen subcommand; returns the process exit code.
using Action = std::function<int()>;

// When a run happened, as ISO 8601 UTC ("2026-11-22T05:10:00Z"), for the evidence in reports.
// Honours SOURCE_DATE_EPOCH (seconds since 1970) so golden files and reproducible runs can fix it.
std::string run_timestamp();

// Streams commands write to; tests swap them for string streams.
struct Io {
  std::ostream& out;
  std::ostream& err;
};

void add_validate_command(CLI::App& app, Action& action, Io io);
void add_graph_command(CLI::App& app, Action& action, Io io);
void add_blast_radius_command(CLI::App& app, Action& action, Io io);
void add_report_command(CLI::App& app, Action& action, Io io);
void add_simulate_command(CLI::App& app, Action& action, Io io);
void add_merge_command(CLI::App& app, Action& action, Io io);
void add_compare_command(CLI::App& app, Action& action, Io io);
void add_analyze_command(CLI::App& app, Action& action, Io io);
void add_drill_command(CLI::App& app, Action& action, Io io);
void add_history_command(CLI::App& app, Action& action, Io io);
void add_calibrate_command(CLI::App& app, Action& action, Io io);
void add_evidence_command(CLI::App& app, Action& action, Io io);
// `report` under `drsim evidence` (cli/evidence_report_command.cpp).
void add_evidence_report_command(CLI::App& evidence, Action& action, Io io);
// The hidden generators `completion bash|zsh` and `manpage` (cli/generate_command.cpp); they read
// `app` when they run, so they may be added before or after the other commands.
void add_generate_commands(CLI::App& app, Action& action, Io io);

}  // namespace drsim::cli
