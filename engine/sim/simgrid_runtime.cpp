#include "engine/sim/simgrid_runtime.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <mutex>

#include "engine/core/planner.hpp"

namespace drsim::engine::sim {
namespace sg4 = simgrid::s4u;

SimGridRuntime::SimGridRuntime(sg4::Engine& engine, Platform& platform, const model::Model& m)
    : engine_(engine),
      p_(platform),
      m_(m),
      mutex_(sg4::Mutex::create()),
      cv_(sg4::ConditionVariable::create()) {}

double SimGridRuntime::now() const { return sg4::Engine::get_clock(); }

void SimGridRuntime::spawn(const ActorName& name, std::function<void()> body) {
  sg4::Actor::create(name.str(), p_.control, std::move(body));
}

void SimGridRuntime::sleep_for(double seconds) { sg4::this_actor::sleep_for(seconds); }

bool SimGridRuntime::wait_until(const std::function<bool()>& pred, double timeout) {
  std::unique_lock<sg4::Mutex> lock(*mutex_);
  if (std::isinf(timeout)) {
    while (!pred()) cv_->wait(lock);
    return true;
  }
  return cv_->wait_for(lock, timeout, pred);
}

void SimGridRuntime::notify_all() { cv_->notify_all(); }

bool SimGridRuntime::transfer(const std::string& store, const std::string& site, double bytes) {
  try {
    sg4::Comm::sendto_async(p_.store_host.at(store), p_.site_host.at(site),
                            static_cast<std::uint64_t>(std::llround(bytes)))
        ->wait();
  } catch (const simgrid::Exception&) {
    return false;
  }
  return true;
}

void SimGridRuntime::domain_changed(const std::string& domain, bool lost,
                                    const std::vector<std::string>& lost_now) {
  for (auto* h : p_.hosts_in[domain]) {
    if (lost) {
      h->turn_off();
    } else if (alive(m_, p_.domain_of.at(h), lost_now)) {
      h->turn_on();  // an enclosing domain may still be lost
    }
  }
  for (auto* l : p_.links_in[domain]) lost ? l->turn_off() : l->turn_on();
}

void SimGridRuntime::run_until(double horizon) {
  // Wall-clock figures feed benchmarks only; nothing in the result depends on them.
  const auto wall0 = std::chrono::steady_clock::now();
  engine_.run_until(horizon);
  run_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
}

}  // namespace drsim::engine::sim
