// Loading an estate model from YAML or JSON (format: docs/model-format.md). Every problem in
// the file is reported at once as located diagnostics; risky designs come back as warnings.
#pragma once

#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/document.hpp"
#include "model/model.hpp"

namespace drsim::model {

struct LoadResult {
  Model model;
  std::vector<Diagnostic> warnings;  // risky designs, in file order
};

// Loads, validates and expands a model file. Throws InputError listing every error found
// (warnings included in the list, after sorting by position).
LoadResult load_model(const std::string& path);
// Same, from an already parsed document; `bytes` is the file's content for the checksum.
LoadResult load_model(const Node& root, const std::string& path, const std::string& bytes);

}  // namespace drsim::model
