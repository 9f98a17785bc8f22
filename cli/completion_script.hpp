// Shell completion for drsim, generated from the command tree (cli/command_tree.hpp) by the hidden
// `drsim completion bash|zsh` command and installed by `cmake --install` (CMakeLists.txt).
// Subcommands, options and the values an option names (`--format` text|json) are completed; file
// arguments fall back to the shell's file name completion.
#pragma once

#include <string>

#include "cli/command_tree.hpp"

namespace drsim::cli {

// A bash script defining _drsim and registering it with `complete -F _drsim drsim`; needs no
// bash-completion helpers.
std::string bash_completion(const CommandDoc& root);
// A zsh completion function file (#compdef drsim) built on _arguments, for a directory in $fpath
// as `_drsim`.
std::string zsh_completion(const CommandDoc& root);

}  // namespace drsim::cli
