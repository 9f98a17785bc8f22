#include "cli/model_option.hpp"

#include "model/overlay.hpp"

namespace drsim::cli {

model::LoadResult ModelOption::load() const { return model::load_model(file, overlays); }

std::shared_ptr<ModelOption> add_model_option(CLI::App& cmd, const std::string& what) {
  auto option = std::make_shared<ModelOption>();
  cmd.add_option("MODEL", option->file, what)->required();
  cmd.add_option("--overlay", option->overlays,
                 "Change the model's values with this file first (repeatable, applied in order), "
                 "e.g. what drsim calibrate --overlay-out wrote")
      ->type_name("FILE")
      ->take_all()
      ->allow_extra_args(false);
  return option;
}

}  // namespace drsim::cli
