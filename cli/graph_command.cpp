// `drsim graph MODEL [-f dot|json] [-o FILE]`: the dependency graph drawn inside the
// failure-domain tree (model/graph_export.hpp), to standard output or a file.
#include <ostream>

#include "cli/command.hpp"
#include "cli/output_options.hpp"
#include "model/graph_export.hpp"
#include "model/loader.hpp"

namespace drsim::cli {

void add_graph_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "graph", "Print the dependency graph inside the failure-domain tree (DOT or JSON)");
  auto file = std::make_shared<std::string>();
  cmd->add_option("MODEL", *file, "Model file (YAML or JSON)")->required();
  // DOT is this command's text form: Graphviz draws it, a person can read it.
  auto output = add_output_options(*cmd, {"dot", "json"}, {{"text", "dot"}});
  cmd->callback([=, &action]() {
    action = [=]() {
      auto loaded = model::load_model(*file);
      io.err << format_diagnostics(loaded.warnings);
      model::EstateGraph graph(loaded.model);
      emit(*output, output->json() ? model::to_json(graph).dump(2) + "\n" : model::to_dot(graph),
           io.out);
      return 0;
    };
  });
}

}  // namespace drsim::cli
