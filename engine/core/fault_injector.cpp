#include "engine/core/fault_injector.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/planner.hpp"

namespace drsim::engine {

using scenarios::Fault;
using scenarios::FaultKind;

void FaultInjector::run() {
  struct Event {
    double t;
    bool start;
    std::size_t fault;
  };
  std::vector<Event> ev;
  const double horizon = sc_.horizon_s;
  for (std::size_t i = 0; i < sc_.faults.size(); ++i) {
    const Fault& f = sc_.faults[i];
    double b = f.start_s - sc_.t0();
    ev.push_back({b, true, i});
    if (std::isfinite(f.duration_s) && b + f.duration_s < horizon) {
      ev.push_back({b + f.duration_s, false, i});
    }
  }
  std::stable_sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) {
    return a.t < b.t || (a.t == b.t && !a.start && b.start);
  });
  for (const auto& e : ev) {
    if (e.t > rt_.now()) rt_.sleep_for(e.t - rt_.now());
    ++rt_.events;
    apply(sc_.faults[e.fault], e.start);
  }
}

void FaultInjector::apply(const Fault& f, bool start) {
  switch (f.kind) {
    case FaultKind::kDomainLoss: {
      lost_[f.target] += start ? 1 : -1;
      std::vector<std::string> out;
      for (const auto& [d, n] : lost_) {
        if (n > 0) out.push_back(d);
      }
      lost_list_ = LostDomains(m_, std::move(out));
      rt_.domain_changed(f.target, start, lost_list_.ids());
      const auto& offices = m_.people.offices;
      if (start && m_.people.remote_work && notes_.empty() &&
          std::find(offices.begin(), offices.end(), f.target) != offices.end()) {
        notes_.push_back("people work remotely");
      }
      break;
    }
    case FaultKind::kHardware:
      sink_.hardware(f.target, start);
      break;
    case FaultKind::kDependency:
      sink_.dependency(f.target, start);
      break;
    case FaultKind::kCorruption:
    case FaultKind::kDeletion:
    case FaultKind::kRansomware:
      if (start) sink_.logical_damage(f);
      break;
    case FaultKind::kBadBackup:
    case FaultKind::kDestroy:
      if (start) sink_.copies_lost(f);
      if (start && f.kind == FaultKind::kDestroy) {
        const auto* store = m_.find_store(f.target);
        if (store && (store->immutable || store->offline)) {
          notes_.push_back("store " + f.target + " survives its destruction (" +
                           (store->immutable ? "object lock" : "offline") + ")");
        } else {
          notes_.push_back("store " + f.target + " destroyed with its versions");
        }
      }
      break;
  }
  sink_.changed(!start);
}

}  // namespace drsim::engine
