// `--history FILE` of `drsim drill run` and `drsim history ...`: which drill history to record to
// or read (docs/history.md "Where"); and `--no-history`, which `drill run` alone takes, to record
// nothing.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

namespace drsim::cli {

struct HistoryOption {
  std::string file;   // --history; "" = the default place
  bool none = false;  // --no-history
  // The file to use: --history, else history::default_history_path().
  std::string path() const;
};

// Adds `--history FILE` to `cmd`, and with `may_skip` `--no-history` (the two exclude each other).
std::shared_ptr<HistoryOption> add_history_option(CLI::App& cmd, bool may_skip);

}  // namespace drsim::cli
