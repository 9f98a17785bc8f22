// The "service up" rule of DESIGN.md §4 over timelines: a service is up when it has its minimum
// healthy capacity (its own timeline, produced by the simulation) and every hard dependency is
// up; a queued dependency that is down only degrades it while the queue's buffer lasts. A
// dependency item with `any_of` alternatives is out only while every alternative is out — THE
// ALTERNATIVES RULE, below, used by simulate, analyze and blast-radius alike.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/timeline.hpp"
#include "model/model.hpp"

namespace drsim::engine {

// THE ALTERNATIVES RULE at one moment: a dependency item (one service, or `any_of`
// alternatives) is out only when `out` holds for every alternative.
bool item_out(const model::Dependency& item, const std::function<bool(const std::string&)>& out);

// The same over time: the timeline an item offers its dependant, the pointwise best of its
// alternatives' timelines (`alternatives`: their positions, Model::dependency_positions(); `of`
// gives a position's timeline, nullptr to leave it out; an always-up timeline over `horizon`
// when none is left). The result is `of`'s own timeline when only one alternative is left (no
// copy), else kept in `store`.
// GCC 12 sees a read past small_vector's inline points when a Timeline is moved here (with
// the composer beside it): boost copies only the points it holds.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
template <class Of>
const Timeline& item_timeline(const std::vector<std::size_t>& alternatives, Of of, double horizon,
                              std::optional<Timeline>& store) {
  const Timeline* best = nullptr;
  for (std::size_t alt : alternatives) {
    const Timeline* t = of(alt);
    if (!t) continue;
    if (best) {
      Timeline combined = Timeline::best(*best, *t);  // `best` may be the one in `store`
      t = &store.emplace(std::move(combined));
    }
    best = t;
  }
  if (best) return *best;
  store.emplace(horizon);
  return *store;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// Effective timelines of every service of `m` (model order), from their own-capacity timelines
// `own` (model order; services past its end count as always up over `horizon` seconds). A hard
// dependency passes its state on through hard_effect() (down -> down after its `tolerate`, degraded
// -> degraded); a queued one goes through queued_effect(). A dependency cycle is cut at the edge
// that closes it, so the result is always defined.
std::vector<Timeline> effective_timelines(const model::Model& m, std::vector<Timeline> own,
                                          double horizon);

}  // namespace drsim::engine
