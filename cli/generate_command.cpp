// `drsim completion bash|zsh` and `drsim manpage`: hidden commands (left out of --help, the
// completion scripts and the man page) that print the shell completion scripts and the drsim(1)
// man page generated from the command line itself (cli/command_tree.hpp). The build runs them
// to make the files `cmake --install` installs (CMakeLists.txt).
#include <memory>
#include <ostream>
#include <string>

#include "cli/command.hpp"
#include "cli/command_tree.hpp"
#include "cli/completion_script.hpp"
#include "cli/man_page.hpp"
#include "drsim/version.hpp"
#include "model/errors.hpp"

namespace drsim::cli {

void add_generate_commands(CLI::App& app, Action& action, Io io) {
  auto* completion = app.add_subcommand("completion", "Print the shell completion script");
  completion->group("");
  auto shell = std::make_shared<std::string>();
  completion->add_option("SHELL", *shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  // The tree is read when the command runs: by then every command has been declared.
  completion->callback([&app, shell, &action, io]() {
    action = [&app, shell, io]() {
      const CommandDoc root = describe_commands(app);
      io.out << (*shell == "bash" ? bash_completion(root) : zsh_completion(root));
      return static_cast<int>(ExitCode::kOk);
    };
  });
  auto* manpage = app.add_subcommand("manpage", "Print the drsim(1) manual page (roff)");
  manpage->group("");
  manpage->callback([&app, &action, io]() {
    action = [&app, io]() {
      io.out << man_page(describe_commands(app), std::string("drsim ") + kVersion);
      return static_cast<int>(ExitCode::kOk);
    };
  });
}

}  // namespace drsim::cli
