// Where the drill history lives unless --history says otherwise (docs/history.md "Where"): the
// XDG base-directory rule for state, $XDG_STATE_HOME/drsim/history.sqlite when that variable holds
// an absolute path, else $HOME/.local/state/drsim/history.sqlite.
#pragma once

#include <string>

namespace drsim::history {

// The default history file, from the environment. Throws EnvironmentError when neither
// XDG_STATE_HOME nor HOME is an absolute path.
std::string default_history_path();

}  // namespace drsim::history
