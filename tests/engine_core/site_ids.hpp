// ServiceState::sites holds positions in m.domains: these turn them into ids and back, so that
// tests say where instances run by name.
#pragma once

#include <string>
#include <vector>

#include "engine/core/planner.hpp"

namespace drsim::test {

inline std::vector<std::string> site_ids(const model::Model& m, const engine::ServiceState& st) {
  std::vector<std::string> out;
  for (const auto pos : st.sites) out.push_back(engine::site_id(m, pos));
  return out;
}

inline engine::PerInstance<std::size_t> sites_at(const model::Model& m,
                                                 const std::vector<std::string>& ids) {
  engine::PerInstance<std::size_t> out;
  for (const auto& id : ids) out.push_back(engine::site_position(m, id));
  return out;
}

}  // namespace drsim::test
