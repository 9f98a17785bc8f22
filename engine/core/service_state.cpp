#include "engine/core/service_state.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace drsim::engine {
namespace {

// THE ALTERNATIVES RULE over the services' positions in the model, composed depth first.
struct Composer {
  const model::Model& m;
  std::vector<Timeline>& own;  // consumed: each becomes its service's effective timeline
  double horizon;
  std::vector<std::optional<Timeline>> done;
  std::vector<char> visiting;

  const Timeline& of(std::size_t i) {
    if (done[i]) return *done[i];
    visiting[i] = 1;
    Timeline t = i < own.size() ? std::move(own[i]) : Timeline(horizon);
    const auto& items = m.services[i].depends_on;
    for (std::size_t k = 0; k < items.size(); ++k) {
      const auto& dep = items[k];
      const auto& alternatives = m.dependency_positions(i, k);
      bool unknown = false, cut = true;
      for (std::size_t a : alternatives) {
        unknown = unknown || a == visiting.size();
        cut = cut && a < visiting.size() && visiting[a];
      }
      // An alternative that is no service is always up; every alternative closing a cycle cuts
      // the item here. Either way the item has no effect.
      if (unknown || cut) continue;
      std::optional<Timeline> store;
      const Timeline& best = item_timeline(
          alternatives,
          [this](std::size_t a) -> const Timeline* { return visiting[a] ? nullptr : &of(a); },
          horizon, store);
      if (best.always_up()) continue;
      t = Timeline::worst(t, dep.mode == model::DependencyMode::kHard
                                 ? hard_effect(best, dep.tolerate)
                                 : queued_effect(best, dep.buffer));
    }
    visiting[i] = 0;
    done[i] = std::move(t);
    return *done[i];
  }
};

}  // namespace

bool item_out(const model::Dependency& item, const std::function<bool(const std::string&)>& out) {
  const auto alts = item.alternatives();
  return std::all_of(alts.begin(), alts.end(), out);
}

const Timeline& item_timeline(const std::vector<std::size_t>& alternatives,
                              const std::function<const Timeline*(std::size_t)>& of, double horizon,
                              std::optional<Timeline>& store) {
  const Timeline* best = nullptr;
  for (std::size_t alt : alternatives) {
    const Timeline* t = of(alt);
    if (!t) continue;
    if (best) {
      store = Timeline::best(*best, *t);
      t = &*store;
    }
    best = t;
  }
  if (best) return *best;
  store = Timeline(horizon);
  return *store;
}

std::vector<Timeline> effective_timelines(const model::Model& m, std::vector<Timeline> own,
                                          double horizon) {
  const std::size_t n = m.services.size();
  Composer c{m, own, horizon, std::vector<std::optional<Timeline>>(n), std::vector<char>(n, 0)};
  std::vector<Timeline> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) c.of(i);
  for (auto& t : c.done) out.push_back(std::move(*t));
  return out;
}

}  // namespace drsim::engine
