// The executor's Runtime (engine/core/runtime.hpp) on SimGrid, the reference: actors are s4u
// actors on the platform's control host, waits a condition variable, transfers real
// communications between the platform's hosts (exact max-min sharing, platform.hpp), and a lost
// domain turns its hosts and links off. One per process, like the s4u::Engine it runs on.
#pragma once

#include <simgrid/s4u.hpp>

#include "engine/core/runtime.hpp"
#include "engine/sim/platform.hpp"
#include "model/model.hpp"

namespace drsim::engine::sim {

class SimGridRuntime : public Runtime {
 public:
  SimGridRuntime(simgrid::s4u::Engine& engine, Platform& platform, const model::Model& m);

  double now() const override;
  void spawn(const ActorName& name, std::function<void()> body) override;
  void sleep_for(double seconds) override;
  bool wait_until(const std::function<bool()>& pred, double timeout) override;
  void notify_all() override;
  bool transfer(const std::string& store, const std::string& site, double bytes) override;
  void domain_changed(const std::string& domain, bool lost,
                      const std::vector<std::string>& lost_now) override;
  void run_until(double horizon) override;
  // SimGrid aborts when blocked actors or their synchronisation objects are torn down.
  bool stop_actors() override { return false; }

  double run_wall_s = 0;  // wall seconds run_until() took, for benchmarks

 private:
  simgrid::s4u::Engine& engine_;
  Platform& p_;
  const model::Model& m_;
  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr cv_;
};

}  // namespace drsim::engine::sim
