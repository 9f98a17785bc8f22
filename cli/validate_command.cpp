// `drsim validate MODEL... [-f text|json] [-o FILE] [-q]`: load and check models, print every
// error and warning, exit 3 if any model is invalid. With `-f json` the verdict per model and
// its diagnostics come out as "drsim.validation/1" JSON as well.
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/output_options.hpp"
#include "model/errors.hpp"
#include "model/loader.hpp"
#include "reports/report_model.hpp"

namespace drsim::cli {
namespace {

nlohmann::ordered_json to_json(const Diagnostic& d) {
  return {{"severity", d.severity == Severity::kError ? "error" : "warning"},
          {"file", d.loc.file},
          {"line", d.loc.line},
          {"col", d.loc.col},
          {"pointer", d.loc.pointer},
          {"message", d.message},
          {"hints", d.hints}};
}

}  // namespace

void add_validate_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "validate",
      "Check estate models and report every problem at once (exit 0 valid, warnings on stderr; "
      "exit 3 invalid)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("MODEL", *files, "Model files (YAML or JSON)")->required();
  auto output = add_output_options(*cmd, {"text", "json"});
  cmd->add_flag("-q,--quiet", *quiet, "Print nothing for valid models (text format)");
  cmd->callback([=, &action]() {
    action = [=]() {
      std::vector<Diagnostic> errors;
      std::ostringstream text;
      nlohmann::ordered_json models = nlohmann::ordered_json::array();
      for (const auto& file : *files) {
        nlohmann::ordered_json entry = {{"file", file}};
        std::vector<Diagnostic> found;
        try {
          auto loaded = model::load_model(file);
          io.err << format_diagnostics(loaded.warnings);
          found = loaded.warnings;
          entry["valid"] = true;
          entry["services"] = loaded.model.services.size();
          entry["failure_domains"] = loaded.model.domains.size();
          if (!*quiet) {
            text << file
                 << ": ok: " << reports::plural(loaded.model.services.size(), "service", "services")
                 << ", "
                 << reports::plural(loaded.model.domains.size(), "failure domain",
                                    "failure domains")
                 << ", " << reports::plural(loaded.warnings.size(), "warning", "warnings") << "\n";
          }
        } catch (const InputError& e) {
          found = e.diagnostics();
          errors.insert(errors.end(), found.begin(), found.end());
          entry["valid"] = false;
        }
        entry["diagnostics"] = nlohmann::ordered_json::array();
        for (const auto& d : found) entry["diagnostics"].push_back(to_json(d));
        models.push_back(entry);
      }
      if (output->json()) {
        nlohmann::ordered_json doc = {
            {"schema", "drsim.validation/1"}, {"valid", errors.empty()}, {"models", models}};
        emit(*output, doc.dump(2) + "\n", io.out);
      } else {
        emit(*output, text.str(), io.out);
      }
      if (!errors.empty()) throw InputError(errors);
      return 0;
    };
  });
}

}  // namespace drsim::cli
