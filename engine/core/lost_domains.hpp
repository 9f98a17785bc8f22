// The failure domains out at one moment of a scenario. The planner asks of every instance,
// replica and zone whether it lies inside one of them (planner.hpp rule 1), hundreds of thousands
// of times in a trial; bound to a model, the answer is one look-up per domain position instead
// of a walk up the tree comparing ids.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace drsim::engine {

class LostDomains {
 public:
  LostDomains() = default;
  // Unbound: alive() walks up the tree (analyze and blast-radius ask once per domain).
  LostDomains(std::vector<std::string> ids) : ids_(std::move(ids)) {}  // NOLINT: implicit
  LostDomains(std::initializer_list<std::string> ids) : ids_(ids) {}
  // Bound to `m`: which of its domains are out is worked out once. Valid while `m` lives with
  // the same domains.
  LostDomains(const model::Model& m, std::vector<std::string> ids);

  // The domains out, as given.
  const std::vector<std::string>& ids() const { return ids_; }
  // True if the domain at `pos` of m.domains, or with id `id`, lies inside none of them (a
  // position or id that is no domain of `m` is alive).
  bool alive(const model::Model& m, std::size_t pos) const {
    if (bound_ == &m) return pos >= out_.size() || !out_[pos];
    return !m.within_any(pos, ids_);
  }
  bool alive(const model::Model& m, const std::string& id) const;

 private:
  std::vector<std::string> ids_;
  const model::Model* bound_ = nullptr;
  std::vector<char> out_;  // bound: per position in bound_->domains, inside a lost domain
};

}  // namespace drsim::engine
