// `drsim graph MODEL --format dot|json [-o FILE]`: the dependency graph drawn inside the
// failure-domain tree (model/graph_export.hpp), to standard output or a file.
#include <fstream>
#include <ostream>

#include "cli/command.hpp"
#include "model/errors.hpp"
#include "model/graph_export.hpp"
#include "model/loader.hpp"

namespace drsim::cli {

void add_graph_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "graph", "Print the dependency graph inside the failure-domain tree (DOT or JSON)");
  auto file = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("dot");
  auto output = std::make_shared<std::string>();
  cmd->add_option("MODEL", *file, "Model file (YAML or JSON)")->required();
  cmd->add_option("--format", *format, "Output format")
      ->check(CLI::IsMember({"dot", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", *output, "Write to FILE instead of standard output");
  cmd->callback([=, &action]() {
    action = [=]() {
      auto loaded = model::load_model(*file);
      io.err << format_diagnostics(loaded.warnings);
      model::EstateGraph graph(loaded.model);
      const std::string text =
          *format == "dot" ? model::to_dot(graph) : model::to_json(graph).dump(2) + "\n";
      if (output->empty()) {
        io.out << text;
        return 0;
      }
      std::ofstream f(*output, std::ios::binary | std::ios::trunc);
      f << text;
      f.close();
      if (!f) {
        throw EnvironmentError("cannot write " + *output,
                               "check that the directory exists and is writable");
      }
      return 0;
    };
  });
}

}  // namespace drsim::cli
