#include "cli/history_option.hpp"

#include "history/location.hpp"

namespace drsim::cli {

std::string HistoryOption::path() const {
  return file.empty() ? history::default_history_path() : file;
}

std::shared_ptr<HistoryOption> add_history_option(CLI::App& cmd, bool may_skip) {
  auto option = std::make_shared<HistoryOption>();
  auto* file = cmd.add_option("--history", option->file,
                              "The drill history (SQLite) to " +
                                  std::string(may_skip ? "record the run in" : "read") +
                                  " (default: $XDG_STATE_HOME/drsim/history.sqlite, else "
                                  "~/.local/state/drsim/history.sqlite)")
                   ->type_name("FILE");
  if (may_skip) {
    cmd.add_flag("--no-history", option->none, "Record nothing in the drill history")
        ->excludes(file);
  }
  return option;
}

}  // namespace drsim::cli
