// The "service up" rule of DESIGN.md §4 over timelines: a service is up when it has its minimum
// healthy capacity (its own timeline, produced by the simulation) and every hard dependency is
// up; a queued dependency that is down only degrades it while the queue's buffer lasts.
#pragma once

#include <map>
#include <string>

#include "engine/core/timeline.hpp"
#include "model/model.hpp"

namespace drsim::engine {

// Effective timelines of every service of `m`, from their own-capacity timelines `own`
// (missing entries count as always up over `horizon` seconds). A hard dependency passes its
// state on through hard_effect() (down -> down after its `tolerate`, degraded -> degraded); a
// queued one goes through queued_effect().
// A dependency cycle is cut at the edge that closes it, so the result is always defined.
std::map<std::string, Timeline> effective_timelines(const model::Model& m,
                                                    const std::map<std::string, Timeline>& own,
                                                    double horizon);

}  // namespace drsim::engine
