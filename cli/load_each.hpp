// Reading the input files of a command that takes several (`drsim report RESULT...`, `drsim merge
// SHARD...`): every file is read, and the problems of all of them are reported at once.
#pragma once

#include <string>
#include <type_traits>
#include <vector>

#include "model/errors.hpp"

namespace drsim::cli {

// `load(file)` of every file, in order. Throws one InputError holding the diagnostics of every
// file that `load` refused.
template <typename Load>
auto load_each(const std::vector<std::string>& files, Load load)
    -> std::vector<std::invoke_result_t<Load, const std::string&>> {
  std::vector<std::invoke_result_t<Load, const std::string&>> out;
  std::vector<Diagnostic> errors;
  for (const auto& file : files) {
    try {
      out.push_back(load(file));
    } catch (const InputError& e) {
      errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!errors.empty()) throw InputError(errors);
  return out;
}

}  // namespace drsim::cli
