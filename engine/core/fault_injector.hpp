// Fault injection for one simulated scenario: an actor that sleeps until each fault's start and
// end (ends before starts at the same instant, otherwise in file order), tells the runtime when
// a domain is lost and back (its hosts and links go off and on; a host comes back only when no
// enclosing domain is still lost), keeps the list of lost domains, and tells the executor what
// changed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/core/lost_domains.hpp"
#include "engine/core/runtime.hpp"
#include "model/model.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::engine {

// What the executor does with faults that are not domain losses, and with every change.
class FaultSink {
 public:
  virtual ~FaultSink() = default;
  virtual void hardware(const std::string& service, bool start) = 0;
  virtual void dependency(const std::string& service, bool start) = 0;
  virtual void logical_damage(const scenarios::Fault& fault) = 0;
  // A bad-backup fault (runs unusable) or a destroyed store starts; both last the whole run.
  virtual void copies_lost(const scenarios::Fault& fault) = 0;
  // After every fault start (false) or end (true).
  virtual void changed(bool outage_ended) = 0;
};

class FaultInjector {
 public:
  FaultInjector(const model::Model& m, const scenarios::Scenario& sc, Runtime& rt, FaultSink& sink)
      : m_(m), sc_(sc), rt_(rt), sink_(sink) {}

  // The actor's body: applies every fault start and end in time order.
  void run();

  // Domains out right now, in id order.
  const LostDomains& lost_domains() const { return lost_list_; }
  // Notes for the scenario line ("people work remotely").
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  void apply(const scenarios::Fault& f, bool start);

  const model::Model& m_;
  const scenarios::Scenario& sc_;
  Runtime& rt_;
  FaultSink& sink_;
  std::map<std::string, int> lost_;  // domain -> active losses
  LostDomains lost_list_;            // bound to the model
  std::vector<std::string> notes_;
};

}  // namespace drsim::engine
