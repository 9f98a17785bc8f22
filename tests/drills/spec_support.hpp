// Loading drill files from text in the drill tests: the spec, or the whole text of the errors
// (InputError) it is refused with, so tests assert every diagnostic in full.
#pragma once

#include <string>

#include "drills/drill_spec.hpp"
#include "model/document.hpp"
#include "model/errors.hpp"

namespace drsim::test {

inline drills::DrillSpec load_spec(const std::string& yaml, const std::string& file = "d.yaml") {
  return drills::load_drill(parse_document(yaml, file, false), file, yaml);
}

inline std::string spec_errors(const std::string& yaml, const std::string& file = "d.yaml") {
  try {
    load_spec(yaml, file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace drsim::test
