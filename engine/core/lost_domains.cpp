#include "engine/core/lost_domains.hpp"

namespace drsim::engine {

LostDomains::LostDomains(const model::Model& m, std::vector<std::string> ids)
    : ids_(std::move(ids)), bound_(&m), out_(m.domains.size(), 0) {
  if (ids_.empty()) return;
  for (std::size_t i = 0; i < out_.size(); ++i) out_[i] = m.within_any(i, ids_);
}

bool LostDomains::alive(const model::Model& m, const std::string& id) const {
  if (ids_.empty()) return true;
  if (bound_ == &m) {
    const auto pos = m.domain_position(id);
    return !pos || !out_[*pos];
  }
  return !m.within_any(id, ids_);
}

}  // namespace drsim::engine
