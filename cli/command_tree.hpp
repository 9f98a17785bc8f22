// The drsim command line as plain data, read from the CLI11 definitions the commands declared
// (cli/command.hpp): subcommands, options, positional arguments, their descriptions and allowed
// values. Shell completion scripts and the man page are generated from it
// (cli/completion_script.hpp, cli/man_page.hpp), so they cannot drift from the real options.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace drsim::cli {

// One option or positional argument.
struct OptionDoc {
  std::vector<std::string> names;  // "-f", "--format"; a positional: its name, "MODEL"
  std::string value;               // placeholder of its value ("FORMAT", "FILE"); "" for a flag
  std::string description;
  std::vector<std::string> choices;  // the values it accepts, when it names them (IsMember)
  std::string default_value;         // "" when none is shown
  bool positional = false;
  bool required = false;
  bool repeats = false;  // may be given (or take values) more than once
};

// One command: the program itself or a subcommand at any depth.
struct CommandDoc {
  std::vector<std::string> path;  // {"drsim", "drill", "run"}
  std::string description;
  std::vector<OptionDoc> options;      // named options, help first
  std::vector<OptionDoc> positionals;  // in order
  std::vector<CommandDoc> commands;    // visible subcommands, in the order declared
};

// The tree under `app`, leaving out hidden subcommands and options (empty group).
CommandDoc describe_commands(const CLI::App& app);

// "drsim drill run": the command's path joined with `sep`.
std::string joined(const std::vector<std::string>& path, const std::string& sep = " ");

}  // namespace drsim::cli
