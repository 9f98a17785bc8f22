#include "engine/core/service_state.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace drsim::engine {
namespace {

// Calls `f` with each alternative of `item` without building a vector (the hot path of a trial).
template <typename F>
void each_alternative(const model::Dependency& item, F f) {
  if (item.any_of.empty()) {
    f(item.service);
  } else {
    for (const auto& alt : item.any_of) f(alt);
  }
}

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
    for (const auto& dep : m.services[i].depends_on) {
      bool unknown = false, cut = true;
      each_alternative(dep, [&](const std::string& alt) {
        const std::size_t a = m.service_position(alt);
        unknown = unknown || a == visiting.size();
        cut = cut && a < visiting.size() && visiting[a];
      });
      // An alternative that is no service is always up; every alternative closing a cycle cuts
      // the item here. Either way the item has no effect.
      if (unknown || cut) continue;
      std::optional<Timeline> store;
      const Timeline& best = item_timeline(
          dep,
          [this](const std::string& alt) -> const Timeline* {
            const std::size_t a = m.service_position(alt);
            return visiting[a] ? nullptr : &of(a);
          },
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

const Timeline& item_timeline(const model::Dependency& item,
                              const std::function<const Timeline*(const std::string&)>& of,
                              double horizon, std::optional<Timeline>& store) {
  const Timeline* best = nullptr;
  each_alternative(item, [&](const std::string& alt) {
    const Timeline* t = of(alt);
    if (!t) return;
    if (best) {
      store = Timeline::best(*best, *t);
      t = &*store;
    }
    best = t;
  });
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
