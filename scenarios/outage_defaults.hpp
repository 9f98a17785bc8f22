// How long a fault lasts when nobody says (docs/scenario-format.md "Default outage durations"):
// one duration per disruption class, used when neither --duration nor a scenario file's
// `duration` is given, and the per-fault outage record every scenario result carries so that a
// reader can see which duration a figure assumed and whether it was a default.
#pragma once

#include <optional>
#include <vector>

#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::scenarios {

// Seconds a fault of class `cls` lasts by default; nullopt = it does not end by itself within
// any horizon (a lost machine is replaced by a procedure, logical damage never heals).
// Values: hardware none, az 4 h, region 12 h, vendor 8 h, dependency 2 h, office 3 d; corruption,
// deletion, ransomware, bad backups and destroyed stores none.
std::optional<double> default_outage(model::DisruptionClass cls);

// How long a fault of class `cls` lasts in `m` when the scenario does not say: the median of the
// model's `outages:` entry for the class, else default_outage().
std::optional<double> outage_for(const model::Model& m, model::DisruptionClass cls);

// One outage record per fault of `s` that takes something out (bad-backup and destroy faults
// do not), in fault order: its id, class, duration (nullopt = does not end by itself) and
// whether the class's duration applied (the model's `outages:` or the default), not the
// scenario's own.
std::vector<FaultOutage> fault_outages(const Scenario& s);

}  // namespace drsim::scenarios
