#include "engine/core/service_state.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace drsim::engine {
namespace {

// THE ALTERNATIVES RULE over the services' positions in the model, composed depth first and in
// place: each own timeline becomes its service's effective timeline.
struct Composer {
  const model::Model& m;
  std::vector<Timeline>& t;  // own timelines, then effective ones once `state` says done
  double horizon;
  enum : char { kOwn, kVisiting, kDone };
  std::vector<char> state;

  const Timeline& of(std::size_t i) {
    if (state[i] == kDone) return t[i];
    state[i] = kVisiting;
    const auto& items = m.services[i].depends_on;
    for (std::size_t k = 0; k < items.size(); ++k) {
      const auto& dep = items[k];
      const auto& alternatives = m.dependency_positions(i, k);
      bool unknown = false, cut = true;
      for (std::size_t a : alternatives) {
        unknown = unknown || a == state.size();
        cut = cut && a < state.size() && state[a] == kVisiting;
      }
      // An alternative that is no service is always up; every alternative closing a cycle cuts
      // the item here. Either way the item has no effect.
      if (unknown || cut) continue;
      std::optional<Timeline> store;
      const Timeline& best = item_timeline(
          alternatives,
          [this](std::size_t a) -> const Timeline* {
            return state[a] == kVisiting ? nullptr : &of(a);
          },
          horizon, store);
      if (best.always_up()) continue;
      if (dep.mode != model::DependencyMode::kHard) {
        t[i] = Timeline::worst(t[i], queued_effect(best, dep.buffer));
      } else if (dep.tolerate > 0) {
        t[i] = Timeline::worst(t[i], hard_effect(best, dep.tolerate));
      } else {
        t[i] = Timeline::worst(t[i], best);  // hard_effect(best, 0) is `best` itself
      }
    }
    state[i] = kDone;
    return t[i];
  }
};

}  // namespace

bool item_out(const model::Dependency& item, const std::function<bool(const std::string&)>& out) {
  const auto alts = item.alternatives();
  return std::all_of(alts.begin(), alts.end(), out);
}

std::vector<Timeline> effective_timelines(const model::Model& m, std::vector<Timeline> own,
                                          double horizon) {
  const std::size_t n = m.services.size();
  while (own.size() < n) own.emplace_back(horizon);
  Composer c{m, own, horizon, std::vector<char>(n, Composer::kOwn)};
  for (std::size_t i = 0; i < n; ++i) c.of(i);
  return own;
}

}  // namespace drsim::engine
