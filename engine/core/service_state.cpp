#include "engine/core/service_state.hpp"

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
        if (visiting.count(dep.service)) continue;  // cycle: cut here
        const Timeline& dt = of(dep.service);
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

std::map<std::string, Timeline> effective_timelines(const model::Model& m,
                                                    const std::map<std::string, Timeline>& own,
                                                    double horizon) {
  Composer c{m, own, horizon, {}, {}};
  for (const auto& s : m.services) c.of(s.id);
  return std::move(c.done);
}

}  // namespace drsim::engine
