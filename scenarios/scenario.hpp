// What goes wrong and when (DESIGN.md §3): a scenario is a list of timed faults over a horizon,
// with a seed. Built-in classes are named by ids such as "region:ap-southeast-2" or
// "corruption:orders-db"; scenario files (scenarios/loader.hpp) can combine several faults.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace drsim::scenarios {

enum class FaultKind {
  kDomainLoss,  // office, az, region, vendor (target: the domain id)
  kHardware,    // one instance/replica of a service lost (target: the service id)
  kDependency,  // a service (usually external) unavailable (target: the service id)
  kCorruption,  // logical corruption of a data set, found after `detect_after`
  kDeletion,    // data deleted (drop table / bucket emptied), found after `detect_after`
  kRansomware,  // every reachable, mutable copy encrypted (target: "" = whole estate)
  kBadBackup,   // runs of a backup turn out unusable at restore (target: service, `backup`)
  kDestroy,     // a store destroyed with every object version in it (target: the store id)
};

struct Fault {
  FaultKind kind = FaultKind::kDomainLoss;
  model::DisruptionClass cls = model::DisruptionClass::kRegion;
  std::string target;  // domain or service id
  double start_s = 0;  // seconds after the simulation epoch (day 0, 00:00)
  // Seconds until the failed thing comes back by itself; infinity = not within the horizon.
  double duration_s = std::numeric_limits<double>::infinity();
  // True when duration_s is the class default (scenarios/outage_defaults.hpp), not given.
  bool default_duration = false;
  double detect_after_s = 0;  // corruption/deletion/ransomware: seconds until noticed
  // Its start was written (`--at`, `at:`); a scenario none of whose faults says when starts at
  // its worst phase instead (engine/core/phase.hpp).
  bool timed = false;
  std::string backup;     // kBadBackup: the backup id within the target's data set
  int unusable_runs = 1;  // kBadBackup: the newest runs that turn out unusable, 0 = every run
  SourceLoc loc;
};

struct Scenario {
  std::string id;  // "region:ap-southeast-2", or the name in a scenario file
  model::DisruptionClass cls = model::DisruptionClass::kRegion;  // class used for objectives
  std::vector<Fault> faults;  // at least one; faults[0].start_s is t0
  double horizon_s = 0;       // seconds after t0 the simulation looks
  std::uint64_t seed = 1;
  SourceLoc loc;

  double t0() const { return faults.empty() ? 0 : faults.front().start_s; }
  // True if no fault says when it starts: the engine moves the scenario to its worst phase.
  bool untimed() const {
    for (const auto& f : faults) {
      if (f.timed) return false;
    }
    return true;
  }
};

}  // namespace drsim::scenarios
