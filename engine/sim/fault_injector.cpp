#include "engine/sim/fault_injector.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/planner.hpp"

namespace drsim::engine::sim {
namespace sg4 = simgrid::s4u;

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
    if (e.t > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(e.t);
    ++events_;
    apply(sc_.faults[e.fault], e.start);
  }
}

void FaultInjector::apply(const Fault& f, bool start) {
  switch (f.kind) {
    case FaultKind::kDomainLoss: {
      lost_[f.target] += start ? 1 : -1;
      lost_list_.clear();
      for (const auto& [d, n] : lost_) {
        if (n > 0) lost_list_.push_back(d);
      }
      for (auto* h : p_.hosts_in[f.target]) {
        if (start) {
          h->turn_off();
        } else if (alive(m_, p_.domain_of.at(h), lost_list_)) {
          h->turn_on();  // an enclosing domain may still be lost
        }
      }
      for (auto* l : p_.links_in[f.target]) start ? l->turn_off() : l->turn_on();
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

}  // namespace drsim::engine::sim
