// `drsim validate MODEL...`: load and check models, print every error and warning, exit 3 if any
// model is invalid.
#include <ostream>

#include "cli/command.hpp"
#include "model/errors.hpp"
#include "model/loader.hpp"

namespace drsim::cli {

void add_validate_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "validate",
      "Check estate models and report every problem at once (exit 0 valid, warnings on stderr; "
      "exit 3 invalid)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("MODEL", *files, "Model files (YAML or JSON)")->required();
  cmd->add_flag("-q,--quiet", *quiet, "Print nothing for valid models");
  cmd->callback([=, &action]() {
    action = [=]() {
      std::vector<Diagnostic> errors;
      for (const auto& file : *files) {
        try {
          auto loaded = model::load_model(file);
          io.err << format_diagnostics(loaded.warnings);
          if (!*quiet) {
            io.out << file << ": ok: " << loaded.model.services.size() << " services, "
                   << loaded.model.domains.size() << " failure domains, " << loaded.warnings.size()
                   << " warnings\n";
          }
        } catch (const InputError& e) {
          errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
      }
      if (!errors.empty()) throw InputError(errors);
      return 0;
    };
  });
}

}  // namespace drsim::cli
