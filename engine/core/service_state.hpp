// The "service up" rule of DESIGN.md §4 over timelines: a service is up when it has its minimum
// healthy capacity (its own timeline, produced by the simulation) and every hard dependency is
// up; a queued dependency that is down only degrades it while the queue's buffer lasts. A
// dependency item with `any_of` alternatives is out only while every alternative is out — THE
// ALTERNATIVES RULE, below, used by simulate, analyze and blast-radius alike.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "engine/core/timeline.hpp"
#include "model/model.hpp"

namespace drsim::engine {

// THE ALTERNATIVES RULE at one moment: a dependency item (one service, or `any_of`
// alternatives) is out only when `out` holds for every alternative.
bool item_out(const model::Dependency& item, const std::function<bool(const std::string&)>& out);

// The same over time: the timeline an item offers its dependant, the pointwise best of its
// alternatives' timelines (`of`; alternatives it returns nullptr for are left out, nullopt-like:
// an always-up timeline over `horizon` when none is left).
Timeline item_timeline(const model::Dependency& item,
                       const std::function<const Timeline*(const std::string&)>& of,
                       double horizon);

// Effective timelines of every service of `m`, from their own-capacity timelines `own`
// (missing entries count as always up over `horizon` seconds). A hard dependency passes its
// state on through hard_effect() (down -> down after its `tolerate`, degraded -> degraded); a
// queued one goes through queued_effect().
// A dependency cycle is cut at the edge that closes it, so the result is always defined.
std::map<std::string, Timeline> effective_timelines(const model::Model& m,
                                                    const std::map<std::string, Timeline>& own,
                                                    double horizon);

}  // namespace drsim::engine
