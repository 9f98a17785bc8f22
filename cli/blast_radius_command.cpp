// `drsim blast-radius MODEL --fail CLASS:ID [--format text|json]`: what one failure takes down,
// read off the model's graphs (engine/core/blast_radius.hpp). Exit 0 whatever the radius: this is a
// question about the design, not a verdict on objectives.
#include <ostream>

#include "cli/command.hpp"
#include "engine/core/blast_radius.hpp"
#include "model/errors.hpp"
#include "model/loader.hpp"

namespace drsim::cli {

void add_blast_radius_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "blast-radius", "List what one failure takes down: services, dependants, data sets");
  auto file = std::make_shared<std::string>();
  auto fail = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("MODEL", *file, "Model file (YAML or JSON)")->required();
  cmd->add_option("--fail", *fail,
                  "What fails: az:ZONE, datacenter:ID, region:ID, vendor:ID, office:ID or "
                  "dependency:SERVICE")
      ->required();
  cmd->add_option("--format", *format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([=, &action]() {
    action = [=]() {
      auto loaded = model::load_model(*file);
      io.err << format_diagnostics(loaded.warnings);
      auto failure = engine::parse_failure(*fail, loaded.model);
      model::EstateGraph graph(loaded.model);
      auto radius = engine::blast_radius(graph, failure);
      if (*format == "json") {
        io.out << engine::to_json(radius).dump(2) << "\n";
      } else {
        io.out << engine::to_text(radius);
      }
      return 0;
    };
  });
}

}  // namespace drsim::cli
