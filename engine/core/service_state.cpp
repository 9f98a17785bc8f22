#include "engine/core/service_state.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace drsim::engine {
namespace {

struct Composer {
  const model::Model& m;
  const std::map<std::string, Timeline>& own;
  double horizon;
  std::map<std::string, Timeline> done;
  std::set<std::string> visiting;

  const Timeline& of(const std::string& id) {
    auto d = done.find(id);
    if (d != done.end()) return d->second;
    visiting.insert(id);
    auto o = own.find(id);
    Timeline t = o != own.end() ? o->second : Timeline(horizon);
    if (const auto* s = m.find_service(id)) {
      for (const auto& dep : s->depends_on) {
        bool cut = true;  // every alternative closes a cycle: cut the item here
        for (const auto& alt : dep.alternatives()) cut = cut && visiting.count(alt) > 0;
        if (cut) continue;
        Timeline dt = item_timeline(
            dep,
            [this](const std::string& alt) { return visiting.count(alt) ? nullptr : &of(alt); },
            horizon);
        t = Timeline::worst(t, dep.mode == model::DependencyMode::kHard
                                   ? hard_effect(dt, dep.tolerate)
                                   : queued_effect(dt, dep.buffer));
      }
    }
    visiting.erase(id);
    return done.emplace(id, std::move(t)).first->second;
  }
};

}  // namespace

bool item_out(const model::Dependency& item, const std::function<bool(const std::string&)>& out) {
  const auto alts = item.alternatives();
  return std::all_of(alts.begin(), alts.end(), out);
}

Timeline item_timeline(const model::Dependency& item,
                       const std::function<const Timeline*(const std::string&)>& of,
                       double horizon) {
  std::optional<Timeline> best;
  for (const auto& alt : item.alternatives()) {
    const Timeline* t = of(alt);
    if (!t) continue;
    best = best ? Timeline::best(*best, *t) : *t;
  }
  return best ? *best : Timeline(horizon);
}

std::map<std::string, Timeline> effective_timelines(const model::Model& m,
                                                    const std::map<std::string, Timeline>& own,
                                                    double horizon) {
  Composer c{m, own, horizon, {}, {}};
  for (const auto& s : m.services) c.of(s.id);
  return std::move(c.done);
}

}  // namespace drsim::engine
