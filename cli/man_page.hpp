// The drsim(1) manual page, generated from the command tree (cli/command_tree.hpp) by the hidden
// `drsim manpage` command and installed by `cmake --install` (CMakeLists.txt): every command with
// its synopsis, description and options, then exit status, environment and where the
// documentation is.
#pragma once

#include <string>

#include "cli/command_tree.hpp"

namespace drsim::cli {

// The page in man(7) roff, ASCII only (other characters as \[uXXXX]); `version` goes to the
// header ("drsim 0.1.0").
std::string man_page(const CommandDoc& root, const std::string& version);

}  // namespace drsim::cli
