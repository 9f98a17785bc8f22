// `drsim blast-radius MODEL --fail CLASS:ID [-f text|json] [-o FILE]`: what one failure takes
// down, read off the model's graphs (engine/core/blast_radius.hpp). Exit 0 whatever the radius:
// this is a question about the design, not a verdict on objectives.
#include <ostream>

#include "cli/command.hpp"
#include "cli/output_options.hpp"
#include "engine/core/blast_radius.hpp"
#include "model/loader.hpp"

namespace drsim::cli {

void add_blast_radius_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "blast-radius", "List what one failure takes down: services, dependants, data sets");
  auto file = std::make_shared<std::string>();
  auto fail = std::make_shared<std::string>();
  cmd->add_option("MODEL", *file, "Model file (YAML or JSON)")->required();
  cmd->add_option("--fail", *fail,
                  "What fails: az:ZONE, datacenter:ID, region:ID, vendor:ID, office:ID or "
                  "dependency:SERVICE")
      ->required();
  auto output = add_output_options(*cmd, {"text", "json"});
  cmd->callback([=, &action]() {
    action = [=]() {
      auto loaded = model::load_model(*file);
      io.err << format_diagnostics(loaded.warnings);
      auto failure = engine::parse_failure(*fail, loaded.model);
      model::EstateGraph graph(loaded.model);
      auto radius = engine::blast_radius(graph, failure);
      emit(*output,
           output->json() ? engine::to_json(radius).dump(2) + "\n" : engine::to_text(radius),
           io.out);
      return 0;
    };
  });
}

}  // namespace drsim::cli
