// The estate model a command reads: the MODEL argument and `--overlay FILE` (repeatable, applied
// in order: model/overlay.hpp), for `simulate` and `calibrate`.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "model/loader.hpp"

namespace drsim::cli {

struct ModelOption {
  std::string file;                   // MODEL
  std::vector<std::string> overlays;  // --overlay FILE...
  // The model with its overlays applied (model::load_model).
  model::LoadResult load() const;
};

// Adds the required MODEL argument (`what` is its help) and `--overlay FILE` to `cmd`.
std::shared_ptr<ModelOption> add_model_option(CLI::App& cmd, const std::string& what);

}  // namespace drsim::cli
